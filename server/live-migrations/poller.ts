// The migration poller: keeps every active registered migration current. Every tick the leader
// (one instance among several, through the `live-migration-poll` lease, as the fleet sweeper does)
// reads the migrations whose last look is at least MIGRATION_POLL_INTERVAL old and asks the
// upstream for each — a few at a time, within its rate limit — recording status changes and lag
// samples. Viewers read the database only, so the upstream gets one call per active migration
// per interval however many people watch. A migration leaves the work list at FAILED, COMPLETE
// or EXPIRED (or when the upstream no longer knows it).
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import pLimit from 'p-limit';
import type { Store } from '../store/connect';
import { acquireLease, releaseLease } from '../store/leases';
import {
  VALIDATION_VALID_MS,
  dueLiveMigrations,
  pruneValidations,
  recordMigrationObservation,
} from '../store/live-migrations';
import { systemClock, type Clock } from '../fleet/clock';
import { RateGate } from '../fleet/rate-gate';
import { defaultLeaseMs, type SweeperLog } from '../fleet/sweeper';
import type { MigrationSource } from './source';

export const POLL_LEASE = 'live-migration-poll';
/** Most migrations one tick looks at (the rest wait for the next tick). */
const MAX_PER_TICK = 500;
const PRUNE_EVERY_MS = 3_600_000;

export interface MigrationPollerOptions {
  store: Store;
  /** null when MongoDB Cloud is not configured: the poller then only keeps its lease. */
  source: MigrationSource | null;
  /** MIGRATION_POLL_INTERVAL. */
  intervalMs: number;
  /** Upstream calls in flight at once (default 4). */
  concurrency?: number;
  clock?: Clock;
  log?: SweeperLog;
  holderId?: string;
  leaseMs?: number;
  tickMs?: number;
}

export interface PollerStats {
  /** Upstream calls made by this instance. */
  calls: number;
  ticks: number;
}

const silentLog: SweeperLog = { info: () => {}, warn: () => {}, error: () => {} };

export class MigrationPoller {
  readonly holderId: string;
  readonly leaseMs: number;
  readonly tickMs: number;
  readonly stats: PollerStats = { calls: 0, ticks: 0 };
  private readonly clock: Clock;
  private readonly log: SweeperLog;
  private readonly gate: RateGate;
  private leader = false;
  private loop: Promise<void> | null = null;
  private stopping: AbortController | null = null;
  private napping: AbortController | null = null;
  private lastPrune = 0;

  constructor(private readonly o: MigrationPollerOptions) {
    this.clock = o.clock ?? systemClock;
    this.log = o.log ?? silentLog;
    this.holderId = o.holderId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.leaseMs = o.leaseMs ?? defaultLeaseMs(o.intervalMs);
    // Often enough that a migration is looked at within a tick of its interval running out.
    this.tickMs =
      o.tickMs ?? Math.max(250, Math.min(5_000, Math.floor(this.leaseMs / 4), o.intervalMs));
    this.gate = new RateGate({ clock: this.clock, lowWater: 2 * (o.concurrency ?? 4) });
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    if (this.loop) return;
    this.stopping = new AbortController();
    const signal = this.stopping.signal;
    this.loop = (async () => {
      while (!signal.aborted) {
        await this.tick(signal);
        this.napping = new AbortController();
        await this.clock.sleep(this.tickMs, AbortSignal.any([signal, this.napping.signal]));
      }
    })();
  }

  /** Look now rather than at the next tick (a migration was just started). */
  wake(): void {
    this.napping?.abort();
  }

  async stop(): Promise<void> {
    this.stopping?.abort();
    await this.loop;
    this.loop = null;
    if (this.leader) {
      this.leader = false;
      await releaseLease(this.o.store.db, POLL_LEASE, this.holderId).catch((err: unknown) =>
        this.log.warn({ err }, 'could not release the migration poll lease'),
      );
    }
  }

  /** One step: lease, then one look at every due migration. Never throws. */
  async tick(signal: AbortSignal = new AbortController().signal): Promise<void> {
    const db = this.o.store.db;
    const now = new Date(this.clock.now());
    this.stats.ticks++;
    try {
      const held = await acquireLease(db, POLL_LEASE, this.holderId, now, this.leaseMs);
      if (held !== this.leader) {
        this.log.info({ holder: this.holderId, leader: held }, 'migration poll lease changed');
      }
      this.leader = held;
      if (!held || !this.o.source) return;
      if (now.getTime() - this.lastPrune >= PRUNE_EVERY_MS) {
        this.lastPrune = now.getTime();
        await pruneValidations(db, new Date(now.getTime() - VALIDATION_VALID_MS));
      }
      const due = await dueLiveMigrations(db, now, this.o.intervalMs, MAX_PER_TICK);
      if (due.length === 0) return;
      const limit = pLimit(this.o.concurrency ?? 4);
      await Promise.all(
        due.map((m) => limit(() => this.pollOne(m.atlasProjectId, m.migrationId, signal))),
      );
    } catch (err) {
      this.log.warn({ err }, 'migration poll tick failed');
    }
  }

  private async pollOne(groupId: string, migrationId: string, signal: AbortSignal): Promise<void> {
    const source = this.o.source;
    if (!source) return;
    await this.gate.wait(signal);
    if (signal.aborted) return;
    this.stats.calls++;
    const answer = await source.getMigration(groupId, migrationId);
    this.gate.note(answer.rate, answer.kind === 'rate-limited');
    // A 429 records nothing: the migration stays due and is asked again once the gate opens.
    if (answer.kind === 'rate-limited') return;
    const at = new Date(this.clock.now());
    const result = answer.kind === 'ok' ? answer.value : { error: answer.error };
    try {
      const outcome = await recordMigrationObservation(this.o.store.db, migrationId, at, result);
      if (outcome.finished) this.log.info({ migrationId }, 'live migration finished');
    } catch (err) {
      this.log.warn({ err, migrationId }, 'could not record a migration poll');
    }
  }
}
