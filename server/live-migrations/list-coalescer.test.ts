// The registry list's coalescing, on a manual clock: one read shared within the max age, a new
// one after it or after clear(), per filter key, and a failed read not shared.
import { ManualClock } from '../testing/manual-clock';
import { ListCoalescer } from './list-coalescer';

describe('ListCoalescer', () => {
  it('shares one read per key within the max age; reads again after it or after clear()', async () => {
    const clock = new ManualClock(0);
    const c = new ListCoalescer<number>(clock, 1_000);
    let reads = 0;
    const load = () => Promise.resolve(++reads);
    expect(await c.get('a', load)).toBe(1);
    expect(await Promise.all([c.get('a', load), c.get('a', load)])).toEqual([1, 1]);
    expect(await c.get('b', load)).toBe(2);
    clock.advance(999);
    expect(await c.get('a', load)).toBe(1);
    clock.advance(1);
    expect(await c.get('a', load)).toBe(3);
    c.clear();
    expect(await c.get('a', load)).toBe(4);
    expect(reads).toBe(4);
  });

  it('does not hand a failed read to the next reader', async () => {
    const c = new ListCoalescer<number>(new ManualClock(0), 1_000);
    await expect(c.get('a', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await c.get('a', () => Promise.resolve(7))).toBe(7);
  });
});
