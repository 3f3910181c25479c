// Where the sweeper gets its orgs and their link statuses: a FleetSource per source upstream
// (Ops Manager now; Cloud Manager plugs in the same way). Tests pass fakes.
import type { CheckError, FleetStatus } from '#contract/fleet-contract';
import type { Upstream } from '#contract/route-table';
import type { SourceOrg } from '../store/fleet';

/** What an answer said about the upstream's rate limit. */
export interface RateHints {
  /** Retry-After, in ms. */
  retryAfterMs: number | null;
  /** RateLimit-Remaining: calls left in the current window. */
  remaining: number | null;
  /** RateLimit-Limit: calls per window. */
  limit: number | null;
  /** RateLimit-Reset: ms until the window resets. */
  resetMs: number | null;
}

export const NO_HINTS: RateHints = {
  retryAfterMs: null,
  remaining: null,
  limit: null,
  resetMs: null,
};

export type SourceAnswer<T> =
  | { kind: 'ok'; value: T; rate: RateHints }
  /** 429: wait (Retry-After) and ask again. */
  | { kind: 'rate-limited'; error: CheckError; rate: RateHints }
  | { kind: 'failed'; error: CheckError; rate: RateHints };

export interface OrgPage {
  orgs: SourceOrg[];
  totalCount: number;
}

export interface FleetSource {
  /** The route table's upstream the orgs belong to. */
  readonly upstream: Upstream;
  /** Orgs per page `listOrgs` asks for. */
  readonly pageSize: number;
  /** One page (from 1) of the source's organizations, deleted ones left out. */
  listOrgs(pageNum: number): Promise<SourceAnswer<OrgPage>>;
  /** One org's link status; NOT_LINKED when the upstream says it has no link (404). */
  readLinkStatus(orgId: string): Promise<SourceAnswer<FleetStatus>>;
}

function number(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value.trim());
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * Reads Retry-After (seconds or an HTTP date) and the RateLimit-* headers (also X-RateLimit-*).
 * A reset above 10^9 is an epoch time in seconds (some servers send that), else seconds from now.
 */
export function parseRateHints(headers: Record<string, string>, now: number): RateHints {
  const h = (name: string) => headers[name] ?? headers[`x-${name}`];
  let retryAfterMs: number | null = null;
  const retry = headers['retry-after'];
  if (retry !== undefined) {
    const seconds = number(retry);
    if (seconds !== null) retryAfterMs = seconds * 1000;
    else {
      const date = Date.parse(retry);
      if (Number.isFinite(date)) retryAfterMs = Math.max(0, date - now);
    }
  }
  const reset = number(h('ratelimit-reset'));
  return {
    retryAfterMs,
    remaining: number(h('ratelimit-remaining')),
    limit: number(h('ratelimit-limit')),
    resetMs: reset === null ? null : reset > 1e9 ? Math.max(0, reset * 1000 - now) : reset * 1000,
  };
}
