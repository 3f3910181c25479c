// "Check now": checks many orgs with a bounded number of requests in flight; a 429 pauses every
// worker until its Retry-After has passed, then the refused org is checked again.
import { isApiError } from '@/api/api-error';

export interface CheckAllProgress {
  done: number;
  failed: number;
  total: number;
}

export interface CheckAllOptions {
  concurrency: number;
  /** Checks one org; throws the ApiError when the check failed. */
  check: (orgId: string) => Promise<unknown>;
  signal: AbortSignal;
  onProgress: (p: CheckAllProgress) => void;
  /** Called with the time (ms) the pause ends, and with null when work resumes. */
  onPause: (until: number | null) => void;
  /** Seconds to pause on a 429 without Retry-After. */
  defaultRetryAfterS?: number;
  /** Times one org may be refused with 429 before it counts as failed. */
  maxRateLimitRetries?: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const id = setTimeout(done, ms);
    function done() {
      clearTimeout(id);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Resolves when every org was checked or the signal aborted. Never rejects for a failed check. */
export async function checkAll(
  orgIds: readonly string[],
  o: CheckAllOptions,
): Promise<CheckAllProgress> {
  const queue = [...orgIds];
  const refusals = new Map<string, number>();
  const progress: CheckAllProgress = { done: 0, failed: 0, total: orgIds.length };
  let pausedUntil = 0;

  const worker = async () => {
    while (!o.signal.aborted) {
      const wait = pausedUntil - Date.now();
      if (wait > 0) {
        await sleep(wait, o.signal);
        if (pausedUntil <= Date.now()) o.onPause(null);
        continue;
      }
      const orgId = queue.shift();
      if (orgId === undefined) return;
      try {
        await o.check(orgId);
      } catch (e) {
        if (isApiError(e) && e.status === 429) {
          const n = (refusals.get(orgId) ?? 0) + 1;
          refusals.set(orgId, n);
          if (n <= (o.maxRateLimitRetries ?? 5)) {
            const until = Date.now() + (e.retryAfter ?? o.defaultRetryAfterS ?? 5) * 1000;
            if (until > pausedUntil) {
              pausedUntil = until;
              o.onPause(until);
            }
            queue.unshift(orgId);
            continue;
          }
        }
        progress.failed++;
      }
      progress.done++;
      o.onProgress({ ...progress });
    }
  };

  await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  if (pausedUntil > Date.now()) o.onPause(null);
  return { ...progress };
}
