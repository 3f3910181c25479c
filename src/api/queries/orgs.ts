// Organizations on either upstream: the whole list (every page of GET /orgs, deleted orgs left out)
// and one org. Ops Manager's feed the Organizations board and org pages; MongoDB Cloud's the
// link-token picker and the federation pages (for names).
import { queryOptions } from '@tanstack/react-query';
import { callUpstreamOperation } from '../client';
import type { OperationId, Upstream } from '#contract/route-table';
import type { Org } from '#contract/schemas';
import { collectAllPages } from './all-pages';

/** The list and detail operations of each upstream's organizations. */
const ORG_OPERATIONS = {
  opsmanager: { list: 'listOrgs', detail: 'getOrg' },
  cloudmanager: { list: 'listCloudManagerOrgs', detail: 'getCloudManagerOrg' },
  cloud: { list: 'listCloudOrgs', detail: 'getCloudOrg' },
} as const satisfies Record<Upstream, { list: OperationId; detail: OperationId }>;

function orgQueriesOf(upstream: Upstream) {
  const queries = {
    all: () => [upstream, 'orgs'] as const,
    /** Every org the key can see, deleted ones left out. */
    list: () =>
      queryOptions({
        queryKey: [...queries.all(), 'list'] as const,
        queryFn: async ({ signal }): Promise<Org[]> =>
          (
            await collectAllPages((query) =>
              callUpstreamOperation(ORG_OPERATIONS[upstream].list, { query, signal }),
            )
          ).filter((o) => !o.isDeleted),
        staleTime: 60_000,
      }),
    detail: (orgId: string) =>
      queryOptions({
        queryKey: [...queries.all(), 'detail', orgId] as const,
        queryFn: ({ signal }): Promise<Org> =>
          callUpstreamOperation(ORG_OPERATIONS[upstream].detail, { params: { orgId }, signal }),
        staleTime: 60_000,
      }),
  };
  return queries;
}

/** `orgQueries.opsmanager.list()`, `orgQueries.cloud.detail(id)`, … */
export const orgQueries = {
  opsmanager: orgQueriesOf('opsmanager'),
  cloudmanager: orgQueriesOf('cloudmanager'),
  cloud: orgQueriesOf('cloud'),
} satisfies Record<Upstream, ReturnType<typeof orgQueriesOf>>;

/** "Name — id" for pickers; the ID alone when the name is unknown. */
export function orgLabel(org: Pick<Org, 'id' | 'name'>): string {
  return org.name ? `${org.name} — ${org.id}` : org.id;
}
