// The link-token ledger (every token generated through the console, without its value) and what
// the console knows of one source org's link, both from the proxy's database (/api/link-tokens).
// Read by the Link-tokens page, "Link an organization" and the org page's "Linked to".
import { queryOptions } from '@tanstack/react-query';
import { callProxyEndpoint } from '../client';
import { LINK_ENDPOINTS, linkTokenLedgerSchema, linkedToSchema } from '#contract/link-contract';
import type { SourceUpstream } from '#contract/route-table';

export const ledgerQueries = {
  all: () => ['link-tokens'] as const,
  /** One Atlas org's ledger, newest first. */
  ledger: (atlasOrgId: string) =>
    queryOptions({
      queryKey: [...ledgerQueries.all(), 'ledger', atlasOrgId] as const,
      queryFn: ({ signal }) =>
        callProxyEndpoint(
          `${LINK_ENDPOINTS.linkTokens}?${new URLSearchParams({ atlasOrgId })}`,
          linkTokenLedgerSchema,
          { signal },
        ),
      staleTime: 10_000,
    }),
  /** One source org's link as the console knows it (the org page's "Linked to"). */
  linkedTo: (source: SourceUpstream, orgId: string) =>
    queryOptions({
      queryKey: [...ledgerQueries.all(), 'linked-to', source, orgId] as const,
      queryFn: ({ signal }) =>
        callProxyEndpoint(
          `${LINK_ENDPOINTS.linkedTo}?${new URLSearchParams({ source, orgId })}`,
          linkedToSchema,
          { signal },
        ),
      staleTime: 10_000,
      // The fleet's status changes as the sweeper and viewers see it.
      refetchInterval: 30_000,
    }),
};
