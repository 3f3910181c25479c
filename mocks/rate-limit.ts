// The simulated upstream's rate limit: a fixed one-minute window per API key. With
// SIM_RATE_LIMIT_PER_MIN (store config `rateLimitPerMin`) set, every upstream enforces it: answers
// carry RateLimit-Limit/RateLimit-Remaining and a call over the limit gets 429 RATE_LIMITED with
// Retry-After. Unset, MongoDB Cloud answers (Atlas and Cloud Manager) still carry the headers with
// the recorded limit of 500 (FACTS.md: every Atlas answer has them), without refusing anything.
import type { Upstream } from '#contract/route-table';
import { storeNow } from './db/clock';
import { getStoreConfig } from './db/config';

/** FACTS.md: recorded RateLimit-Limit of Atlas answers. */
export const RECORDED_ATLAS_LIMIT = 500;
export const RATE_WINDOW_MS = 60_000;

interface Window {
  start: number;
  count: number;
}

let windows = new Map<string, Window>();

export interface RateDecision {
  headers: Record<string, string>;
  /** Set when the call is refused: whole seconds until the window ends. */
  retryAfterS: number | null;
}

/** The policy for one upstream: null = no rate-limit headers at all (Ops Manager, limit unset). */
export function ratePolicy(upstream: Upstream): { limit: number; enforce: boolean } | null {
  const perMin = getStoreConfig().rateLimitPerMin;
  if (perMin !== null) return { limit: perMin, enforce: true };
  return upstream === 'opsmanager' ? null : { limit: RECORDED_ATLAS_LIMIT, enforce: false };
}

/** Counts one call by `key` (refused calls are not counted) and says what to answer. */
export function takeRateSlot(
  key: string,
  policy: { limit: number; enforce: boolean },
  now = storeNow(),
): RateDecision {
  let w = windows.get(key);
  if (!w || now - w.start >= RATE_WINDOW_MS) {
    w = { start: now, count: 0 };
    windows.set(key, w);
  }
  const headers = (remaining: number) => ({
    'RateLimit-Limit': String(policy.limit),
    'RateLimit-Remaining': String(Math.max(0, remaining)),
  });
  if (policy.enforce && w.count >= policy.limit) {
    const retryAfterS = Math.max(1, Math.ceil((w.start + RATE_WINDOW_MS - now) / 1000));
    return { headers: { ...headers(0), 'Retry-After': String(retryAfterS) }, retryAfterS };
  }
  w.count += 1;
  return { headers: headers(policy.limit - w.count), retryAfterS: null };
}

export function resetRateLimits(): void {
  windows = new Map();
}
