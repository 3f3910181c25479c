// A clock for tests of background jobs: time moves only when the test says so. Hand-written rather
// than vitest's fake timers because those replace the global timers the database drivers use
// (node-postgres, PGlite), and cannot tell when a job is parked on a timer while real I/O runs.
import type { Clock } from '../fleet/clock';

interface Sleeper {
  until: number;
  resolve: () => void;
}

export class ManualClock implements Clock {
  private time: number;
  private sleepers: Sleeper[] = [];
  private watchers: (() => void)[] = [];

  constructor(start: number | string = '2026-03-01T10:00:00Z') {
    this.time = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const sleeper: Sleeper = {
        until: this.time + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener('abort', abort);
          resolve();
        },
      };
      const abort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        sleeper.resolve();
      };
      signal?.addEventListener('abort', abort, { once: true });
      this.sleepers.push(sleeper);
      for (const w of this.watchers.splice(0)) w();
      if (ms <= 0) this.advance(0);
    });
  }

  /**
   * Moves time forward by `ms` in one step and wakes every sleeper due by then, earliest first.
   * (A loop that wakes and sleeps again sleeps from the new time: advance in steps no longer
   * than the periods under test.)
   */
  advance(ms: number): void {
    this.time += ms;
    const due = this.sleepers.filter((s) => s.until <= this.time).sort((a, b) => a.until - b.until);
    this.sleepers = this.sleepers.filter((s) => s.until > this.time);
    for (const s of due) s.resolve();
  }

  /** Wake-up times of everything sleeping now, earliest first. */
  pending(): number[] {
    return this.sleepers.map((s) => s.until).sort((a, b) => a - b);
  }

  /** Resolves once at least `count` sleepers are waiting (the job parked on its timers). */
  async sleeping(count = 1, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.sleepers.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} sleepers, have ${this.sleepers.length}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.watchers.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
