// Slows down guessing: after a few wrong passwords for one user from one address, and after many
// from one address for any users, further attempts are refused (429 + Retry-After) for a delay that
// doubles with every failure, up to 15 minutes. A refused attempt does not check the password at
// all, so a guesser learns nothing during the wait. A success clears the user+address count.
// Counts live in this instance's memory (bounded); behind a load balancer each instance counts alone.

export interface ThrottleOptions {
  /** Wrong passwords for one user from one address before delays start. */
  freePerUser: number;
  /** Wrong passwords from one address (any user names) before delays start. */
  freePerAddress: number;
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
}

export function createThrottle(options: Partial<ThrottleOptions> = {}): SignInThrottle {
  const o = { ...DEFAULT_THROTTLE, ...options };
  const entries = new Map<string, Entry>();
  const userKey = (u: string, a: string) => `u:${u.toLowerCase()}\u0000${a}`;
  const addrKey = (a: string) => `a:${a}`;

  function get(key: string, t: number): Entry | undefined {
    const e = entries.get(key);
    if (e && t - e.lastFailure > o.forgetAfterMs && e.blockedUntil <= t) {
      entries.delete(key);
      return undefined;
    }
    return e;
  }

  function bump(key: string, free: number, t: number) {
    const e = get(key, t) ?? { failures: 0, lastFailure: t, blockedUntil: 0 };
    e.failures++;
    e.lastFailure = t;
    if (e.failures >= free) {
      const delay = Math.min(o.baseDelayMs * 2 ** (e.failures - free), o.maxDelayMs);
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

  function waitMs(username: string, address: string): number {
    const t = o.now();
    const until = Math.max(
      get(userKey(username, address), t)?.blockedUntil ?? 0,
      get(addrKey(address), t)?.blockedUntil ?? 0,
    );
    return Math.max(0, until - t);
  }

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
    },
    succeeded(username, address) {
      finish(username, address);
      entries.delete(userKey(username, address));
    },
    abandon: finish,
  };
}
