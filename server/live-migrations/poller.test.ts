// The migration registry and its poller on both engines, with a manual clock and a fake upstream:
// what is recorded of each look (status changes, lag samples downsampled after the first hour, the
// cutover window's start when readyForCutover is first seen, the end at a final status), one
// upstream call per active migration per interval, none for finished ones, one leader among two
// instances, and a 429 that records nothing and waits for Retry-After.
import { NO_HINTS, type SourceAnswer } from '../fleet/source';
import type { Store } from '../store/connect';
import {
  LAG_SAMPLES_ALL_FOR_MS,
  LAG_SAMPLE_SPACING_MS,
  dueLiveMigrations,
  getLiveMigration,
  listLiveMigrations,
  migrationLagSamples,
  migrationStatusChanges,
  recordMigrationObservation,
  registerMigration,
  type NewLiveMigration,
} from '../store/live-migrations';
import { readLease } from '../store/leases';
import { describeEachEngine } from '../testing/engines';
import { ManualClock } from '../testing/manual-clock';
import { MigrationPoller, POLL_LEASE } from './poller';
import type { MigrationSource, MigrationState } from './source';
import { toRegisteredMigration } from './views';

const INTERVAL = 30_000;
const WINDOW = 120 * 3_600_000;
const idOf = (n: number) => `ab${n.toString(16).padStart(22, '0')}`;
const PROJECT = 'cd0000000000000000000001';

function migrationRow(n: number, startedAt: Date, extra: Partial<NewLiveMigration> = {}) {
  return {
    migrationId: idOf(n),
    sourceUpstream: 'cloudmanager',
    sourceOrgId: 'ef0000000000000000000001',
    sourceOrgName: 'Acme Payments',
    sourceProjectId: 'ef0000000000000000000002',
    sourceProjectName: 'payments',
    sourceDeployment: 'payments-rs',
    migrationHost: 'mh1.example.net',
    atlasOrgId: 'ef0000000000000000000003',
    atlasOrgName: 'Acme Atlas',
    atlasProjectId: PROJECT,
    atlasProjectName: 'prod',
    targetCluster: 'payments-prod',
    hostnameSchemaType: 'PUBLIC',
    tls: true,
    caCertificatePath: null,
    managedAuthentication: false,
    dropDestinationData: false,
    startedBy: 'olga',
    startedAt,
    cutoverWindowMs: WINDOW,
    ...extra,
  } satisfies NewLiveMigration;
}

const NEW: MigrationState = { status: 'NEW', lagSeconds: null, readyForCutover: false };
const working = (lag: number, ready = false): MigrationState => ({
  status: 'WORKING',
  lagSeconds: lag,
  readyForCutover: ready,
});

/** Answers what `states` says for each migration now; counts calls. */
class FakeMigrations implements MigrationSource {
  readonly calls: string[] = [];
  readonly states = new Map<string, MigrationState>();
  limitedFor = 0;
  async getMigration(_groupId: string, id: string): Promise<SourceAnswer<MigrationState>> {
    this.calls.push(id);
    if (this.limitedFor > 0) {
      this.limitedFor--;
      return {
        kind: 'rate-limited',
        error: { code: 'RATE_LIMITED', detail: 'slow down', httpStatus: 429 },
        rate: { ...NO_HINTS, retryAfterMs: 10_000 },
      };
    }
    const s = this.states.get(id);
    if (!s) {
      return {
        kind: 'failed',
        error: { code: 'NOT_FOUND', detail: 'no such migration', httpStatus: 404 },
        rate: NO_HINTS,
      };
    }
    return { kind: 'ok', value: s, rate: NO_HINTS };
  }
}

async function register(store: Store, n: number, at: Date, extra: Partial<NewLiveMigration> = {}) {
  await registerMigration(store.db, migrationRow(n, at, extra), NEW);
}

