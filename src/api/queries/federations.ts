// Federations on MongoDB Cloud: which federation an org belongs to, a federation's connected orgs
// and its identity providers.
import { queryOptions } from '@tanstack/react-query';
import pLimit from 'p-limit';
import { isUpstreamNone } from '../api-error';
import { callUpstreamOperation } from '../client';
import type { ConnectedOrgConfig, FederationSettings, IdentityProvider } from '#contract/schemas';
import { collectAllPages } from './all-pages';

/** An org's federation, or why it has none (the upstream's 404 detail). */
export type OrgFederation =
  { kind: 'federated'; settings: FederationSettings } | { kind: 'none'; detail: string };

/** Federation lookups in flight at most, across the whole app. */
export const FEDERATION_LOOKUP_CONCURRENCY = 6;

/**
 * The federations page asks once per visible org (and once per federation it finds, for its
 * identity providers); this keeps a key with many orgs from firing hundreds of upstream calls at
 * once (and from tripping its rate limit).
 */
const limitFederationLookups = pLimit(FEDERATION_LOOKUP_CONCURRENCY);

async function fetchOrgFederation(orgId: string, signal: AbortSignal): Promise<OrgFederation> {
  try {
    const settings = await limitFederationLookups(() =>
      callUpstreamOperation('getOrgFederation', { params: { orgId }, signal }),
    );
    return { kind: 'federated', settings };
  } catch (e) {
    // The upstream's 404: the org is in no federation.
    if (isUpstreamNone(e)) {
      return { kind: 'none', detail: e.detail };
    }
    throw e;
  }
}

export const federationQueries = {
  all: () => ['cloud', 'federations'] as const,
  byOrg: (orgId: string) =>
    queryOptions({
      queryKey: [...federationQueries.all(), 'by-org', orgId] as const,
      queryFn: ({ signal }) => fetchOrgFederation(orgId, signal),
      staleTime: 60_000,
    }),
  connectedOrgs: (federationId: string) =>
    queryOptions({
      queryKey: [...federationQueries.all(), 'connected-orgs', federationId] as const,
      queryFn: ({ signal }): Promise<ConnectedOrgConfig[]> =>
        collectAllPages((query) =>
          callUpstreamOperation('listConnectedOrgs', { params: { federationId }, query, signal }),
        ),
    }),
  /** Keyed by federation: the list page asks once per federation, however many orgs it has. */
  identityProviders: (federationId: string) =>
    queryOptions({
      queryKey: [...federationQueries.all(), 'identity-providers', federationId] as const,
      queryFn: ({ signal }): Promise<IdentityProvider[]> =>
        collectAllPages((query) =>
          limitFederationLookups(() =>
            callUpstreamOperation('listIdentityProviders', {
              params: { federationId },
              query,
              signal,
            }),
          ),
        ),
      staleTime: 60_000,
    }),
};
