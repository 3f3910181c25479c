// Link status of a source org (GET …/liveExport/migrationLink/status on Ops Manager or Cloud
// Manager: SOURCE_OPS[source].status), polled live. One query key per org: the board's rows and the
// org page share it, so however many components show an org, it costs one request per interval.
import {
  queryOptions,
  useQuery,
  type Query,
  type QueryClient,
  type QueryFunctionContext,
} from '@tanstack/react-query';
import { isApiError, isUpstreamNone } from '../api-error';
import { callUpstreamOperation } from '../client';
import { configQueries } from './config';
import { DEFAULT_POLL_INTERVALS_MS, type PollIntervals } from '#contract/proxy-contract';
import { SOURCE_OPS, isSourceUpstream, type SourceUpstream } from '#contract/route-table';
import type { LinkSyncStatus } from '#contract/schemas';

/** An org's link as the upstream reports it: its sync status, or NOT_LINKED (the upstream's 404). */
export type LinkStatus = LinkSyncStatus | 'NOT_LINKED';

/** What this browser has seen of an org's link: its status, and when and from what it last changed. */
export interface LinkObservation {
  status: LinkStatus;
  /** When this browser saw the status change (ms since epoch); null before any change was seen. */
  changedAt: number | null;
  /** The status before the last change seen. */
  previous: LinkStatus | null;
}

/** What a link-status badge shows: a LinkStatus, or that the last check failed, or none was made. */
export type LinkBadgeStatus = LinkStatus | 'ERROR' | 'UNCHECKED';

export const LINK_BADGE_LABELS: Record<LinkBadgeStatus, string> = {
  SYNCED: 'Synced',
  NOT_SYNCED: 'Not synced',
  NOT_LINKED: 'Not linked',
  ERROR: 'Check failed',
  UNCHECKED: 'Not checked',
};

/**
 * The SPA's own polling rules, beside the two intervals the proxy configures (PollIntervals: `fast`
 * while NOT_SYNCED or just after a change, `slow` once SYNCED or NOT_LINKED).
 */
export const LINK_POLL_RULES = Object.freeze({
  /** How long after a change the fast interval still applies. */
  recentChangeMs: 30_000,
  /** First delay after an error; doubles with each further error. */
  errorBaseMs: 5_000,
  maxBackoffMs: 120_000,
});

/**
 * The intervals the proxy is configured with (POLL_FAST_MS / POLL_SLOW_MS, from /api/config); the
 * shared defaults until it has answered.
 */
export function useLinkPollIntervals(): PollIntervals {
  const { data } = useQuery(configQueries.config());
  return data?.pollIntervalsMs ?? DEFAULT_POLL_INTERVALS_MS;
}

/** The observation after a check answered `status`; keeps the previous object when nothing changed. */
export function nextLinkObservation(
  prev: LinkObservation | undefined,
  status: LinkStatus,
  now = Date.now(),
): LinkObservation {
  if (!prev) return { status, changedAt: null, previous: null };
  if (prev.status === status) return prev;
  return { status, changedAt: now, previous: prev.status };
}

async function fetchLinkObservation(
  source: SourceUpstream,
  orgId: string,
  { client, queryKey, signal }: QueryFunctionContext,
): Promise<LinkObservation> {
  let status: LinkStatus;
  try {
    const op = SOURCE_OPS[source].status;
    status = (await callUpstreamOperation(op, { params: { orgId }, signal })).status;
  } catch (e) {
    // The upstream's 404: the org has no link. A 404 from the proxy itself stays an error.
    if (isUpstreamNone(e)) status = 'NOT_LINKED';
    else throw e;
  }
  return nextLinkObservation(client.getQueryData<LinkObservation>(queryKey), status);
}

export interface PollInput {
  status: LinkStatus | undefined;
  changedAt: number | null | undefined;
  /** The last check's error, when it failed. */
  error: unknown;
  /** Failed checks in a row (0 when the last one succeeded). */
  consecutiveErrors: number;
  now: number;
}

/** Milliseconds until the next check. Pure, so the policy is easy to test. */
export function linkPollDelay(input: PollInput, intervals: PollIntervals): number {
  if (input.error && input.consecutiveErrors > 0) {
    if (isApiError(input.error) && input.error.retryAfter !== undefined) {
      return Math.max(1_000, input.error.retryAfter * 1_000);
    }
    const backoff = LINK_POLL_RULES.errorBaseMs * 2 ** (input.consecutiveErrors - 1);
    return Math.min(LINK_POLL_RULES.maxBackoffMs, backoff);
  }
  if (input.status === undefined || input.status === 'NOT_SYNCED') return intervals.fast;
  if (input.changedAt != null && input.now - input.changedAt < LINK_POLL_RULES.recentChangeMs) {
    return intervals.fast;
  }
  return intervals.slow;
}