describeEachEngine('live migration registry', (ctx) => {
  it('records status changes, lag samples, the window start, completion, and ignores older looks', async () => {
    const t0 = Date.parse('2026-03-01T10:00:00Z');
    const at = (ms: number) => new Date(t0 + ms);
    await register(ctx.store, 1, at(0));
    const db = ctx.store.db;
    const id = idOf(1);
    await recordMigrationObservation(db, id, at(30_000), NEW);
    await recordMigrationObservation(db, id, at(60_000), working(3000));
    await recordMigrationObservation(db, id, at(90_000), working(1500));
    // An older look arriving late changes nothing.
    expect((await recordMigrationObservation(db, id, at(45_000), working(9999))).recorded).toBe(
      false,
    );
    await recordMigrationObservation(db, id, at(120_000), working(2, true));
    await recordMigrationObservation(db, id, at(150_000), working(3, true));
    const ready = await getLiveMigration(db, id);
    expect(ready?.readySince?.toISOString()).toBe(at(120_000).toISOString());
    const view = toRegisteredMigration(ready!);
    expect(view.windowEndsAt).toBe(at(120_000 + WINDOW).toISOString());
    expect(view.active).toBe(true);

    const done = await recordMigrationObservation(db, id, at(180_000), {
      status: 'COMPLETE',
      lagSeconds: null,
      readyForCutover: false,
    });
    expect(done).toEqual({ recorded: true, changed: true, finished: true });
    const row = await getLiveMigration(db, id);
    expect(row?.completedAt?.toISOString()).toBe(at(180_000).toISOString());
    expect(row?.finishedAt?.toISOString()).toBe(at(180_000).toISOString());
    // The window's start stays when readiness ends.
    expect(row?.readySince?.toISOString()).toBe(at(120_000).toISOString());

    const history = await migrationStatusChanges(db, id);
    expect(history.map((h) => [h.status, h.readyForCutover])).toEqual([
      ['NEW', false],
      ['WORKING', false],
      ['WORKING', true],
      ['COMPLETE', false],
    ]);
    const lags = await migrationLagSamples(db, id);
    expect(lags.map((l) => l.lagSeconds)).toEqual([3000, 1500, 2, 3]);
  });

  it('keeps every lag sample in the first hour, then one per spacing', async () => {
    const t0 = Date.parse('2026-03-01T10:00:00Z');
    await register(ctx.store, 2, new Date(t0));
    const id = idOf(2);
    // Every 30 s for two hours.
    for (let ms = 30_000; ms <= 2 * 3_600_000; ms += 30_000) {
      await recordMigrationObservation(ctx.store.db, id, new Date(t0 + ms), working(100));
    }
    const samples = await migrationLagSamples(ctx.store.db, id);
    const early = samples.filter((s) => s.sampledAt.getTime() - t0 < LAG_SAMPLES_ALL_FOR_MS);
    const late = samples.filter((s) => s.sampledAt.getTime() - t0 >= LAG_SAMPLES_ALL_FOR_MS);
    expect(early).toHaveLength(119);
    // One more hour at one per five minutes, counted from the last sample kept (59.5 min).
    expect(late).toHaveLength(12);
    for (let i = 1; i < late.length; i++) {
      const gap = late[i]!.sampledAt.getTime() - late[i - 1]!.sampledAt.getTime();
      expect(gap).toBe(LAG_SAMPLE_SPACING_MS);
    }
  }, 60_000); // 240 transactions: slow on a busy 2-core machine

  it('a 404 ends polling; filters pick by status, source org and Atlas org', async () => {
    const t0 = new Date('2026-03-01T10:00:00Z');
    await register(ctx.store, 3, t0);
    await register(ctx.store, 4, new Date(t0.getTime() + 1000), {
      sourceOrgId: 'ef00000000000000000000aa',
      atlasOrgId: 'ef00000000000000000000bb',
    });
    const gone = await recordMigrationObservation(
      ctx.store.db,
      idOf(3),
      new Date(t0.getTime() + 60_000),
      {
        error: { code: 'NOT_FOUND', detail: 'gone', httpStatus: 404 },
      },
    );
    expect(gone.finished).toBe(true);
    const db = ctx.store.db;
    expect((await listLiveMigrations(db)).map((r) => r.migrationId)).toEqual([idOf(4), idOf(3)]);
    expect((await listLiveMigrations(db, { status: 'active' })).map((r) => r.migrationId)).toEqual([
      idOf(4),
    ]);
    expect(
      (await listLiveMigrations(db, { orgId: 'ef00000000000000000000aa' })).map(
        (r) => r.migrationId,
      ),
    ).toEqual([idOf(4)]);
    expect(
      (await listLiveMigrations(db, { atlasOrgId: 'ef0000000000000000000003' })).map(
        (r) => r.migrationId,
      ),
    ).toEqual([idOf(3)]);
    expect(await dueLiveMigrations(db, new Date(t0.getTime() + 120_000), INTERVAL, 10)).toEqual([
      { migrationId: idOf(4), atlasProjectId: PROJECT },
    ]);
  });
});

