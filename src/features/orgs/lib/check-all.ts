// "Check now": checks many orgs with a bounded number of requests in flight (p-limit); a 429 pauses
// every check until its Retry-After has passed, then the refused org is checked again.
import pLimit from 'p-limit';
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

/** Resolves after `ms`, or at once when the signal aborts. */
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
  const progress: CheckAllProgress = { done: 0, failed: 0, total: orgIds.length };
  const limit = pLimit(Math.max(1, o.concurrency));
  let pausedUntil = 0;

  /** Waits while a 429 pause lasts (it may be extended meanwhile); says when work resumes. */
  const waitOutPause = async () => {
    let waited = false;
    for (let wait = pausedUntil - Date.now(); wait > 0; wait = pausedUntil - Date.now()) {
      if (o.signal.aborted) return;
      await sleep(wait, o.signal);
      waited = true;
    }
    if (waited) o.onPause(null);
  };

  const checkOne = async (orgId: string) => {
    let refusals = 0;
    for (;;) {
      // Every check waits out the pause: during it, only checks already running may answer.
      await waitOutPause();
      if (o.signal.aborted) return;
      try {
        await o.check(orgId);
      } catch (e) {
        if (isApiError(e) && e.status === 429 && ++refusals <= (o.maxRateLimitRetries ?? 5)) {
          const until = Date.now() + (e.retryAfter ?? o.defaultRetryAfterS ?? 5) * 1000;
          if (until > pausedUntil) {
            pausedUntil = until;
            o.onPause(until);
          }
          continue; // the same org again, once the pause is over
        }
        progress.failed++;
      }
      progress.done++;
      o.onProgress({ ...progress });
      return;
    }
  };

  await Promise.all(orgIds.map((orgId) => limit(checkOne, orgId)));
  if (pausedUntil > Date.now()) o.onPause(null);
  return { ...progress };
}
