// Viewers' reads of the registry, coalesced: every open /migrations page (and org page) reads the
// list every few seconds while anything is active, and on the embedded database each read of a
// few hundred rows takes tens of ms of its one thread, so 20 viewers left little time for the
// poller's writes (`npm run bench:migrations`). Reads of the same filters within MAX_AGE_MS share
// one query — a list at most a second old, while the poller itself looks only every
// MIGRATION_POLL_INTERVAL. This instance's own Start migration and Cut over clear it, so their
// result shows at once. Hand-written: a map and a timestamp, no cache library needed.
import type { Clock } from '../fleet/clock';

export const LIST_MAX_AGE_MS = 1_000;
/** Distinct filter sets kept (an org page asks by its org ID): the oldest go first. */
const MAX_KEYS = 100;

interface Entry<T> {
  at: number;
  value: Promise<T>;
}

export class ListCoalescer<T> {
  private entries = new Map<string, Entry<T>>();

  constructor(
    private readonly clock: Clock,
    private readonly maxAgeMs = LIST_MAX_AGE_MS,
  ) {}

  /** The value read for `key` less than maxAgeMs ago (or being read now), else a new read. */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.clock.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.maxAgeMs) return hit.value;
    const value = load();
    const entry = { at: now, value };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_KEYS) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    // A failed read is not shared with later readers.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  /** Something changed here: the next read goes to the database. */
  clear(): void {
    this.entries.clear();
  }
}
