// When a link has been NOT_SYNCED for longer than a link takes to sync (about a minute, FACTS.md),
// something stands in its way: the org page says what to check.
import type { LinkStatus } from '@/api/queries/link-status';
import type { OrgHistory } from '#contract/fleet-contract';

/**
 * "Not synced for a long time": a new link syncs within a minute or two; half an hour leaves room
 * for a slow first sync and a sweep interval or two of delay before the warning shows.
 */
export const LONG_NOT_SYNCED_MS = 30 * 60_000;

/**
 * Since when the link has been NOT_SYNCED (ms), when it is now: the server's record (it watched
 * longer than this page), or when this page saw it change. null when it is not NOT_SYNCED or
 * nobody knows since when.
 */
export function notSyncedSince(
  live: { status: LinkStatus; changedAt: number | null } | undefined,
  history: OrgHistory | undefined,
): number | null {
  const recorded = history?.org;
  const status = live?.status ?? recorded?.status ?? null;
  if (status !== 'NOT_SYNCED') return null;
  if (recorded?.status === 'NOT_SYNCED' && recorded.statusSince) {
    return Date.parse(recorded.statusSince);
  }
  return live?.changedAt ?? null;
}

export function isLongNotSynced(since: number | null, now: number): boolean {
  return since !== null && now - since >= LONG_NOT_SYNCED_MS;
}
