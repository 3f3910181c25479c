// MongoDB Cloud (Atlas) organizations the proxy's key can see. Used by the link-token picker and the
// federation pages for org names.
import { queryOptions } from '@tanstack/react-query';
import { callOperation } from '../client';
import type { Org } from '#contract/schemas';
import { collectAllPages } from './all-pages';

export const cloudOrgQueries = {
  all: () => ['cloud', 'orgs'] as const,
  /** Every page of GET /orgs on MongoDB Cloud, deleted orgs left out. */
  list: () =>
    queryOptions({
      queryKey: [...cloudOrgQueries.all(), 'list'] as const,
      queryFn: async ({ signal }): Promise<Org[]> =>
        (
          await collectAllPages((query) => callOperation('listCloudOrgs', { query, signal }))
        ).filter((o) => !o.isDeleted),
      staleTime: 60_000,
    }),
  detail: (orgId: string) =>
    queryOptions({
      queryKey: [...cloudOrgQueries.all(), 'detail', orgId] as const,
      queryFn: ({ signal }) => callOperation('getCloudOrg', { params: { orgId }, signal }),
      staleTime: 60_000,
    }),
};

/** "Name — id" for pickers; the ID alone when the name is unknown. */
export function cloudOrgLabel(org: Pick<Org, 'id' | 'name'>): string {
  return org.name ? `${org.name} — ${org.id}` : org.id;
}
