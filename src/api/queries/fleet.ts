// The fleet as the dashboard server's database knows it (#contract/fleet-contract): every source
// org's link status (`/api/fleet`), the sweeper's progress (`/api/fleet/sweep`) and one org's
// status changes (`…/history`). Answered from the database, never an upstream call.
import { queryOptions } from '@tanstack/react-query';
import { callProxyEndpoint } from '../client';
import {
  FLEET_ENDPOINTS,
  fleetSchema,
  orgHistorySchema,
  sweepProgressSchema,
  type SweepProgress,
} from '#contract/fleet-contract';
import type { SourceUpstream } from '#contract/route-table';

/** How often the sweep's progress is read while a sweep is queued or running. */
export const SWEEP_PROGRESS_POLL_MS = 1_000;
/** …and while idle: to notice that a scheduled sweep ran (then the fleet is read again). */
export const SWEEP_IDLE_POLL_MS = 30_000;
/** How often an open org page reads its history again (a change seen elsewhere shows up). */
export const HISTORY_POLL_MS = 30_000;

export function sweepActive(p: SweepProgress | undefined): boolean {
  return p !== undefined && p.state !== 'idle';
}

export const fleetQueries = {
  all: () => ['fleet'] as const,
  /** Every source org with its status. The board's one source of truth, complete at first paint. */
  fleet: () =>
    queryOptions({
      queryKey: [...fleetQueries.all(), 'orgs'] as const,
      queryFn: ({ signal }) => callProxyEndpoint(FLEET_ENDPOINTS.fleet, fleetSchema, { signal }),
      // Read again when a sweep finishes (the board watches the progress), or on focus after this.
      staleTime: 30_000,
    }),
  /**
   * Where the sweeper is: the server's state, so it survives leaving the page and coming back.
   * When a sweep has finished since the fleet was read, the fleet is read again.
   */
  sweep: () =>
    queryOptions({
      queryKey: [...fleetQueries.all(), 'sweep'] as const,
      queryFn: async ({ signal, client }) => {
        const progress = await callProxyEndpoint(FLEET_ENDPOINTS.sweep, sweepProgressSchema, {
          signal,
        });
        const fleetKey = fleetQueries.fleet().queryKey;
        const fleet = client.getQueryData(fleetKey);
        if (fleet && (progress.last?.id ?? null) !== (fleet.sweep.last?.id ?? null)) {
          void client.invalidateQueries(
            { queryKey: fleetKey, exact: true },
            { cancelRefetch: false },
          );
        }
        return progress;
      },
      refetchInterval: (q) =>
        sweepActive(q.state.data) ? SWEEP_PROGRESS_POLL_MS : SWEEP_IDLE_POLL_MS,
      staleTime: 5_000,
      // Shown in the panel itself; a notification per failed poll would be noise.
      meta: { silentErrors: true },
    }),
  history: (source: SourceUpstream, orgId: string) =>
    queryOptions({
      queryKey: [...fleetQueries.all(), 'history', source, orgId] as const,
      queryFn: ({ signal }) =>
        callProxyEndpoint(FLEET_ENDPOINTS.history(source, orgId), orgHistorySchema, { signal }),
      refetchInterval: HISTORY_POLL_MS,
      staleTime: 5_000,
    }),
};