type LinkQuery = Query<LinkObservation, Error, LinkObservation, readonly unknown[]>;

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
export function linkPollDelayOf(
  query: LinkQuery,
  intervals: PollIntervals,
  now = Date.now(),
): number {
  return linkPollDelay(
    {
      status: query.state.data?.status,
      changedAt: query.state.data?.changedAt,
      error: query.state.status === 'error' ? query.state.error : null,
      consecutiveErrors: consecutiveErrors(query),
      now,
    },
    intervals,
  );
}

/** Shortest timer; a check overdue (e.g. after a hidden tab) runs within this. */
const MIN_TIMER_MS = 1_000;

interface PollTimers {
  refetchInterval: (query: LinkQuery) => number;
  staleTime: (query: LinkQuery) => number;
  notDuringBackoff: (query: LinkQuery) => boolean;
}

// One set of functions per intervals object (the config's, or the defaults), so the options keep
// their identity from render to render.
const timersByIntervals = new WeakMap<PollIntervals, PollTimers>();

function pollTimers(intervals: PollIntervals): PollTimers {
  let timers = timersByIntervals.get(intervals);
  if (timers) return timers;
  timers = {
    /**
     * The observer's timer: what is left of the delay since the last answer. react-query restarts
     * every observer's timer whenever the query updates, so all components showing an org fire
     * together and share one request.
     */
    refetchInterval: (query) => {
      const now = Date.now();
      const delay = linkPollDelayOf(query, intervals, now);
      const last = Math.max(query.state.dataUpdatedAt, query.state.errorUpdatedAt);
      if (!last) return delay;
      return Math.max(MIN_TIMER_MS, Math.min(delay, last + delay - now));
    },
    // Fresh until the next check is due, so a row scrolled back into view does not ask again.
    staleTime: (query) => linkPollDelayOf(query, intervals),
    /** Focus and remount refetches wait out an error's back-off (and a 429's Retry-After) too. */
    notDuringBackoff: (query) => {
      if (query.state.status !== 'error') return true;
      return Date.now() >= query.state.errorUpdatedAt + linkPollDelayOf(query, intervals);
    },
  };
  timersByIntervals.set(intervals, timers);
  return timers;
}

export const linkStatusQueries = {
  all: (source: SourceUpstream) => [source, 'link-status'] as const,
  /** The key of one org's status, for reading or writing the cache without polling it. */
  key: (source: SourceUpstream, orgId: string) =>
    [...linkStatusQueries.all(source), orgId] as const,
  /** One org's status, polled at `intervals` (useLinkPollIntervals: what the proxy configured). */
  status: (source: SourceUpstream, orgId: string, intervals: PollIntervals) => {
    const timers = pollTimers(intervals);
    return queryOptions({
      queryKey: linkStatusQueries.key(source, orgId),
      queryFn: (ctx) => fetchLinkObservation(source, orgId, ctx),
      refetchInterval: timers.refetchInterval,
      // No polling in a hidden tab.
      refetchIntervalInBackground: false,
      refetchOnWindowFocus: timers.notDuringBackoff,
      refetchOnMount: timers.notDuringBackoff,
      // The interval backs off instead of react-query retrying at once.
      retry: false,
      staleTime: timers.staleTime,
      // Errors show beside the status; a notification per failed poll would be noise.
      meta: { silentErrors: true },
    });
  },
};

/** The shared query of an org's link status, if the cache has it. */
export function findLinkStatusQuery(
  client: QueryClient,
  source: SourceUpstream,
  orgId: string,
): LinkQuery | undefined {
  return client.getQueryCache().find<LinkObservation, Error>({
    queryKey: linkStatusQueries.key(source, orgId),
    exact: true,
  }) as LinkQuery | undefined;
}

/** The source and org ID of a link-status query key, or null for any other key. */
export function orgOfLinkStatusKey(
  key: readonly unknown[],
): { source: SourceUpstream; orgId: string } | null {
  const [source, kind, orgId] = key;
  return typeof source === 'string' &&
    isSourceUpstream(source) &&
    kind === 'link-status' &&
    typeof orgId === 'string' &&
    key.length === 3
    ? { source, orgId }
    : null;
}

/** What a row or badge shows for a query's state. */
export function linkBadgeStatus(state: {
  status: 'pending' | 'error' | 'success';
  data: LinkObservation | undefined;
}): LinkBadgeStatus {
  if (state.status === 'error') return 'ERROR';
  return state.data?.status ?? 'UNCHECKED';
}
