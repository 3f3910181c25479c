// Slows down guessing: after a few wrong passwords for one user from one address, and after many
// from one address for any users, further attempts are refused (429 + Retry-After) for a delay that
// doubles with every failure, up to 15 minutes. Guesses at one account spread over many addresses
// slow that account down too, more gently (up to a minute: a stranger must not be able to lock a
// user out for long). An address is an IPv4 address or an IPv6 /64 (address-group.ts). A refused
// attempt does not check the password at all, so a guesser learns nothing during the wait. A
// success clears the user+address count.
//
// The counts live in the database in the proxy (DatabaseCounters: every instance shares them and
// they survive a restart, so spreading guesses over instances or waiting for a restart gains
// nothing), or in memory (MemoryCounters: tests, and sign-in setups without a database). What is
// being checked right now (the in-flight limits) is counted per instance, in memory: it only has
// to stop a burst of parallel guesses from passing the check before the first failure is counted.
import { createHmac, hkdfSync } from 'node:crypto';
import { addressGroup } from '../address-group';
import type { Database } from '../store/db';
import {
  blockCounters,
  clearCounter,
  incrementCounters,
  pruneCounters,
  readCounters,
} from '../store/throttle';

export interface ThrottleOptions {
  /** Wrong passwords for one user from one address before delays start. */
  freePerUser: number;
  /** Wrong passwords from one address (any user names) before delays start. */
  freePerAddress: number;
  /** Wrong passwords for one user from any addresses before delays start. */
  freePerAccount: number;
  /** The longest delay for one user across addresses. */
  maxAccountDelayMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A count is forgotten this long after its last failure. */
  forgetAfterMs: number;
  /** In memory: the most counters kept (the least recently failed go first). */
  maxEntries: number;
  /** Attempts checked at the same time on this instance: one per user+address, a few per address. */
  maxInFlightPerUser: number;
  maxInFlightPerAddress: number;
  now: () => number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  freePerUser: 3,
  freePerAddress: 20,
  freePerAccount: 10,
  maxAccountDelayMs: 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  maxEntries: 10_000,
  maxInFlightPerUser: 1,
  maxInFlightPerAddress: 4,
  now: Date.now,
};

/** One counter: wrong passwords so far, the last one's time, refused until (ms; 0 = not). */
export interface Counter {
  failures: number;
  lastFailure: number;
  blockedUntil: number;
}

/** Where the counts are kept. Keys are the throttle's own names (`u:…`, `a:…`, `n:…`). */
export interface ThrottleCounters {
  read(keys: readonly string[]): Promise<Map<string, Counter>>;
  /**
   * One more failure at `t` for each key, atomically per key; a counter last failed before
   * `forgetBefore` and no longer blocking starts again at 1. Returns the new counts.
   */
  increment(keys: readonly string[], t: number, forgetBefore: number): Promise<Map<string, number>>;
  /** Blocks each key until its time unless it is blocked longer already. */
  block(blocks: readonly { key: string; until: number }[]): Promise<void>;
  clear(key: string): Promise<void>;
  /** Forgets counters with no failure since `forgetBefore` that block no longer at `t`. */
  prune(forgetBefore: number, t: number): Promise<void>;
}

/** The counts in this process's memory, bounded (tests; setups without a database). */
export class MemoryCounters implements ThrottleCounters {
  /** In the order they last failed (re-inserted on each failure): the oldest go first. */
  private readonly entries = new Map<string, Counter>();

  constructor(private readonly maxEntries = DEFAULT_THROTTLE.maxEntries) {}

  async read(keys: readonly string[]) {
    const out = new Map<string, Counter>();
    for (const k of keys) {
      const e = this.entries.get(k);
      if (e) out.set(k, { ...e });
    }
    return out;
  }

