// The fleet sweeper on both engines, with a manual clock and a fake source: complete sweeps
// (all pages, bounded concurrency), what it records, the rate limit (Retry-After pauses every
// worker; low RateLimit-Remaining spaces calls), leadership between two instances on one
// database, Check now, stop, retention.
import { describeEachEngine } from '../testing/engines';
import { FakeSource, orgIdOf } from '../testing/fake-source';
import { ManualClock } from '../testing/manual-clock';
import type { Store } from '../store/connect';
import { getFleetOrg, listFleet, recordObservation, statusHistory } from '../store/fleet';
import { readLease } from '../store/leases';
import { lastFinishedSweep, openSweep, requestSweep } from '../store/sweeps';
import { SWEEP_LEASE, Sweeper, type SweeperOptions } from './sweeper';

const INTERVAL = 5 * 60_000;

function sweeperOn(
  store: Store,
  clock: ManualClock,
  source: FakeSource,
  extra: Partial<SweeperOptions> = {},
): Sweeper {
  return new Sweeper({
    store,
    sources: [source],
    clock,
    intervalMs: INTERVAL,
    concurrency: 4,
    retentionDays: 90,
    holderId: 'A',
    ...extra,
  });
}

/** Runs one tick and the sweep it starts to the end, moving the clock whenever all wait on it. */
async function sweepToEnd(sweeper: Sweeper, clock: ManualClock, stepMs = 1000): Promise<void> {
  await sweeper.tick();
  let done = false;
  const idle = sweeper.idle().then(() => {
    done = true;
  });
  while (!done) {
    await Promise.race([idle, clock.sleeping(1)]);
    if (!done) clock.advance(stepMs);
  }
}

