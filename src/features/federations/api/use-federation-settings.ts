// A federation's own settings (domains, identity provider) for its page's header. The API reads
// them only through a connected org (GET …/orgs/{orgId}/federationSettings): any lookup the
// Federations page already made serves; otherwise one through the org it was found by, or the
// first connected org.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { federationQueries, type OrgFederation } from '@/api/queries/federations';
import type { FederationSettings } from '#contract/schemas';

export function useFederationSettings(
  federationId: string,
  viaOrgIds: readonly (string | null | undefined)[],
): FederationSettings | undefined {
  const client = useQueryClient();
  const cached = client
    .getQueriesData<OrgFederation>({ queryKey: [...federationQueries.all(), 'by-org'] })
    .map(([, data]) => data)
    .find((d) => d?.kind === 'federated' && d.settings.id === federationId);
  const via = viaOrgIds.find((id): id is string => !!id) ?? '';
  const looked = useQuery({
    ...federationQueries.byOrg(via),
    enabled: !cached && via !== '',
    meta: { silentErrors: true },
  });
  if (cached?.kind === 'federated') return cached.settings;
  const data = looked.data;
  return data?.kind === 'federated' && data.settings.id === federationId
    ? data.settings
    : undefined;
}
