import { ApiError } from '@/api/api-error';
import { checkAll, type CheckAllOptions } from './check-all';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `org-${i}`);

function options(overrides: Partial<CheckAllOptions>): CheckAllOptions {
  return {
    concurrency: 4,
    check: () => Promise.resolve(),
    signal: new AbortController().signal,
    onProgress: () => {},
    onPause: () => {},
    ...overrides,
  };
}

describe('checkAll', () => {
  it('checks every org with at most `concurrency` checks in flight', async () => {
    let inFlight = 0;
    let max = 0;
    const checked: string[] = [];
    const progress: number[] = [];
    const result = await checkAll(
      ids(30),
      options({
        check: async (id) => {
          inFlight++;
          max = Math.max(max, inFlight);
          await new Promise((r) => setTimeout(r, 2));
          checked.push(id);
          inFlight--;
        },
        onProgress: (p) => progress.push(p.done),
      }),
    );
    expect(max).toBe(4);
    expect(checked.sort()).toEqual(ids(30).sort());
    expect(result).toEqual({ done: 30, failed: 0, total: 30 });
    expect(progress.at(-1)).toBe(30);
  });

  it('counts failed checks and carries on', async () => {
    const result = await checkAll(
      ids(5),
      options({
        check: (id) =>
          id === 'org-2'
            ? Promise.reject(new ApiError({ source: 'upstream', status: 403, detail: 'no' }))
            : Promise.resolve(),
      }),
    );
    expect(result).toEqual({ done: 5, failed: 1, total: 5 });
  });

  it('on a 429 pauses every worker for Retry-After, then checks the refused org again', async () => {
    const started: { id: string; at: number }[] = [];
    let refused = false;
    const pauses: (number | null)[] = [];
    const t0 = Date.now();
    const result = await checkAll(
      ids(6),
      options({
        concurrency: 2,
        check: async (id) => {
          started.push({ id, at: Date.now() - t0 });
          if (id === 'org-1' && !refused) {
            refused = true;
            throw new ApiError({ source: 'upstream', status: 429, detail: 'slow', retryAfter: 1 });
          }
          await new Promise((r) => setTimeout(r, 5));
        },
        onPause: (until) => pauses.push(until),
      }),
    );
    expect(result).toEqual({ done: 6, failed: 0, total: 6 });
    expect(started.filter((s) => s.id === 'org-1')).toHaveLength(2);
    // Nothing but the one already running starts during the pause.
    const afterRefusal = started.slice(2);
    expect(afterRefusal.every((s) => s.at >= 950)).toBe(true);
    expect(pauses[0]).toEqual(expect.any(Number));
    expect(pauses).toContain(null);
  });

  it('stops when cancelled', async () => {
    const ctrl = new AbortController();
    let checked = 0;
    const result = await checkAll(
      ids(100),
      options({
        signal: ctrl.signal,
        check: async () => {
          checked++;
          if (checked === 10) ctrl.abort();
          await new Promise((r) => setTimeout(r, 1));
        },
      }),
    );
    expect(result.done).toBeLessThan(100);
    expect(checked).toBeLessThanOrEqual(13);
  });
});
