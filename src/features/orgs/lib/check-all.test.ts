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

  describe('with a fake clock', () => {
    beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
    afterEach(() => vi.useRealTimers());

    it('on a 429 pauses every check for Retry-After, then checks the refused org again', async () => {
      const started: { id: string; at: number }[] = [];
      let refused = false;
      const pauses: (number | null)[] = [];
      const t0 = Date.now();
      const run = checkAll(
        ids(6),
        options({
          concurrency: 2,
          check: async (id) => {
            started.push({ id, at: Date.now() - t0 });
            if (id === 'org-1' && !refused) {
              refused = true;
              throw new ApiError({
                source: 'upstream',
                status: 429,
                detail: 'slow',
                retryAfter: 1,
              });
            }
            await new Promise((r) => setTimeout(r, 5));
          },
          onPause: (until) => pauses.push(until),
        }),
      );
      // Just before the pause ends, nothing new has started; the refused org comes first after it.
      await vi.advanceTimersByTimeAsync(999);
      expect(started.map((s) => s.id)).toEqual(['org-0', 'org-1']);
      expect(pauses).toEqual([t0 + 1_000]);
      await vi.advanceTimersByTimeAsync(1);
      expect(started.map((s) => s.id)).toEqual(['org-0', 'org-1', 'org-1', 'org-2']);
      expect(pauses).toContain(null);

      await vi.runAllTimersAsync();
      expect(await run).toEqual({ done: 6, failed: 0, total: 6 });
      expect(started.filter((s) => s.id === 'org-1')).toHaveLength(2);
      expect(started.slice(2).every((s) => s.at >= 1_000)).toBe(true);
    });

    it('counts an org as failed once it was refused too often', async () => {
      const run = checkAll(
        ['org-0'],
        options({
          concurrency: 1,
          maxRateLimitRetries: 2,
          check: () =>
            Promise.reject(new ApiError({ source: 'upstream', status: 429, detail: 'slow' })),
        }),
      );
      // Without Retry-After: 5 s per refusal, two retries.
      await vi.advanceTimersByTimeAsync(10_000);
      expect(await run).toEqual({ done: 1, failed: 1, total: 1 });
    });
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
