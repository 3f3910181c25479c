// The fleet sweeper: every SWEEP_INTERVAL it lists every source org (all pages) and checks each
// one's link status, SWEEP_CONCURRENCY at a time, within the upstream's rate limit, recording the
// status per org and every change (`seen: 'sweep'`). With several instances on one database only
// the holder of the `fleet-sweep` lease sweeps; it renews the lease on every tick, and when it
// dies the lease runs out and another instance takes over within one interval.
//
// The loop: every tick (a few seconds) take or renew the lease; as the leader, start the queued
// sweep (Check now, asked on any instance) or a scheduled one when the last one started an
// interval ago. The schedule and the queue are in the database, so a new leader carries on
// where the old one stopped.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import pLimit from 'p-limit';
import type { FastifyBaseLogger } from 'fastify';
import { UPSTREAM_LABELS } from '#contract/route-table';
import type { Store } from '../store/connect';
import { delistMissingOrgs, pruneFleetHistory, recordListedOrgs } from '../store/fleet';
import { acquireLease, releaseLease } from '../store/leases';
import {
  abandonSweepsOfOthers,
  finishSweep,
  lastScheduledStart,
  pruneSweeps,
  recordSweepProgress,
  startSweep,
  type SweepCounts,
  type SweepRow,
} from '../store/sweeps';
import { systemClock, type Clock } from './clock';
import { observe } from './observe';
import { RateGate } from './rate-gate';
import type { FleetSource, SourceAnswer } from './source';

export const SWEEP_LEASE = 'fleet-sweep';
const DAY_MS = 86_400_000;
/** Most pages one listing may have (500 orgs each). */
const MAX_PAGES = 2000;

export type SweeperLog = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

export interface SweeperOptions {
  store: Store;
  sources: readonly FleetSource[];
  /** SWEEP_INTERVAL. */
  intervalMs: number;
  /** SWEEP_CONCURRENCY: status checks in flight at once. */
  concurrency: number;
  /** HISTORY_RETENTION_DAYS: status changes (and finished sweeps) older than this are pruned. */
  retentionDays: number;
  clock?: Clock;
  log?: SweeperLog;
  /** This instance's name in the lease (default host:pid:random). */
  holderId?: string;
  /** How long the lease lasts unless renewed (default: a third of the interval, 10 s to 60 s). */
  leaseMs?: number;
  /** How often the loop runs (default: a quarter of the lease, at most 5 s). */
  tickMs?: number;
  /** 429 answers one org's check may get before its error is recorded. */
  maxRateLimitedRetries?: number;
}

const silentLog: SweeperLog = { info: () => {}, warn: () => {}, error: () => {} };

export function defaultLeaseMs(intervalMs: number): number {
  return Math.min(60_000, Math.max(10_000, Math.floor(intervalMs / 3)));
}

export class Sweeper {
  readonly holderId: string;
  readonly leaseMs: number;
  readonly tickMs: number;
  private readonly clock: Clock;
  private readonly log: SweeperLog;
  private leader = false;
  private loop: Promise<void> | null = null;
  private stopping: AbortController | null = null;
  private napping: AbortController | null = null;
  private running: { id: number; abort: AbortController; done: Promise<void> } | null = null;