describeEachEngine('migration poller', (ctx) => {
  let clock: ManualClock;
  let source: FakeMigrations;
  const pollers: MigrationPoller[] = [];
  const poller = (holderId = 'A', s: MigrationSource = source) => {
    const p = new MigrationPoller({
      store: ctx.store,
      source: s,
      intervalMs: INTERVAL,
      clock,
      holderId,
    });
    pollers.push(p);
    return p;
  };
  beforeEach(() => {
    clock = new ManualClock();
    source = new FakeMigrations();
  });
  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((p) => p.stop()));
  });

  it('one upstream call per active migration per interval, however often it ticks', async () => {
    for (let n = 1; n <= 5; n++) {
      await register(ctx.store, n, new Date(clock.now()));
      source.states.set(idOf(n), working(1000));
    }
    const p = poller();
    // The create call's answer was the first look: nothing is due for an interval.
    await p.tick();
    expect(source.calls).toHaveLength(0);
    clock.advance(INTERVAL);
    await p.tick();
    expect(source.calls).toHaveLength(5);
    // Ticks within the interval (and any number of readers of the registry) call nothing.
    for (let i = 0; i < 5; i++) {
      clock.advance(5_000);
      await p.tick();
      await listLiveMigrations(ctx.store.db);
    }
    expect(source.calls).toHaveLength(5);
    clock.advance(5_000);
    await p.tick();
    expect(source.calls).toHaveLength(10);
    expect(new Set(source.calls.slice(5))).toEqual(new Set([1, 2, 3, 4, 5].map(idOf)));
  });

  it('stops at COMPLETE, FAILED and EXPIRED', async () => {
    for (let n = 1; n <= 4; n++) {
      await register(ctx.store, n, new Date(clock.now()));
      source.states.set(idOf(n), working(100));
    }
    source.states.set(idOf(1), { status: 'COMPLETE', lagSeconds: null, readyForCutover: false });
    source.states.set(idOf(2), { status: 'FAILED', lagSeconds: null, readyForCutover: false });
    source.states.set(idOf(3), { status: 'EXPIRED', lagSeconds: null, readyForCutover: false });
    const p = poller();
    clock.advance(INTERVAL);
    await p.tick();
    expect(source.calls).toHaveLength(4);
    clock.advance(INTERVAL);
    await p.tick();
    expect(source.calls.slice(4)).toEqual([idOf(4)]);
    const active = await listLiveMigrations(ctx.store.db, { status: 'active' });
    expect(active.map((r) => r.migrationId)).toEqual([idOf(4)]);
  });

  it('one leader among two instances; the other takes over when the lease runs out', async () => {
    await register(ctx.store, 1, new Date(clock.now()));
    source.states.set(idOf(1), working(50));
    const a = poller('A');
    const other = await ctx.openSecond();
    const sourceB = new FakeMigrations();
    sourceB.states.set(idOf(1), working(40));
    const b = new MigrationPoller({
      store: other,
      source: sourceB,
      intervalMs: INTERVAL,
      clock,
      holderId: 'B',
    });
    clock.advance(INTERVAL);
    await a.tick();
    await b.tick();
    expect(a.isLeader).toBe(true);
    expect(b.isLeader).toBe(false);
    expect(source.calls).toEqual([idOf(1)]);
    expect(sourceB.calls).toHaveLength(0);
    expect((await readLease(ctx.store.db, POLL_LEASE))?.holder).toBe('A');
    // A stops renewing (it died): after its lease (and an interval since A's look) B polls.
    clock.advance(Math.max(a.leaseMs, INTERVAL) + 1);
    await b.tick();
    expect(b.isLeader).toBe(true);
    expect(sourceB.calls).toEqual([idOf(1)]);
    await b.stop();
    if (other !== ctx.store) await other.close();
  });

  it('a 429 records nothing and waits for Retry-After before asking again', async () => {
    await register(ctx.store, 1, new Date(clock.now()));
    source.states.set(idOf(1), working(70));
    source.limitedFor = 1;
    const p = poller();
    clock.advance(INTERVAL);
    await p.tick();
    expect(source.calls).toHaveLength(1);
    expect((await getLiveMigration(ctx.store.db, idOf(1)))?.lagSeconds).toBeNull();
    // Still due; the gate holds the next call until Retry-After (10 s) has passed.
    const next = p.tick();
    await clock.sleeping(1);
    expect(source.calls).toHaveLength(1);
    clock.advance(10_000);
    await next;
    expect(source.calls).toHaveLength(2);
    expect((await getLiveMigration(ctx.store.db, idOf(1)))?.lagSeconds).toBe(70);
  });
});