  async increment(keys: readonly string[], t: number, forgetBefore: number) {
    const out = new Map<string, number>();
    for (const k of keys) {
      const old = this.entries.get(k);
      const forgotten = old && old.lastFailure < forgetBefore && old.blockedUntil <= t;
      const e: Counter =
        !old || forgotten
          ? { failures: 1, lastFailure: t, blockedUntil: 0 }
          : { ...old, failures: old.failures + 1, lastFailure: Math.max(old.lastFailure, t) };
      this.entries.delete(k);
      this.entries.set(k, e);
      out.set(k, e.failures);
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return out;
  }

  async block(blocks: readonly { key: string; until: number }[]) {
    for (const b of blocks) {
      const e = this.entries.get(b.key);
      if (e) e.blockedUntil = Math.max(e.blockedUntil, b.until);
    }
  }

  async clear(key: string) {
    this.entries.delete(key);
  }

  async prune(forgetBefore: number, t: number) {
    for (const [k, e] of this.entries) {
      if (e.lastFailure < forgetBefore && e.blockedUntil <= t) this.entries.delete(k);
    }
  }
}

/**
 * The counts in the database (server/store/throttle.ts), shared by every instance. A counter's
 * name holds the typed user name (which may be a password typed into the wrong field) and the
 * address: the table only ever sees an HMAC of it, under a key derived from SESSION_SECRET (the
 * same on every instance, so they agree on the keys).
 */
export class DatabaseCounters implements ThrottleCounters {
  private readonly hmacKey: Buffer;

  constructor(
    private readonly db: Database,
    sessionSecret: string,
  ) {
    this.hmacKey = Buffer.from(
      hkdfSync('sha256', sessionSecret, 'orglink', 'sign-in-throttle-v1', 32),
    );
  }

  private hash(key: string): string {
    return createHmac('sha256', this.hmacKey).update(key).digest('base64url');
  }

  /** The hashed names of `keys`, and the way back. */
  private hashed(keys: readonly string[]) {
    const back = new Map(keys.map((k) => [this.hash(k), k]));
    return { hashes: [...back.keys()], back };
  }

  async read(keys: readonly string[]) {
    const { hashes, back } = this.hashed(keys);
    const rows = await readCounters(this.db, hashes);
    const out = new Map<string, Counter>();
    for (const r of rows) {
      const k = back.get(r.key);
      if (k === undefined) continue;
      out.set(k, {
        failures: r.failures,
        lastFailure: r.lastFailureAt.getTime(),
        blockedUntil: r.blockedUntil?.getTime() ?? 0,
      });
    }
    return out;
  }

  async increment(keys: readonly string[], t: number, forgetBefore: number) {
    const { hashes, back } = this.hashed(keys);
    const counts = await incrementCounters(this.db, hashes, new Date(t), new Date(forgetBefore));
    const out = new Map<string, number>();
    for (const [h, n] of counts) {
      const k = back.get(h);
      if (k !== undefined) out.set(k, n);
    }
    return out;
  }

  async block(blocks: readonly { key: string; until: number }[]) {
    await blockCounters(
      this.db,
      blocks.map((b) => ({ key: this.hash(b.key), until: new Date(b.until) })),
    );
  }

  async clear(key: string) {
    await clearCounter(this.db, this.hash(key));
  }

