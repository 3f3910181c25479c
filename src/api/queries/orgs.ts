// Ops Manager organizations: the whole list (every page of GET /orgs) and one org.
import { queryOptions } from '@tanstack/react-query';
import { callOperation } from '../client';
import type { Org } from '#contract/schemas';
import { collectAllPages } from './all-pages';

export const orgQueries = {
  all: () => ['opsmanager', 'orgs'] as const,
  /** Every Ops Manager org, deleted ones left out. */
  list: () =>
    queryOptions({
      queryKey: [...orgQueries.all(), 'list'] as const,
      queryFn: async ({ signal }): Promise<Org[]> =>
        (await collectAllPages((query) => callOperation('listOrgs', { query, signal }))).filter(
          (o) => !o.isDeleted,
        ),
      staleTime: 60_000,
    }),
  detail: (orgId: string) =>
    queryOptions({
      queryKey: [...orgQueries.all(), 'detail', orgId] as const,
      queryFn: ({ signal }) => callOperation('getOrg', { params: { orgId }, signal }),
      staleTime: 60_000,
    }),
};
