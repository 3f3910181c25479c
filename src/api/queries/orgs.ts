// Ops Manager organizations: the whole list (every page of GET /orgs) and one org.
import { queryOptions } from '@tanstack/react-query';
import { callOperation } from '../client';
import { MAX_ITEMS_PER_PAGE } from '../route-table';
import type { Org, OrgPage } from '../schemas';

/** Pages fetched at once after the first (the first tells how many there are). */
const PAGE_CONCURRENCY = 4;
/** A totalCount beyond this many pages is not believed (a misbehaving upstream). */
const MAX_PAGES = 200;

/**
 * Every org, in the upstream's order. The first page says how many pages follow; those are fetched
 * a few at a time so 5,000 orgs take about three round trips instead of ten.
 */
export async function fetchAllOrgs(
  fetchPage: (pageNum: number, itemsPerPage: number) => Promise<OrgPage>,
  itemsPerPage = MAX_ITEMS_PER_PAGE,
): Promise<Org[]> {
  const first = await fetchPage(1, itemsPerPage);
  const pageCount = Math.min(MAX_PAGES, Math.ceil(first.totalCount / itemsPerPage));
  if (first.results.length === 0 || pageCount <= 1) return first.results;
  const rest: Org[][] = new Array<Org[]>(pageCount - 1);
  let next = 2;
  const worker = async () => {
    while (next <= pageCount) {
      const pageNum = next++;
      rest[pageNum - 2] = (await fetchPage(pageNum, itemsPerPage)).results;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PAGE_CONCURRENCY, pageCount - 1) }, worker));
  return [first.results, ...rest].flat();
}

export const orgQueries = {
  all: () => ['opsmanager', 'orgs'] as const,
  /** Every Ops Manager org, deleted ones left out. */
  list: () =>
    queryOptions({
      queryKey: [...orgQueries.all(), 'list'] as const,
      queryFn: async ({ signal }): Promise<Org[]> =>
        (
          await fetchAllOrgs((pageNum, itemsPerPage) =>
            callOperation('listOrgs', { query: { pageNum, itemsPerPage }, signal }),
          )
        ).filter((o) => !o.isDeleted),
      staleTime: 60_000,
    }),
  detail: (orgId: string) =>
    queryOptions({
      queryKey: [...orgQueries.all(), 'detail', orgId] as const,
      queryFn: ({ signal }) => callOperation('getOrg', { params: { orgId }, signal }),
      staleTime: 60_000,
    }),
};
