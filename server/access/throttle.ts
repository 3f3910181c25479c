// Slows down guessing: after a few wrong passwords for one user from one address, and after many
// from one address for any users, further attempts are refused (429 + Retry-After) for a delay that
// doubles with every failure, up to 15 minutes. Guesses at one account spread over many addresses
// slow that account down too, more gently (up to a minute: a stranger must not be able to lock a
// user out for long). An address is an IPv4 address or an IPv6 /64 (address-group.ts). A refused
// attempt does not check the password at all, so a guesser learns nothing during the wait. A
// success clears the user+address count. Counts live in this instance's memory (bounded); behind a
// load balancer each instance counts alone (the database store will share them: a follow-up).
import { addressGroup } from '../address-group';

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
  maxEntries: number;
  /** Attempts checked at the same time: one per user+address, a few per address. */
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

interface Entry {
  failures: number;
  lastFailure: number;
  blockedUntil: number;
}

export interface SignInThrottle {
  /** Milliseconds to wait before this attempt may be checked; 0 = go ahead. */
  waitMs(username: string, address: string): number;
  /**
   * Starts checking an attempt: the wait (as waitMs), or 0 and the attempt is counted as in flight
   * until `failed`/`succeeded`. Parallel guesses would otherwise all pass the check before the
   * first failure is counted.
   */
  begin(username: string, address: string): number;
  failed(username: string, address: string): void;
  succeeded(username: string, address: string): void;
  /** Ends an attempt that could not be checked (server busy): neither failure nor success. */
  abandon(username: string, address: string): void;
  /**
   * Whether a refused attempt should be written to the audit log: once per user and address for
   * each blocking period (a flood of refused tries is one record, not one fsync each).
   */
  firstRefusal(username: string, address: string): boolean;
}

export function createThrottle(options: Partial<ThrottleOptions> = {}): SignInThrottle {
  const o = { ...DEFAULT_THROTTLE, ...options };
  const entries = new Map<string, Entry>();
  const userKey = (u: string, a: string) => `u:${u.toLowerCase()}\u0000${addressGroup(a)}`;
  const addrKey = (a: string) => `a:${addressGroup(a)}`;
  const acctKey = (u: string) => `n:${u.toLowerCase()}`;

  function get(key: string, t: number): Entry | undefined {
    const e = entries.get(key);
    if (e && t - e.lastFailure > o.forgetAfterMs && e.blockedUntil <= t) {
      entries.delete(key);
      return undefined;
    }
    return e;
  }

  function bump(key: string, free: number, t: number, maxDelayMs = o.maxDelayMs) {
    const e = get(key, t) ?? { failures: 0, lastFailure: t, blockedUntil: 0 };
    e.failures++;
    e.lastFailure = t;
    if (e.failures >= free) {
      const delay = Math.min(o.baseDelayMs * 2 ** Math.min(e.failures - free, 30), maxDelayMs);
      e.blockedUntil = t + delay;
    }
    entries.delete(key); // re-insert so the Map's order is least recently failed first
    entries.set(key, e);
    while (entries.size > o.maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  }

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

  function blockedUntil(username: string, address: string, t: number): number {
    return Math.max(
      get(userKey(username, address), t)?.blockedUntil ?? 0,
      get(addrKey(address), t)?.blockedUntil ?? 0,
      get(acctKey(username), t)?.blockedUntil ?? 0,
    );
  }

  function waitMs(username: string, address: string): number {
    const t = o.now();
    return Math.max(0, blockedUntil(username, address, t) - t);
  }

  /** The blocking period last written to the audit log, per user and address (bounded). */
  const recorded = new Map<string, number>();

  return {
    waitMs,
    begin(username, address) {
      const wait = waitMs(username, address);
      if (wait > 0) return wait;
      if (
        (inFlight.get(userKey(username, address)) ?? 0) >= o.maxInFlightPerUser ||
        (inFlight.get(addrKey(address)) ?? 0) >= o.maxInFlightPerAddress
      ) {
        return o.baseDelayMs;
      }
      add(userKey(username, address), 1);
      add(addrKey(address), 1);
      return 0;
    },
    failed(username, address) {
      finish(username, address);
      const t = o.now();
      bump(userKey(username, address), o.freePerUser, t);
      bump(addrKey(address), o.freePerAddress, t);
      bump(acctKey(username), o.freePerAccount, t, o.maxAccountDelayMs);
    },
    succeeded(username, address) {
      finish(username, address);
      entries.delete(userKey(username, address));
    },
    abandon: finish,
    firstRefusal(username, address) {
      const t = o.now();
      // Blocked: one record per blocking period; refused for parallel tries: one per second.
      const period = blockedUntil(username, address, t) || -Math.floor(t / 1000);
      const key = userKey(username, address);
      if (recorded.get(key) === period) return false;
      recorded.delete(key);
      recorded.set(key, period);
      if (recorded.size > o.maxEntries) recorded.delete(recorded.keys().next().value ?? key);
      return true;
    },
  };
}
