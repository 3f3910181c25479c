// Link status of an Ops Manager org (GET …/liveExport/migrationLink/status), polled live. One query
// key per org: the board's rows, the org page and "Check now" all share it, so however many
// components show an org, it costs one request per interval.
import {
  queryOptions,
  type Query,
  type QueryClient,
  type QueryFunctionContext,
} from '@tanstack/react-query';
import { isApiError } from '../api-error';
import { callOperation } from '../client';
import type { LinkStatus } from '#contract/schemas';

/** What the UI shows: the upstream's two states, plus "no link" (the upstream's 404). */
export type LinkStateValue = LinkStatus | 'NOT_LINKED';

export interface LinkState {
  status: LinkStateValue;
  /** When this browser saw the status change (ms since epoch); null before any change was seen. */
  changedAt: number | null;
  /** The status before the last change seen. */
  previous: LinkStateValue | null;
}

/** A row's or badge's state: a status, or that the last check failed, or that none was made yet. */
export type LinkCategory = LinkStateValue | 'ERROR' | 'UNCHECKED';

export const LINK_CATEGORY_LABELS: Record<LinkCategory, string> = {
  SYNCED: 'Synced',
  NOT_SYNCED: 'Not synced',
  NOT_LINKED: 'Not linked',
  ERROR: 'Check failed',
  UNCHECKED: 'Not checked',
};

export interface LinkPollIntervals {
  /** While NOT_SYNCED or just after a change. */
  fastMs: number;
  /** Once SYNCED or NOT_LINKED. */
  slowMs: number;
  /** How long after a change the fast interval still applies. */
  recentChangeMs: number;
  /** First delay after an error; doubles with each further error. */
  errorBaseMs: number;
  maxBackoffMs: number;
}

export const LINK_POLL: Readonly<LinkPollIntervals> = Object.freeze({
  fastMs: 3_000,
  slowMs: 30_000,
  recentChangeMs: 30_000,
  errorBaseMs: 5_000,
  maxBackoffMs: 120_000,
});

/** The state after a check answered `status`; keeps the previous object when nothing changed. */
export function nextLinkState(
  prev: LinkState | undefined,
  status: LinkStateValue,
  now = Date.now(),
): LinkState {
  if (!prev) return { status, changedAt: null, previous: null };
  if (prev.status === status) return prev;
  return { status, changedAt: now, previous: prev.status };
}

async function fetchLinkState(
  orgId: string,
  { client, queryKey, signal }: QueryFunctionContext,
): Promise<LinkState> {
  let status: LinkStateValue;
  try {
    status = (await callOperation('getLinkStatus', { params: { orgId }, signal })).status;
  } catch (e) {
    // An org without a link answers 404 (FACTS.md; its errorCode is not documented, so only the
    // status counts). A 404 from the proxy itself is a refused request, not "no link".
    if (isApiError(e) && e.source === 'upstream' && e.status === 404) status = 'NOT_LINKED';
    else throw e;
  }
  return nextLinkState(client.getQueryData<LinkState>(queryKey), status);
}

export interface PollInput {
  status: LinkStateValue | undefined;
  changedAt: number | null | undefined;
  /** The last check's error, when it failed. */
  error: unknown;
  /** Failed checks in a row (0 when the last one succeeded). */
  consecutiveErrors: number;
  now: number;
}

/** Milliseconds until the next check. Pure, so the policy is easy to test. */
export function linkPollDelay(input: PollInput, intervals: LinkPollIntervals = LINK_POLL): number {
  if (input.error && input.consecutiveErrors > 0) {
    if (isApiError(input.error) && input.error.retryAfter !== undefined) {
      return Math.max(1_000, input.error.retryAfter * 1_000);
    }
    const backoff = intervals.errorBaseMs * 2 ** (input.consecutiveErrors - 1);
    return Math.min(intervals.maxBackoffMs, backoff);
  }
  if (input.status === undefined || input.status === 'NOT_SYNCED') return intervals.fastMs;
  if (input.changedAt != null && input.now - input.changedAt < intervals.recentChangeMs) {
    return intervals.fastMs;
  }
  return intervals.slowMs;
}

type LinkQuery = Query<LinkState, Error, LinkState, readonly unknown[]>;

// react-query resets its failure count at every fetch; errors in a row are counted here instead:
// errorUpdateCount minus its value when data last arrived.
const errorsAtLastData = new WeakMap<object, { dataUpdatedAt: number; errorCount: number }>();

