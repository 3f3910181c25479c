import { describe, expect, it } from 'vitest';
import { FairQueue } from './fair-queue';

class Full extends Error {}

/** A job that finishes when told to, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const done = new Promise<void>((r) => (open = r));
  return {
    job: async () => {
      log.push(name);
      await done;
      return name;
    },
    open: () => open(),
  };
}

describe('fair queue', () => {
  it('runs a few at a time and refuses beyond the queue for a single key', async () => {
    const q = new FairQueue(2, 3, () => new Full());
    const log: string[] = [];
    const gates = Array.from({ length: 5 }, (_, i) => gate(log, `a${i}`));
    const runs = gates.map((g) => q.run('a', g.job));
    await expect(q.run('a', async () => 'x')).rejects.toBeInstanceOf(Full);
    expect(log).toEqual(['a0', 'a1']);
    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
  });

  it('lets a newcomer in ahead of a flooding address, and takes addresses in turn', async () => {
    const q = new FairQueue(1, 4, () => new Full());
    const log: string[] = [];
    const flood = Array.from({ length: 5 }, (_, i) => gate(log, `a${i}`));
    const floodRuns = flood.map((g) => q.run('10.0.0.1', g.job).catch((e: unknown) => e));
    // Full now (1 running, 4 waiting, all from one address): a user from elsewhere still gets in,
    // in place of the flood's newest.
    const user = gate(log, 'b0');
    const userRun = q.run('10.0.0.2', user.job);
    expect(await floodRuns[4]).toBeInstanceOf(Full);
    flood[0]!.open();
    user.open();
    for (const g of flood) g.open();
    await userRun;
    await Promise.all(floodRuns);
    // The user's check ran second, not after the whole flood.
    expect(log).toEqual(['a0', 'b0', 'a1', 'a2', 'a3']);
    expect(q.pendingCount).toBe(0);
  });
});
