// A source org's link status as "Link an organization" reads it: once when the org is chosen (is
// it linked already?), then every few seconds after Generate and connect until it reads SYNCED.
import { queryOptions } from '@tanstack/react-query';
import { isUpstreamNone } from '@/api/api-error';
import { callUpstreamOperation } from '@/api/client';
import type { LinkStatus } from '@/api/queries/link-status';
import { SOURCE_OPS, type SourceUpstream } from '#contract/route-table';

async function fetchStatus(
  source: SourceUpstream,
  orgId: string,
  signal: AbortSignal,
): Promise<LinkStatus> {
  try {
    const r = await callUpstreamOperation(SOURCE_OPS[source].status, {
      params: { orgId },
      signal,
    });
    return (r as { status: LinkStatus }).status;
  } catch (e) {
    // The upstream's 404: no link (a 404 of the proxy itself stays an error).
    if (isUpstreamNone(e)) return 'NOT_LINKED';
    throw e;
  }
}

export const linkWatchQueries = {
  all: () => ['link-flow', 'status'] as const,
  key: (source: SourceUpstream, orgId: string) =>
    [...linkWatchQueries.all(), source, orgId] as const,
  /** `watchEveryMs`: poll until SYNCED (after linking); null: read once. */
  status: (source: SourceUpstream, orgId: string, watchEveryMs: number | null) =>
    queryOptions({
      queryKey: linkWatchQueries.key(source, orgId),
      queryFn: ({ signal }) => fetchStatus(source, orgId, signal),
      refetchInterval: (q) =>
        watchEveryMs === null || q.state.data === 'SYNCED' ? false : watchEveryMs,
      refetchIntervalInBackground: false,
      retry: false,
      staleTime: 5_000,
      meta: { silentErrors: true },
    }),
};
