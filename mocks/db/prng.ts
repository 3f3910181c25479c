// A small seeded PRNG (mulberry32) so the fake data is the same on every seed(): tests, the browser
// and the simulated upstream all see the same IDs and names. Never Math.random for data.

export interface Rng {
  /** Float in [0, 1). */
  next(): number;
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** `length` lowercase hex digits. */
  hex(length: number): string;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    chance: (p) => next() < p,
    hex: (length) => {
      let out = '';
      while (out.length < length) out += int(0, 15).toString(16);
      return out;
    },
  };
}

/**
 * ObjectId-shaped IDs (24 hex): a creation time in seconds, 5 random bytes, a 3-byte counter, as
 * MongoDB generates them. `seen` keeps them unique within one data set.
 */
export function createIdFactory(rng: Rng, fromYear: number, toYear: number) {
  const from = Date.UTC(fromYear, 0, 1) / 1000;
  const to = Date.UTC(toYear, 11, 31) / 1000;
  const process = rng.hex(10);
  let counter = rng.int(0, 0x7fffff);
  const seen = new Set<string>();
  return (): string => {
    for (;;) {
      counter = (counter + 1) & 0xffffff;
      const id =
        rng.int(from, to).toString(16).padStart(8, '0') +
        process +
        counter.toString(16).padStart(6, '0');
      if (!seen.has(id)) {
        seen.add(id);
        return id;
      }
    }
  };
}
