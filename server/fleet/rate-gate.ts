// Keeps a sweep within an upstream's rate limit. Every call of one upstream passes through one
// gate, whichever worker makes it: a 429 pauses them all until its Retry-After has passed, and
// when RateLimit-Remaining runs low the gate spaces calls out so the rest of the window lasts
// until it resets (instead of running into 429s), keeping a reserve of each window for people.
import type { Clock } from './clock';
import type { RateHints } from './source';

export interface RateGateOptions {
  clock: Clock;
  /** Calls of each window left to people (at least; 10 % of the limit if more): the gate spaces
   *  calls out from twice this many remaining, and makes few beyond it. */
  lowWater: number;
  /** Pause after a 429 that says neither Retry-After nor RateLimit-Reset. */
  defaultRetryMs?: number;
  /** Window assumed when RateLimit-Reset is missing (MongoDB's limits are per minute). */
  windowMs?: number;
  /** Never pause longer than this at once, whatever a header says. */
  maxPauseMs?: number;
  /** Never space two calls further apart than this. */
  maxSpacingMs?: number;
}

export class RateGate {
  readonly stats = { pauses: 0, pausedMs: 0 };
  private pausedUntil = 0;
  private spacingMs = 0;
  private nextSlot = 0;

  constructor(private readonly o: RateGateOptions) {}

  /** The gap the gate now keeps between calls (0 = none). */
  get spacing(): number {
    return this.spacingMs;
  }

  /** Resolves when the next call may start (at once when `signal` aborts). */
  async wait(signal?: AbortSignal): Promise<void> {
    const { clock } = this.o;
    for (;;) {
      if (signal?.aborted) return;
      const now = clock.now();
      const at = Math.max(this.pausedUntil, this.nextSlot);
      if (at <= now) {
        this.nextSlot = now + this.spacingMs;
        return;
      }
      await clock.sleep(at - now, signal);
    }
  }

  /** What an answer said: `limited` for a 429. */
  note(rate: RateHints, limited: boolean): void {
    const now = this.o.clock.now();
    const maxPause = this.o.maxPauseMs ?? 600_000;
    const wait = limited
      ? (rate.retryAfterMs ?? rate.resetMs ?? this.o.defaultRetryMs ?? 10_000)
      : (rate.retryAfterMs ?? 0);
    if (wait > 0) {
      const until = now + Math.min(wait, maxPause);
      if (until > this.pausedUntil) {
        this.stats.pauses++;
        this.stats.pausedMs += until - Math.max(now, this.pausedUntil);
        this.pausedUntil = until;
      }
    }
    if (rate.remaining !== null) {
      // The key is shared with people: viewers' status polls and changes go through it too. The
      // sweep leaves them `reserve` calls of every window (measured with bench:sweep: a sweep that
      // spent the whole window left 50 of 50 viewers' polls answered 429), and spreads what is
      // left above the reserve over the rest of the window.
      const reserve = Math.max(this.o.lowWater, Math.floor((rate.limit ?? 0) / 10));
      if (rate.remaining <= 2 * reserve) {
        const window = rate.resetMs ?? this.o.windowMs ?? 60_000;
        this.spacingMs = Math.min(
          this.o.maxSpacingMs ?? 10_000,
          Math.ceil(window / Math.max(rate.remaining - reserve, 1)),
        );
      } else {
        this.spacingMs = 0;
      }
    }
  }
}
