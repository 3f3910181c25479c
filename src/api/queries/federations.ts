// Federations on MongoDB Cloud: which federation an org belongs to, and a federation's connected orgs.
import { queryOptions } from '@tanstack/react-query';
import { isApiError } from '../api-error';
import { callOperation } from '../client';
import type { ConnectedOrgConfig, FederationSettings } from '#contract/schemas';
import { collectAllPages } from './all-pages';

/** An org's federation, or why it has none (the upstream's 404 detail). */
export type OrgFederation =
  { kind: 'federated'; settings: FederationSettings } | { kind: 'none'; detail: string };

/**
 * The federations page asks once per visible org; this keeps a key with many orgs from firing
 * hundreds of upstream calls at once (and from tripping its rate limit).
 */
export function createLimiter(max: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function limit<T>(task: () => Promise<T>): Promise<T> {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

const limitFederationLookups = createLimiter(6);

async function fetchOrgFederation(orgId: string, signal: AbortSignal): Promise<OrgFederation> {
  try {
    const settings = await limitFederationLookups(() =>
      callOperation('getOrgFederation', { params: { orgId }, signal }),
    );
    return { kind: 'federated', settings };
  } catch (e) {
    // No federation is a 404; its errorCode is not documented, so only the status counts.
    if (isApiError(e) && e.source === 'upstream' && e.status === 404) {
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
          callOperation('listConnectedOrgs', { params: { federationId }, query, signal }),
        ),
    }),
};