export function consecutiveErrors(query: LinkQuery): number {
  const { state } = query;
  if (state.status !== 'error') return 0;
  const mark = errorsAtLastData.get(query);
  if (!mark || mark.dataUpdatedAt !== state.dataUpdatedAt) {
    // Data arrived since the last look (or this is the first look): count from there.
    const errorCount =
      state.errorUpdatedAt > state.dataUpdatedAt
        ? state.errorUpdateCount - 1
        : state.errorUpdateCount;
    errorsAtLastData.set(query, { dataUpdatedAt: state.dataUpdatedAt, errorCount });
    return state.errorUpdateCount - errorCount;
  }
  return Math.max(1, state.errorUpdateCount - mark.errorCount);
}

/** The polling policy's delay for this query's current state (ms). */
export function linkPollDelayOf(query: LinkQuery, now = Date.now()): number {
  return linkPollDelay({
    status: query.state.data?.status,
    changedAt: query.state.data?.changedAt,
    error: query.state.status === 'error' ? query.state.error : null,
    consecutiveErrors: consecutiveErrors(query),
    now,
  });
}

/** Shortest timer; a check overdue (e.g. after a hidden tab) runs within this. */
const MIN_TIMER_MS = 1_000;

/**
 * The observer's timer: what is left of the delay since the last answer. react-query restarts
 * every observer's timer whenever the query updates, so all components showing an org fire
 * together and share one request.
 */
function refetchInterval(query: LinkQuery): number {
  const now = Date.now();
  const delay = linkPollDelayOf(query, now);
  const last = Math.max(query.state.dataUpdatedAt, query.state.errorUpdatedAt);
  if (!last) return delay;
  return Math.max(MIN_TIMER_MS, Math.min(delay, last + delay - now));
}

/** When a 429's Retry-After has not yet passed, the time it does (ms); else null. */
export function rateLimitedUntil(state: {
  status: string;
  error: unknown;
  errorUpdatedAt: number;
}): number | null {
  if (state.status !== 'error' || !isApiError(state.error) || state.error.status !== 429) {
    return null;
  }
  const until = state.errorUpdatedAt + (state.error.retryAfter ?? 0) * 1_000;
  return until > Date.now() ? until : null;
}

/** Focus and remount refetches wait out an error's back-off (and a 429's Retry-After) too. */
function notDuringBackoff(query: LinkQuery): boolean {
  if (query.state.status !== 'error') return true;
  return Date.now() >= query.state.errorUpdatedAt + linkPollDelayOf(query);
}

export const linkStatusQueries = {
  all: () => ['opsmanager', 'link-status'] as const,
  status: (orgId: string) =>
    queryOptions({
      queryKey: [...linkStatusQueries.all(), orgId] as const,
      queryFn: (ctx) => fetchLinkState(orgId, ctx),
      refetchInterval,
      // No polling in a hidden tab.
      refetchIntervalInBackground: false,
      refetchOnWindowFocus: notDuringBackoff,
      refetchOnMount: notDuringBackoff,
      // The interval backs off instead of react-query retrying at once.
      retry: false,
      // Fresh until the next check is due, so a row scrolled back into view does not ask again.
      staleTime: (query) => linkPollDelayOf(query),
      // Errors show beside the status; a notification per failed poll would be noise.
      meta: { silentErrors: true },
    }),
};

/** The shared query of an org's link status, if the cache has it. */
export function findLinkStatusQuery(client: QueryClient, orgId: string): LinkQuery | undefined {
  return client
    .getQueryCache()
    .find<LinkState, Error>({ queryKey: linkStatusQueries.status(orgId).queryKey, exact: true }) as
    LinkQuery | undefined;
}

/** The org ID of a link-status query key, or null for any other key. */
export function orgIdOfLinkStatusKey(key: readonly unknown[]): string | null {
  const [a, b, id] = key;
  const [x, y] = linkStatusQueries.all();
  return a === x && b === y && typeof id === 'string' && key.length === 3 ? id : null;
}

/** What a row or badge shows for a query's state. */
export function linkCategory(state: {
  status: 'pending' | 'error' | 'success';
  data: LinkState | undefined;
}): LinkCategory {
  if (state.status === 'error') return 'ERROR';
  return state.data?.status ?? 'UNCHECKED';
}