  async prune(forgetBefore: number, t: number) {
    await pruneCounters(this.db, new Date(forgetBefore), new Date(t));
  }
}

/** Whether an attempt may be checked now. */
export interface Admission {
  /** Milliseconds to wait before this attempt may be checked; 0 = go ahead (it is in flight). */
  waitMs: number;
  /**
   * Refused, and the first refusal for this user and address in this blocking period (or, for
   * parallel tries, this second): write it to the audit log. A flood of refused tries is one
   * record, not one fsync each.
   */
  firstRefusal: boolean;
}

export interface SignInThrottle {
  /** Milliseconds to wait before this attempt may be checked; 0 = go ahead. */
  waitMs(username: string, address: string): Promise<number>;
  /**
   * Starts checking an attempt: refused (a wait), or admitted and counted as in flight until
   * `failed`/`succeeded`/`abandon`. Parallel guesses would otherwise all pass the check before
   * the first failure is counted. Rejects when the counts cannot be read (fail closed).
   */
  begin(username: string, address: string): Promise<Admission>;
  /** A wrong password: counted (durably, on every instance) when this resolves. */
  failed(username: string, address: string): Promise<void>;
  succeeded(username: string, address: string): Promise<void>;
  /** Ends an attempt that could not be checked (server busy): neither failure nor success. */
  abandon(username: string, address: string): void;
}

/** How often stale counters are deleted (at most, from failures on this instance). */
const PRUNE_EVERY_MS = 60_000;

export function createThrottle(
  options: Partial<ThrottleOptions> & { counters?: ThrottleCounters } = {},
): SignInThrottle {
  const o = { ...DEFAULT_THROTTLE, ...options };
  const counters = options.counters ?? new MemoryCounters(o.maxEntries);
  const userKey = (u: string, a: string) => `u:${u.toLowerCase()}\u0000${addressGroup(a)}`;
  const addrKey = (a: string) => `a:${addressGroup(a)}`;
  const acctKey = (u: string) => `n:${u.toLowerCase()}`;

  const inFlight = new Map<string, number>();
  const add = (key: string, d: number) => {
    const n = (inFlight.get(key) ?? 0) + d;
    if (n > 0) inFlight.set(key, n);
    else inFlight.delete(key);
  };
  const finish = (username: string, address: string) => {
    add(userKey(username, address), -1);
    add(addrKey(address), -1);
  };

  async function blockedUntil(username: string, address: string, t: number): Promise<number> {
    const keys = [userKey(username, address), addrKey(address), acctKey(username)];
    const found = await counters.read(keys);
    let until = 0;
    for (const c of found.values()) {
      // A forgotten counter blocks nothing (it may not have been pruned yet).
      if (t - c.lastFailure > o.forgetAfterMs && c.blockedUntil <= t) continue;
      until = Math.max(until, c.blockedUntil);
    }
    return until;
  }

  async function waitMs(username: string, address: string): Promise<number> {
    const t = o.now();
    return Math.max(0, (await blockedUntil(username, address, t)) - t);
  }

  /** The blocking period last written to the audit log, per user and address (bounded). */
  const recorded = new Map<string, number>();
  function firstRefusal(username: string, address: string, period: number): boolean {
    const key = userKey(username, address);
    if (recorded.get(key) === period) return false;
    recorded.delete(key);
    recorded.set(key, period);
    if (recorded.size > o.maxEntries) recorded.delete(recorded.keys().next().value ?? key);
    return true;
  }

  let prunedAt = -Infinity;

  return {
    waitMs,
    async begin(username, address) {
      const t = o.now();
      // Too many checks in flight: refused without asking the database (a flood costs no queries).
      if (
        (inFlight.get(userKey(username, address)) ?? 0) >= o.maxInFlightPerUser ||
        (inFlight.get(addrKey(address)) ?? 0) >= o.maxInFlightPerAddress
      ) {
        return {
          waitMs: o.baseDelayMs,
          firstRefusal: firstRefusal(username, address, -Math.floor(t / 1000)),
        };
      }
      // Counted as in flight before the read, so parallel tries cannot all pass it.
      add(userKey(username, address), 1);
      add(addrKey(address), 1);
      let until: number;
      try {
        until = await blockedUntil(username, address, t);
      } catch (e) {
        finish(username, address);
        throw e;
      }
      if (until > t) {
        finish(username, address);
        return { waitMs: until - t, firstRefusal: firstRefusal(username, address, until) };
      }
      return { waitMs: 0, firstRefusal: false };
    },
    async failed(username, address) {
      try {
        const t = o.now();
        const keys = [
          { key: userKey(username, address), free: o.freePerUser, max: o.maxDelayMs },
          { key: addrKey(address), free: o.freePerAddress, max: o.maxDelayMs },
          { key: acctKey(username), free: o.freePerAccount, max: o.maxAccountDelayMs },
        ];
        const counts = await counters.increment(
          keys.map((k) => k.key),
          t,
          t - o.forgetAfterMs,
        );
        const blocks = keys.flatMap(({ key, free, max }) => {
          const n = counts.get(key) ?? 0;
          if (n < free) return [];
          const delay = Math.min(o.baseDelayMs * 2 ** Math.min(n - free, 30), max);
          return [{ key, until: t + delay }];
        });
        await counters.block(blocks);
        if (t - prunedAt >= PRUNE_EVERY_MS) {
          prunedAt = t;
          await counters.prune(t - o.forgetAfterMs, t);
        }
      } finally {
        finish(username, address);
      }
    },
    async succeeded(username, address) {
      try {
        await counters.clear(userKey(username, address));
      } finally {
        finish(username, address);
      }
    },
    abandon: finish,
  };
}
