// Runs a few jobs at a time and queues the rest fairly by key (a client address): the next job to
// start comes from the waiting key served longest ago, and when the queue is full a newcomer takes the
// place of the newest job of the key that has the most waiting, so one flooding address cannot
// lock everyone else out of signing in. Hand-written because p-limit (the project's one
// concurrency helper, still fine for plain limits) queues first come, first served.

interface Job {
  run: (key: string) => void;
  reject: (e: Error) => void;
}

export class FairQueue {
  private running = 0;
  private queued = 0;
  /** Waiting jobs per key. */
  private readonly waiting = new Map<string, Job[]>();
  /** When each key last had a job started (a counter); unknown keys go first. */
  private readonly lastStart = new Map<string, number>();
  private starts = 0;

  constructor(
    private readonly concurrency: number,
    private readonly maxQueued: number,
    /** The error a job refused or evicted for want of room is rejected with. */
    private readonly full: () => Error,
  ) {}

  get pendingCount(): number {
    return this.queued;
  }

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        reject,
        run: (k) => {
          this.running++;
          this.lastStart.set(k, ++this.starts);
          fn()
            .then(resolve, reject)
            .finally(() => {
              this.running--;
              this.next();
            });
        },
      };
      if (this.running < this.concurrency) {
        job.run(key);
        return;
      }
      if (this.queued >= this.maxQueued && !this.evictFor(key)) {
        reject(this.full());
        return;
      }
      const q = this.waiting.get(key);
      if (q) q.push(job);
      else this.waiting.set(key, [job]);
      this.queued++;
    });
  }

  /** Makes room for `key` by refusing the newest job of the key with the most waiting (if more). */
  private evictFor(key: string): boolean {
    let worst: string | null = null;
    let most = 0;
    for (const [k, q] of this.waiting) {
      if (q.length > most) {
        worst = k;
        most = q.length;
      }
    }
    const mine = this.waiting.get(key)?.length ?? 0;
    if (worst === null || most <= mine + 1) return false;
    const q = this.waiting.get(worst) ?? [];
    q.pop()?.reject(this.full());
    if (q.length === 0) this.waiting.delete(worst);
    this.queued--;
    return true;
  }

  /** Starts the first waiting job of the key served longest ago. */
  private next(): void {
    let key: string | null = null;
    let oldest = Infinity;
    for (const k of this.waiting.keys()) {
      const at = this.lastStart.get(k) ?? -1;
      if (at < oldest) {
        key = k;
        oldest = at;
      }
    }
    if (key === null) return;
    const q = this.waiting.get(key) ?? [];
    const job = q.shift();
    if (q.length === 0) this.waiting.delete(key);
    if (!job) return;
    this.queued--;
    job.run(key);
    // Bounded: forget keys that wait for nothing (they go first again when they come back).
    if (this.lastStart.size > 1000) {
      for (const k of this.lastStart.keys()) if (!this.waiting.has(k)) this.lastStart.delete(k);
    }
  }
}
