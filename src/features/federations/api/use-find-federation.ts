import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isUpstreamNone } from '@/api/api-error';
import { federationQueries, type OrgFederation } from '@/api/queries/federations';
import { orgQueries } from '@/api/queries/orgs';
import type { FederationSettings, Org } from '#contract/schemas';

/** What Find federation found for an org ID. */
export type FindResult =
  | { kind: 'federated'; settings: FederationSettings }
  /** The org exists and belongs to no federation. */
  | { kind: 'none'; org: Org }
  /** MongoDB Cloud has no such org (or the key cannot see it). */
  | { kind: 'no-org'; detail: string };

/**
 * Looks up an org's federation on demand (the Find federation form), through the shared cache. The
 * API answers 404 both when the org has no federation and when there is no such org; a read of the
 * org tells the two apart.
 */
export function useFindFederation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (orgId: string): Promise<FindResult> => {
      const found: OrgFederation = await client.fetchQuery(federationQueries.byOrg(orgId));
      if (found.kind === 'federated') return found;
      try {
        return { kind: 'none', org: await client.fetchQuery(orgQueries.cloud.detail(orgId)) };
      } catch (e) {
        if (isUpstreamNone(e)) return { kind: 'no-org', detail: e.detail };
        throw e;
      }
    },
  });
}