  constructor(private readonly o: SweeperOptions) {
    this.clock = o.clock ?? systemClock;
    this.log = o.log ?? silentLog;
    this.holderId = o.holderId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.leaseMs = o.leaseMs ?? defaultLeaseMs(o.intervalMs);
    this.tickMs = o.tickMs ?? Math.min(5_000, Math.floor(this.leaseMs / 4));
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** The sweep this instance runs now, if any. */
  get runningSweepId(): number | null {
    return this.running?.id ?? null;
  }

  start(): void {
    if (this.loop) return;
    this.stopping = new AbortController();
    const signal = this.stopping.signal;
    this.loop = (async () => {
      while (!signal.aborted) {
        await this.tick();
        this.napping = new AbortController();
        const nap = AbortSignal.any([signal, this.napping.signal]);
        await this.clock.sleep(this.tickMs, nap);
      }
    })();
  }

  /** Tick now instead of at the next tick (Check now was asked on this instance). */
  wake(): void {
    this.napping?.abort();
  }

  /** Stops the loop; a running sweep stops starting checks and ends as `abandoned`. */
  async stop(): Promise<void> {
    this.stopping?.abort();
    await this.loop;
    this.loop = null;
    const running = this.running;
    running?.abort.abort();
    await running?.done;
    if (this.leader) {
      this.leader = false;
      await releaseLease(this.o.store.db, SWEEP_LEASE, this.holderId).catch((err: unknown) =>
        this.log.warn({ err }, 'could not release the sweep lease'),
      );
    }
  }

  /** Resolves when no sweep runs on this instance (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running.done;
  }

  /** One step of the loop: lease, then maybe start a sweep. Never throws. */
  async tick(): Promise<void> {
    const db = this.o.store.db;
    const now = new Date(this.clock.now());
    try {
      const held = await acquireLease(db, SWEEP_LEASE, this.holderId, now, this.leaseMs);
      if (!held) {
        if (this.leader) this.log.warn({ holder: this.holderId }, 'lost the fleet sweep lease');
        this.leader = false;
        // Another instance sweeps now: stop starting checks.
        this.running?.abort.abort();
        return;
      }
      if (!this.leader) {
        this.leader = true;
        const abandoned = await abandonSweepsOfOthers(db, this.holderId, now);
        this.log.info({ holder: this.holderId, abandoned }, 'this instance sweeps the fleet');
      }
      if (this.running || this.stopping?.signal.aborted) return;
      const last = await lastScheduledStart(db);
      const due = !last || now.getTime() - last.getTime() >= this.o.intervalMs;
      const run = await startSweep(db, this.holderId, now, due);
      if (run) this.launch(run);
    } catch (err) {
      // The database is away for a moment: try again next tick.
      this.log.warn({ err }, 'fleet sweeper tick failed');
    }
  }

  private launch(run: SweepRow): void {
    const abort = new AbortController();
    const done = this.sweep(run, abort.signal)
      .catch((err: unknown) => this.log.error({ err, sweep: run.id }, 'fleet sweep failed'))
      .finally(() => {
        if (this.running?.id === run.id) this.running = null;
      });
    this.running = { id: run.id, abort, done };
  }

  private async sweep(run: SweepRow, signal: AbortSignal): Promise<void> {
    const { store } = this.o;
    const db = store.db;
    const started = this.clock.now();
    this.log.info({ sweep: run.id, cause: run.cause, by: run.requestedBy }, 'fleet sweep started');
    const counts: Required<SweepCounts> = {
      orgsTotal: 0,
      orgsChecked: 0,
      orgsFailed: 0,
      statusChanges: 0,
    };
    const problems: string[] = [];
    let outcome: 'completed' | 'failed' | 'abandoned' = 'completed';
    try {
      const gates = new Map(
        this.o.sources.map((s) => [
          s,
          new RateGate({ clock: this.clock, lowWater: 2 * this.o.concurrency }),
        ]),
      );
      const targets: { source: FleetSource; orgId: string }[] = [];
      for (const source of this.o.sources) {
        const gate = gates.get(source) as RateGate;
        const listed = await this.listAll(source, gate, signal);
        if (signal.aborted) break;
        if ('error' in listed) {
          problems.push(
            `${UPSTREAM_LABELS[source.upstream]} organizations could not be listed: ${listed.error}`,
          );
          continue;
        }
        for (const orgId of listed.orgIds) targets.push({ source, orgId });
      }
      counts.orgsTotal = targets.length;
      await recordSweepProgress(db, run.id, counts);

      const limit = pLimit(this.o.concurrency);
      const step = Math.max(1, Math.floor(targets.length / 50));
      let lastWritten = 0;
      await Promise.all(
        targets.map(({ source, orgId }) =>
          limit(async () => {
            if (signal.aborted) return;
            const gate = gates.get(source) as RateGate;
            let r: Awaited<ReturnType<Sweeper['checkOne']>>;
            try {
              r = await this.checkOne(source, gate, orgId, signal);
            } catch (err) {
              // Its result could not be recorded (the database is away): count it, go on.
              this.log.warn({ err, orgId }, 'fleet sweep could not record a check');
              r = 'failed';
            }
            if (r === 'skipped') return;
            counts.orgsChecked++;
            if (r === 'failed') counts.orgsFailed++;
            if (r === 'changed') counts.statusChanges++;
            if (counts.orgsChecked - lastWritten >= step) {
              lastWritten = counts.orgsChecked;
              await recordSweepProgress(db, run.id, counts);
            }
          }),
        ),
      );
      if (signal.aborted) outcome = 'abandoned';
      else if (problems.length) outcome = 'failed';
    } catch (err) {
      outcome = 'failed';
      problems.push('The sweep stopped on an error; see the server log.');
      this.log.error({ err, sweep: run.id }, 'fleet sweep stopped on an error');
    }
    const detail =
      outcome === 'abandoned'
        ? 'This instance stopped sweeping before the sweep finished.'
        : problems.join(' ') || null;
    await finishSweep(db, run.id, outcome, new Date(this.clock.now()), counts, detail);
    this.log.info(
      { sweep: run.id, outcome, ...counts, ms: this.clock.now() - started },
      'fleet sweep finished',
    );
    await this.housekeeping();
  }

  /** Every page of a source's orgs, recorded as listed; then those no longer there delisted. */
  private async listAll(
    source: FleetSource,
    gate: RateGate,
    signal: AbortSignal,
  ): Promise<{ orgIds: string[] } | { error: string }> {
    const db = this.o.store.db;
    const listingStarted = new Date(this.clock.now());
    const orgIds: string[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const answer = await this.withRetries(gate, signal, () => source.listOrgs(page));
      if (!answer) return { orgIds };
      if (answer.kind !== 'ok') return { error: `${answer.error.code}: ${answer.error.detail}` };
      const { orgs, totalCount } = answer.value;
      await recordListedOrgs(db, source.upstream, orgs, listingStarted);
      orgIds.push(...orgs.map((o) => o.id));
      if (orgs.length < source.pageSize || orgIds.length >= totalCount) {
        await delistMissingOrgs(db, source.upstream, listingStarted, new Date(this.clock.now()));
        return { orgIds };
      }
    }
    return { error: `more than ${MAX_PAGES} pages of organizations` };
  }

  private async checkOne(
    source: FleetSource,
    gate: RateGate,
    orgId: string,
    signal: AbortSignal,
  ): Promise<'ok' | 'changed' | 'failed' | 'skipped'> {
    const answer = await this.withRetries(gate, signal, () => source.readLinkStatus(orgId));
    if (!answer) return 'skipped';
    const result = answer.kind === 'ok' ? { status: answer.value } : { error: answer.error };
    const outcome = await observe(
      this.o.store,
      this.clock,
      source.upstream,
      orgId,
      result,
      'sweep',
    );
    if (answer.kind !== 'ok') return 'failed';
    return outcome.changed ? 'changed' : 'ok';
  }

  /** One call through the gate; a 429 waits (all workers) and asks again, a few times. */
  private async withRetries<T>(
    gate: RateGate,
    signal: AbortSignal,
    call: () => Promise<SourceAnswer<T>>,
  ): Promise<SourceAnswer<T> | null> {
    const retries = this.o.maxRateLimitedRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      await gate.wait(signal);
      if (signal.aborted) return null;
      const answer = await call();
      gate.note(answer.rate, answer.kind === 'rate-limited');
      if (answer.kind !== 'rate-limited' || attempt >= retries) return answer;
    }
  }

  /** Retention and, on the embedded engine, VACUUM: after each sweep. */
  private async housekeeping(): Promise<void> {
    const { store } = this.o;
    const before = new Date(this.clock.now() - this.o.retentionDays * DAY_MS);
    try {
      const pruned = await pruneFleetHistory(store.db, before);
      const sweeps = await pruneSweeps(store.db, before);
      await store.maintain();
      if (pruned.changes || pruned.orgs || sweeps) {
        this.log.info({ ...pruned, sweeps }, 'pruned fleet history past its retention');
      }
    } catch (err) {
      this.log.warn({ err }, 'fleet housekeeping failed');
    }
  }
}