describeEachEngine('fleet sweeper', (ctx) => {
  let clock: ManualClock;
  let source: FakeSource;
  beforeEach(() => {
    clock = new ManualClock();
    source = new FakeSource(clock);
  });

  it('lists every page, checks every org 4 at a time, records statuses, changes and progress', async () => {
    source = new FakeSource(clock, 'opsmanager', 10).withOrgs(23, 'SYNCED');
    source.statuses.set(orgIdOf(7), 'NOT_SYNCED');
    source.statuses.set(orgIdOf(8), 'NOT_LINKED');
    const sweeper = sweeperOn(ctx.store, clock, source);
    await sweepToEnd(sweeper, clock);

    expect(source.calls.filter((c) => c.kind === 'list').map((c) => c.target)).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect(new Set(source.calls.filter((c) => c.kind === 'status').map((c) => c.target)).size).toBe(
      23,
    );
    expect(source.maxInFlight).toBe(4);
    const fleet = await listFleet(ctx.store.db);
    expect(fleet).toHaveLength(23);
    const byId = new Map(fleet.map((o) => [o.orgId, o]));
    expect(byId.get(orgIdOf(7))).toMatchObject({ name: 'Org 0007', linkStatus: 'NOT_SYNCED' });
    expect(byId.get(orgIdOf(8))?.linkStatus).toBe('NOT_LINKED');
    expect(byId.get(orgIdOf(9))?.lastCheckedAt).toEqual(new Date(clock.now()));
    const history = await statusHistory(ctx.store.db, 'opsmanager', orgIdOf(7), 5);
    expect(history.map((h) => [h.oldStatus, h.newStatus, h.seenVia])).toEqual([
      [null, 'NOT_SYNCED', 'sweep'],
    ]);
    expect(await lastFinishedSweep(ctx.store.db)).toMatchObject({
      cause: 'schedule',
      outcome: 'completed',
      holder: 'A',
      orgsTotal: 23,
      orgsChecked: 23,
      orgsFailed: 0,
      statusChanges: 23,
    });
  });

  it('sweeps again one interval after the last sweep started, recording only changes', async () => {
    source.withOrgs(5, 'NOT_SYNCED');
    const sweeper = sweeperOn(ctx.store, clock, source);
    await sweepToEnd(sweeper, clock);
    const first = source.calls.length;

    clock.advance(INTERVAL - 1000);
    await sweeper.tick();
    expect(source.calls).toHaveLength(first); // not due yet
    expect(await openSweep(ctx.store.db)).toBeNull();

    source.statuses.set(orgIdOf(2), 'SYNCED');
    clock.advance(1000);
    await sweepToEnd(sweeper, clock);
    expect(source.calls.length).toBeGreaterThan(first);
    const history = await statusHistory(ctx.store.db, 'opsmanager', orgIdOf(2), 5);
    expect(history.map((h) => h.newStatus)).toEqual(['SYNCED', 'NOT_SYNCED']);
    expect(await lastFinishedSweep(ctx.store.db)).toMatchObject({
      orgsChecked: 5,
      statusChanges: 1,
    });
  });

  it('a failed check records its error and keeps the last status; other orgs go on', async () => {
    source.withOrgs(3, 'SYNCED');
    const sweeper = sweeperOn(ctx.store, clock, source);
    await sweepToEnd(sweeper, clock);
    source.statuses.set(orgIdOf(1), {
      code: 'USER_UNAUTHORIZED',
      detail: 'The key lacks the Organization Owner role.',
      httpStatus: 403,
    });
    clock.advance(INTERVAL);
    await sweepToEnd(sweeper, clock);
    expect(await getFleetOrg(ctx.store.db, 'opsmanager', orgIdOf(1))).toMatchObject({
      linkStatus: 'SYNCED',
      lastErrorCode: 'USER_UNAUTHORIZED',
      lastErrorHttpStatus: 403,
      lastCheckedAt: new Date(clock.now()),
    });
    expect((await getFleetOrg(ctx.store.db, 'opsmanager', orgIdOf(2)))?.lastErrorCode).toBeNull();
    expect(await lastFinishedSweep(ctx.store.db)).toMatchObject({
      outcome: 'completed',
      orgsChecked: 3,
      orgsFailed: 1,
    });
  });

  it('an org the listing no longer has leaves the board; a listing that fails changes nothing', async () => {
    source.withOrgs(3);
    const sweeper = sweeperOn(ctx.store, clock, source);
    await sweepToEnd(sweeper, clock);
    source.orgs = source.orgs.filter((o) => o.id !== orgIdOf(0));
    clock.advance(INTERVAL);
    await sweepToEnd(sweeper, clock);
    expect((await listFleet(ctx.store.db)).map((o) => o.orgId)).toEqual([orgIdOf(1), orgIdOf(2)]);

    source.listError = { code: 'HTTP_500', detail: 'Internal Server Error', httpStatus: 500 };
    clock.advance(INTERVAL);
    const before = source.calls.length;
    await sweepToEnd(sweeper, clock);
    expect(source.calls.slice(before).map((c) => c.kind)).toEqual(['list']);
    expect(await listFleet(ctx.store.db)).toHaveLength(2);
    expect(await lastFinishedSweep(ctx.store.db)).toMatchObject({
      outcome: 'failed',
      errorDetail: 'Ops Manager organizations could not be listed: HTTP_500: Internal Server Error',
    });
  });

  it('a 429 pauses every worker for its Retry-After, then the org is checked again', async () => {
    source.withOrgs(20);
    const limited = orgIdOf(3);
    let pausedAt = 0;
    let answeredAt = 0; // calls recorded before the 429 was answered
    source.script = (orgId) => {
      if (orgId !== limited || source.statusCallsFor(limited).length > 1) return undefined;
      pausedAt = clock.now();
      answeredAt = source.calls.length;
      return {
        kind: 'rate-limited',
        error: { code: 'RATE_LIMITED', detail: 'Too many requests.', httpStatus: 429 },
        rate: { retryAfterMs: 3000, remaining: 0, limit: 100, resetMs: null },
      };
    };
    const sweeper = sweeperOn(ctx.store, clock, source);
    await sweepToEnd(sweeper, clock, 500);

    // No call started after the 429 until its Retry-After had passed (those already in flight
    // are not stopped).
    const after = source.calls.slice(answeredAt);
    expect(after.length).toBeGreaterThan(10);
    expect(after.filter((c) => c.at < pausedAt + 3000)).toEqual([]);
    expect(source.statusCallsFor(limited).map((c) => c.at)).toEqual([pausedAt, expect.any(Number)]);
    expect(source.statusCallsFor(limited)[1]?.at).toBeGreaterThanOrEqual(pausedAt + 3000);
    expect(await getFleetOrg(ctx.store.db, 'opsmanager', limited)).toMatchObject({
      linkStatus: 'SYNCED',
      lastErrorCode: null,
    });
    expect(await lastFinishedSweep(ctx.store.db)).toMatchObject({ orgsChecked: 20, orgsFailed: 0 });
  });

  it('keeps answering 429: after its retries the org gets RATE_LIMITED as its error', async () => {
    source.withOrgs(2);
    source.script = (orgId) =>
      orgId === orgIdOf(1)
        ? {
            kind: 'rate-limited',
            error: { code: 'RATE_LIMITED', detail: 'Too many requests.', httpStatus: 429 },
            rate: { retryAfterMs: 1000, remaining: null, limit: null, resetMs: null },
          }
        : undefined;
    const sweeper = sweeperOn(ctx.store, clock, source, { maxRateLimitedRetries: 2 });
    await sweepToEnd(sweeper, clock);
    expect(source.statusCallsFor(orgIdOf(1))).toHaveLength(3);
    expect((await getFleetOrg(ctx.store.db, 'opsmanager', orgIdOf(1)))?.lastErrorCode).toBe(
      'RATE_LIMITED',
    );
  });

  it('when RateLimit-Remaining runs low it spaces calls to last until the window resets', async () => {
    source.withOrgs(12);
    // 2 calls left of 100, the window resets in 10 s: one call every 5 s.
    source.rate = { retryAfterMs: null, remaining: 2, limit: 100, resetMs: 10_000 };
    const sweeper = sweeperOn(ctx.store, clock, source);
    await sweepToEnd(sweeper, clock, 1000);
    const starts = source.calls.filter((c) => c.kind === 'status').map((c) => c.at);
    // The first calls start before any answer said so; from then on, 5 s apart at least.
    const spaced = starts.filter((t) => t > starts[0]!);
    expect(spaced.length).toBeGreaterThanOrEqual(8);
    for (let i = 1; i < spaced.length; i++) {
      expect(spaced[i]! - spaced[i - 1]!).toBeGreaterThanOrEqual(5000);
    }
    expect(await lastFinishedSweep(ctx.store.db)).toMatchObject({ orgsChecked: 12 });
  });

  it('with two instances on one database exactly one sweeps; the other takes over within one interval when it dies', async () => {
    // A 1-minute interval: a 20 s lease, a tick every 5 s.
    const SHORT = 60_000;
    source.withOrgs(10);
    const sourceB = new FakeSource(clock).withOrgs(10);
    const a = sweeperOn(ctx.store, clock, source, { holderId: 'A', intervalMs: SHORT });
    const b = sweeperOn(await ctx.openSecond(), clock, sourceB, {
      holderId: 'B',
      intervalMs: SHORT,
    });

    await a.tick();
    await b.tick();
    await a.idle();
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    expect(sourceB.calls).toEqual([]);

    // Both keep ticking through two intervals: A sweeps twice, B never.
    for (let t = 0; t < 2 * SHORT; t += a.tickMs) {
      clock.advance(a.tickMs);
      await a.tick();
      await b.tick();
      await a.idle();
    }
    expect(sourceB.calls).toEqual([]);
    expect(source.calls.filter((c) => c.kind === 'list')).toHaveLength(3);

    // A dies in the middle of a sweep: its checks hang, it ticks no more.
    source.holdCalls();
    clock.advance(SHORT);
    await a.tick();
    expect(a.runningSweepId).not.toBeNull();
    const diedAt = clock.now();
    while (!b.isLeader) {
      clock.advance(b.tickMs);
      await b.tick();
    }
    expect(clock.now() - diedAt).toBeLessThanOrEqual(b.leaseMs + b.tickMs);
    expect(clock.now() - diedAt).toBeLessThan(SHORT);
    // B ended A's sweep as abandoned and swept at once: an abandoned sweep does not count.
    await b.idle();
    expect(sourceB.calls.filter((c) => c.kind === 'status')).toHaveLength(10);
    expect((await readLease(ctx.store.db, SWEEP_LEASE))?.holder).toBe('B');
    const finished = await lastFinishedSweep(ctx.store.db);
    expect(finished).toMatchObject({ holder: 'B', outcome: 'completed', orgsChecked: 10 });
    // A comes back: it is not the leader any more and stops starting checks.
    source.release();
    await a.tick();
    expect(a.isLeader).toBe(false);
    await a.idle();
    expect(await lastFinishedSweep(ctx.store.db)).toMatchObject({ holder: 'B' });
  });

  it('Check now asked on another instance is swept by the leader at its next tick', async () => {
    source.withOrgs(3);
    const a = sweeperOn(ctx.store, clock, source);
    await sweepToEnd(a, clock);
    clock.advance(10_000);
    const second = await ctx.openSecond();
    await requestSweep(second.db, 'ann', new Date(clock.now()));
    await a.tick();
    await a.idle();
    expect(await lastFinishedSweep(ctx.store.db)).toMatchObject({
      cause: 'request',
      requestedBy: 'ann',
      outcome: 'completed',
      orgsChecked: 3,
    });
  });

  it('start() ticks on its own; wake() ticks at once; stop() abandons the sweep and frees the lease', async () => {
    source.withOrgs(4);
    const a = sweeperOn(ctx.store, clock, source);
    a.start();
    await vi.waitFor(async () =>
      expect((await lastFinishedSweep(ctx.store.db))?.outcome).toBe('completed'),
    );
    await clock.sleeping(1); // parked until the next tick

    // Check now on this instance: wake() does not wait for the tick.
    source.holdCalls();
    await requestSweep(ctx.store.db, 'bob', new Date(clock.now()));
    a.wake();
    await vi.waitFor(async () => expect((await openSweep(ctx.store.db))?.startedAt).not.toBeNull());

    // Stopping waits for the checks in flight (a real one ends by its timeout), starts no more.
    const stopped = a.stop();
    source.release();
    await stopped;
    expect(await lastFinishedSweep(ctx.store.db)).toMatchObject({
      cause: 'request',
      outcome: 'abandoned',
    });
    expect(await readLease(ctx.store.db, SWEEP_LEASE)).toBeNull();
    const b = sweeperOn(ctx.store, clock, new FakeSource(clock).withOrgs(4), { holderId: 'B' });
    await b.tick();
    expect(b.isLeader).toBe(true);
    await b.idle();
  });

  it('prunes status changes older than HISTORY_RETENTION_DAYS after a sweep', async () => {
    source.withOrgs(1, 'SYNCED');
    const old = new Date(clock.now() - 3 * 86_400_000);
    await recordObservation(ctx.store.db, {
      upstream: 'opsmanager',
      orgId: orgIdOf(0),
      at: old,
      seen: 'poll',
      result: { status: 'NOT_SYNCED' },
    });
    const sweeper = sweeperOn(ctx.store, clock, source, { retentionDays: 2 });
    await sweepToEnd(sweeper, clock);
    const history = await statusHistory(ctx.store.db, 'opsmanager', orgIdOf(0), 5);
    expect(history.map((h) => [h.oldStatus, h.newStatus])).toEqual([['NOT_SYNCED', 'SYNCED']]);
  });
});
