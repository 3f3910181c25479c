// The sign-in throttle's rules, on each place its counts can live: this process's memory, and the
// database on both engines (what every instance shares). Time is the test's clock; the database
// stores the times it is given.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { describeEachEngine } from '../testing/engines';
import {
  createThrottle,
  DatabaseCounters,
  MemoryCounters,
  type ThrottleCounters,
  type ThrottleOptions,
} from './throttle';

const SECRET = 'throttle-test-secret-0123456789abcdefghij';

function clock() {
  let t = Date.parse('2026-03-01T10:00:00Z');
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** The rules, against counters from `counters()` (a fresh, empty set per test). */
function throttleRules(counters: () => ThrottleCounters) {
  const make = (c: ReturnType<typeof clock>, o: Partial<ThrottleOptions> = {}) =>
    createThrottle({ now: c.now, counters: counters(), ...o });

  describe('sign-in throttle', () => {
    it('lets a few mistakes through, then makes each next try wait twice as long', async () => {
      const c = clock();
      const th = make(c);
      await th.failed('alice', '10.0.0.1');
      await th.failed('alice', '10.0.0.1');
      expect(await th.waitMs('alice', '10.0.0.1')).toBe(0);
      await th.failed('alice', '10.0.0.1');
      expect(await th.waitMs('alice', '10.0.0.1')).toBe(1000);
      c.advance(1000);
      expect(await th.waitMs('alice', '10.0.0.1')).toBe(0);
      await th.failed('alice', '10.0.0.1');
      expect(await th.waitMs('alice', '10.0.0.1')).toBe(2000);
      await th.failed('alice', '10.0.0.1');
      expect(await th.waitMs('alice', '10.0.0.1')).toBe(4000);
      // Another address, or another user from elsewhere, is not affected.
      expect(await th.waitMs('alice', '10.0.0.2')).toBe(0);
      expect(await th.waitMs('bob', '10.0.0.2')).toBe(0);
    });

    it('caps the delay and forgets after a quiet hour', async () => {
      const c = clock();
      const th = make(c);
      for (let i = 0; i < 40; i++) await th.failed('alice', 'a');
      expect(await th.waitMs('alice', 'a')).toBe(15 * 60_000);
      c.advance(61 * 60_000);
      expect(await th.waitMs('alice', 'a')).toBe(0);
      await th.failed('alice', 'a');
      expect(await th.waitMs('alice', 'a')).toBe(0);
    });

    it('a success clears the count for that user and address', async () => {
      const c = clock();
      const th = make(c);
      await th.failed('alice', 'a');
      await th.failed('alice', 'a');
      expect((await th.begin('Alice', 'a')).waitMs).toBe(0);
      await th.succeeded('Alice', 'a');
      await th.failed('alice', 'a');
      expect(await th.waitMs('alice', 'a')).toBe(0);
    });

    it('slows one address that tries many user names (password spraying)', async () => {
      const c = clock();
      const th = make(c);
      for (let i = 0; i < 20; i++) await th.failed(`user${i}`, '10.9.9.9');
      expect(await th.waitMs('someone-new', '10.9.9.9')).toBeGreaterThan(0);
      expect(await th.waitMs('someone-new', '10.9.9.8')).toBe(0);
    });
  });

  describe('sign-in throttle: parallel guesses', () => {
    it('checks one attempt per user and address at a time, and a few per address', async () => {
      const c = clock();
      const th = make(c);
      expect((await th.begin('alice', 'a')).waitMs).toBe(0);
      expect((await th.begin('alice', 'a')).waitMs).toBeGreaterThan(0); // the first is in flight
      for (const u of ['b', 'c', 'd']) expect((await th.begin(u, 'a')).waitMs).toBe(0);
      expect((await th.begin('e', 'a')).waitMs).toBeGreaterThan(0); // 4 in flight from here
      expect((await th.begin('e', 'other')).waitMs).toBe(0);
      await th.failed('alice', 'a');
      await th.succeeded('b', 'a');
      th.abandon('c', 'a');
      expect((await th.begin('alice', 'a')).waitMs).toBe(0);
      expect((await th.begin('e', 'a')).waitMs).toBe(0);
    });

    it('a burst of parallel wrong passwords is cut off, not checked in full', async () => {
      const c = clock();
      const th = make(c);
      const started = await Promise.all(
        Array.from({ length: 60 }, (_, i) => th.begin(`user${i}`, '10.1.1.1')),
      );
      expect(started.filter((a) => a.waitMs === 0)).toHaveLength(4);
    });
  });

  describe('sign-in throttle: across addresses', () => {
    it('slows one account guessed at from many addresses, gently (at most a minute)', async () => {
      const c = clock();
      const th = make(c);
      for (let i = 0; i < 9; i++) await th.failed('alice', `10.0.0.${i}`);
      expect(await th.waitMs('alice', '10.7.7.7')).toBe(0);
      await th.failed('alice', '10.0.0.9');
      // Ten wrong passwords from ten addresses: the eleventh address waits too.
      expect(await th.waitMs('alice', '10.7.7.7')).toBe(1000);
      expect(await th.waitMs('bob', '10.7.7.7')).toBe(0);
      for (let i = 10; i < 40; i++) await th.failed('alice', `10.0.1.${i}`);
      expect(await th.waitMs('alice', '10.7.7.7')).toBe(60_000);
    });

    it('counts an IPv6 /64 as one address', async () => {
      const c = clock();
      const th = make(c);
      await th.failed('alice', '2001:db8:1:2::1');
      await th.failed('alice', '2001:db8:1:2:ffff::2');
      await th.failed('alice', '2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd');
      expect(await th.waitMs('alice', '2001:db8:1:2::9')).toBe(1000);
      expect(await th.waitMs('alice', '2001:db8:1:3::9')).toBe(0);
    });

    it('asks for one audit record per blocking period, not one per refused try', async () => {
      const c = clock();
      const th = make(c);
      for (let i = 0; i < 3; i++) await th.failed('alice', 'a');
      expect(await th.begin('alice', 'a')).toEqual({ waitMs: 1000, firstRefusal: true });
      expect(await th.begin('alice', 'a')).toEqual({ waitMs: 1000, firstRefusal: false });
      expect((await th.begin('alice', 'b')).waitMs).toBe(0);
      c.advance(1000);
      expect((await th.begin('alice', 'a')).waitMs).toBe(0);
      await th.failed('alice', 'a');
      expect((await th.begin('alice', 'a')).firstRefusal).toBe(true);
    });
  });
}

describe('in memory', () => {
  throttleRules(() => new MemoryCounters());

  it('stays within its memory bound', async () => {
    const c = clock();
    const th = createThrottle({ now: c.now, counters: new MemoryCounters(50) });
    for (let i = 0; i < 500; i++) await th.failed(`u${i}`, `10.0.${i % 250}.1`);
    // The newest counters still count.
    await th.failed('u499', '10.0.249.1');
    await th.failed('u499', '10.0.249.1');
    expect(await th.waitMs('u499', '10.0.249.1')).toBeGreaterThan(0);
    // The oldest were let go.
    const counters = new MemoryCounters(50);
    const th2 = createThrottle({ now: c.now, counters });
    for (let i = 0; i < 3; i++) await th2.failed('first', '10.0.0.1');
    for (let i = 0; i < 60; i++) await th2.failed(`u${i}`, `10.1.0.${i}`);
    expect((await counters.read(['u:first\u000010.0.0.1'])).size).toBe(0);
  });
});

describeEachEngine('in the database', (ctx) => {
  throttleRules(() => new DatabaseCounters(ctx.store.db, SECRET));

  it('a second instance sees the first one’s counts (and so does a restart)', async () => {
    const c = clock();
    const a = createThrottle({ now: c.now, counters: new DatabaseCounters(ctx.store.db, SECRET) });
    const second = await ctx.openSecond();
    const b = createThrottle({ now: c.now, counters: new DatabaseCounters(second.db, SECRET) });
    await a.failed('alice', '10.0.0.1');
    await b.failed('alice', '10.0.0.1');
    await a.failed('alice', '10.0.0.1');
    // Three wrong passwords over two instances: both refuse the fourth for a second.
    expect(await a.waitMs('alice', '10.0.0.1')).toBe(1000);
    expect(await b.waitMs('alice', '10.0.0.1')).toBe(1000);
    expect(await b.begin('alice', '10.0.0.1')).toEqual({ waitMs: 1000, firstRefusal: true });
  });

  it('parallel failures on two instances all count (atomic upserts)', async () => {
    const c = clock();
    const second = await ctx.openSecond();
    const instances = [ctx.store.db, second.db].map((db) =>
      createThrottle({
        now: c.now,
        counters: new DatabaseCounters(db, SECRET),
        maxInFlightPerAddress: 100,
      }),
    );
    // 40 wrong passwords at once from 40 addresses, for one account, half on each instance.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        instances[i % 2]!.failed('alice', `10.2.${Math.floor(i / 10)}.${i}`),
      ),
    );
    const counts = await new DatabaseCounters(ctx.store.db, SECRET).read(['n:alice']);
    expect(counts.get('n:alice')?.failures).toBe(40);
    expect(await instances[0]!.waitMs('alice', '10.9.9.9')).toBe(60_000);
  });

  it('stores neither the typed user name nor the address: keyed hashes only', async () => {
    const c = clock();
    const th = createThrottle({
      now: c.now,
      counters: new DatabaseCounters(ctx.store.db, SECRET),
    });
    await th.failed('hunter2-typed-as-a-name', '10.3.3.3');
    const rows = (await ctx.store.db.execute(sql`SELECT key FROM sign_in_throttle`)) as unknown as {
      rows: { key: string }[];
    };
    expect(rows.rows).toHaveLength(3);
    for (const r of rows.rows) {
      expect(r.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(r.key).not.toContain('hunter2');
      expect(r.key).not.toContain('10.3.3.3');
    }
    // Another secret, other keys: nothing of this one's counts.
    const other = new DatabaseCounters(ctx.store.db, `${SECRET}-other`);
    expect((await other.read(['n:hunter2-typed-as-a-name'])).size).toBe(0);
  });

  it('prunes forgotten counters', async () => {
    const c = clock();
    const counters = new DatabaseCounters(ctx.store.db, SECRET);
    const th = createThrottle({ now: c.now, counters });
    await th.failed('alice', '10.0.0.1');
    c.advance(2 * 60 * 60_000);
    // The next failure (elsewhere) prunes what is an hour quiet.
    await th.failed('bob', '10.0.0.2');
    expect((await counters.read(['n:alice', 'n:bob'])).size).toBe(1);
  });
});
