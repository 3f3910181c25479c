// The fakes' clock. Everything time-driven in the store (link sync, validation and migration
// lifecycles, rate-limit windows) reads it, so tests can drive time without touching the process
// clock: setStoreClock(() => t). Wall clock by default.
let clock: (() => number) | null = null;

export function storeNow(): number {
  return clock ? clock() : Date.now();
}

/** null = back to the wall clock. */
export function setStoreClock(now: (() => number) | null): void {
  clock = now;
}
