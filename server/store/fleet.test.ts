// The fleet's queries on both engines: observations and the history they write, parallel
// observers of one org, listings and delisting, retention.
import { toFleetOrg } from '../fleet/views';
import { describeEachEngine, truncateAll } from '../testing/engines';
import {
  delistMissingOrgs,
  getFleetOrg,
  listFleet,
  listFleetJson,
  pruneFleetHistory,
  recordListedOrgs,
  recordObservation,
  statusHistory,
  type Observation,
} from './fleet';

const ORG_A = 'aa0000000000000000000001';
const ORG_B = 'bb0000000000000000000002';
const T0 = Date.parse('2026-03-01T10:00:00Z');
const t = (seconds: number) => new Date(T0 + seconds * 1000);

function obs(
  orgId: string,
  seconds: number,
  result: Observation['result'],
  seen: Observation['seen'] = 'sweep',
): Observation {
  return { upstream: 'opsmanager', orgId, at: t(seconds), seen, result };
}

describeEachEngine('fleet store', (ctx) => {
  it('records the first status, then only changes, with when and how each was seen', async () => {
    const db = ctx.store.db;
    expect(await recordObservation(db, obs(ORG_A, 0, { status: 'NOT_SYNCED' }))).toEqual({
      recorded: true,
      changed: true,
      previous: null,
    });
    expect(
      (await recordObservation(db, obs(ORG_A, 10, { status: 'NOT_SYNCED' }, 'poll'))).changed,
    ).toBe(false);
    expect(
      (await recordObservation(db, obs(ORG_A, 20, { status: 'SYNCED' }, 'poll'))).changed,
    ).toBe(true);
    await recordObservation(db, obs(ORG_A, 30, { status: 'NOT_LINKED' }, 'mutation'));

    const org = await getFleetOrg(db, 'opsmanager', ORG_A);
    expect(org).toMatchObject({
      linkStatus: 'NOT_LINKED',
      linkStatusSince: t(30),
      lastCheckedAt: t(30),
      lastSuccessAt: t(30),
      firstSeenAt: t(0),
      name: null,
    });
    const history = await statusHistory(db, 'opsmanager', ORG_A, 10);
    expect(
      history.map((h) => [h.changedAt.toISOString(), h.oldStatus, h.newStatus, h.seenVia]),
    ).toEqual([
      [t(30).toISOString(), 'SYNCED', 'NOT_LINKED', 'mutation'],
      [t(20).toISOString(), 'NOT_SYNCED', 'SYNCED', 'poll'],
      [t(0).toISOString(), null, 'NOT_SYNCED', 'sweep'],
    ]);
    expect(await statusHistory(db, 'opsmanager', ORG_A, 2)).toHaveLength(2);
  });

  it('a failed check records the error and keeps the last known status; a success clears it', async () => {
    const db = ctx.store.db;
    await recordObservation(db, obs(ORG_A, 0, { status: 'SYNCED' }));
    const error = { code: 'RATE_LIMITED', detail: 'Too many requests.', httpStatus: 429 };
    expect((await recordObservation(db, obs(ORG_A, 60, { error }))).changed).toBe(false);
    expect(await getFleetOrg(db, 'opsmanager', ORG_A)).toMatchObject({
      linkStatus: 'SYNCED',
      linkStatusSince: t(0),
      lastCheckedAt: t(60),
      lastSuccessAt: t(0),
      lastErrorCode: 'RATE_LIMITED',
      lastErrorDetail: 'Too many requests.',
      lastErrorHttpStatus: 429,
    });
    await recordObservation(db, obs(ORG_A, 120, { status: 'SYNCED' }));
    expect(await getFleetOrg(db, 'opsmanager', ORG_A)).toMatchObject({
      lastSuccessAt: t(120),
      lastErrorCode: null,
      lastErrorDetail: null,
      lastErrorHttpStatus: null,
    });
    expect(await statusHistory(db, 'opsmanager', ORG_A, 10)).toHaveLength(1);
  });

  it('an answer older than the last check recorded (it arrived late) changes nothing', async () => {
    const db = ctx.store.db;
    await recordObservation(db, obs(ORG_A, 100, { status: 'SYNCED' }));
    expect(await recordObservation(db, obs(ORG_A, 50, { status: 'NOT_SYNCED' }))).toEqual({
      recorded: false,
      changed: false,
      previous: 'SYNCED',
    });
    expect((await getFleetOrg(db, 'opsmanager', ORG_A))?.linkStatus).toBe('SYNCED');
  });

  it('many parallel observers of one org end in a consistent status and history', async () => {
    const second = await ctx.openSecond();
    const statuses = ['SYNCED', 'NOT_SYNCED', 'NOT_LINKED'] as const;
    // 120 observations at the same instant, from two connection pools on Postgres.
    const all = Array.from({ length: 120 }, (_, i) =>
      recordObservation(i % 2 ? second.db : ctx.store.db, {
        upstream: 'opsmanager',
        orgId: ORG_B,
        at: t(0),
        seen: i % 3 === 0 ? 'poll' : 'sweep',
        result: { status: statuses[(i * 7) % 3] ?? 'SYNCED' },
      }),
    );
    const outcomes = await Promise.all(all);
    const history = (await statusHistory(ctx.store.db, 'opsmanager', ORG_B, 1000)).reverse();
    // Every change reported is in the history, once; each one starts where the one before ended.
    expect(history).toHaveLength(outcomes.filter((o) => o.changed).length);
    expect(history[0]?.oldStatus).toBeNull();
    for (let i = 1; i < history.length; i++) {
      expect(history[i]?.oldStatus).toBe(history[i - 1]?.newStatus);
      expect(history[i]?.newStatus).not.toBe(history[i]?.oldStatus);
    }
    const org = await getFleetOrg(ctx.store.db, 'opsmanager', ORG_B);
    expect(org?.linkStatus).toBe(history.at(-1)?.newStatus);
    expect(history.length).toBeGreaterThan(1);
  });

  it('lists orgs page by page, keeps statuses, and delists those a full listing no longer has', async () => {
    const db = ctx.store.db;
    // A viewer polled ORG_B before any sweep listed it: it has no name and is not on the board.
    await recordObservation(db, obs(ORG_B, 0, { status: 'SYNCED' }, 'poll'));
    expect(await listFleet(db)).toEqual([]);

    await recordListedOrgs(db, 'opsmanager', [{ id: ORG_B, name: 'Zeta Corp' }], t(10));
    await recordListedOrgs(db, 'opsmanager', [{ id: ORG_A, name: 'Acme' }], t(10));
    expect(await delistMissingOrgs(db, 'opsmanager', t(10), t(11))).toBe(0);
    const board = await listFleet(db);
    expect(board.map((o) => [o.name, o.linkStatus])).toEqual([
      ['Acme', null],
      ['Zeta Corp', 'SYNCED'],
    ]);

    // The next listing has only Acme (renamed): Zeta Corp was deleted upstream.
    await recordListedOrgs(db, 'opsmanager', [{ id: ORG_A, name: 'Acme Inc' }], t(20));
    expect(await delistMissingOrgs(db, 'opsmanager', t(20), t(21))).toBe(1);
    expect((await listFleet(db)).map((o) => o.name)).toEqual(['Acme Inc']);
    // Its history stays until retention; listed again, it is back with its status.
    expect(await statusHistory(db, 'opsmanager', ORG_B, 10)).toHaveLength(1);
    await recordListedOrgs(db, 'opsmanager', [{ id: ORG_B, name: 'Zeta Corp' }], t(30));
    expect((await getFleetOrg(db, 'opsmanager', ORG_B))?.delistedAt).toBeNull();
    // Another upstream's listing never delists this one's orgs.
    expect(await delistMissingOrgs(db, 'cloud', t(40), t(41))).toBe(0);
  });

  it('retention prunes old changes and long-delisted orgs, nothing newer', async () => {
    const db = ctx.store.db;
    await recordListedOrgs(
      db,
      'opsmanager',
      [
        { id: ORG_A, name: 'A' },
        { id: ORG_B, name: 'B' },
      ],
      t(0),
    );
    await recordObservation(db, obs(ORG_A, 0, { status: 'SYNCED' }));
    await recordObservation(db, obs(ORG_A, 100, { status: 'NOT_SYNCED' }));
    await recordObservation(db, obs(ORG_B, 0, { status: 'SYNCED' }));
    await recordListedOrgs(db, 'opsmanager', [{ id: ORG_A, name: 'A' }], t(10));
    await delistMissingOrgs(db, 'opsmanager', t(10), t(10));

    expect(await pruneFleetHistory(db, t(50))).toEqual({ changes: 2, orgs: 1 });
    expect(await getFleetOrg(db, 'opsmanager', ORG_B)).toBeNull();
    const left = await statusHistory(db, 'opsmanager', ORG_A, 10);
    expect(left.map((h) => h.newStatus)).toEqual(['NOT_SYNCED']);
    // The org's current status is not history: it stays.
    expect((await getFleetOrg(db, 'opsmanager', ORG_A))?.linkStatus).toBe('NOT_SYNCED');
  });

  it("the board's JSON built by the database says what the rows say", async () => {
    const db = ctx.store.db;
    const names = ['Zürich "Prod" \\ ops', 'acme', 'Acme 2', '東京 🚀', "O'Brien\ttab"];
    await recordListedOrgs(
      db,
      'opsmanager',
      names.map((name, i) => ({ id: `dd00000000000000000000${String(i).padStart(2, '0')}`, name })),
      t(0),
    );
    await recordListedOrgs(db, 'cloud', [{ id: ORG_A, name: 'acme' }], t(0));
    await recordObservation(db, obs('dd0000000000000000000000', 5, { status: 'SYNCED' }));
    await recordObservation(
      db,
      obs('dd0000000000000000000001', 6, {
        error: { code: 'HTTP_502', detail: 'Bad "gateway"\n', httpStatus: null },
      }),
    );
    await recordObservation(db, obs(ORG_B, 7, { status: 'NOT_SYNCED' }, 'poll')); // never listed
    const fromJson: unknown = JSON.parse(await listFleetJson(db));
    expect(fromJson).toEqual((await listFleet(db)).map(toFleetOrg));
    expect(fromJson).toHaveLength(6);
    await truncateAll(ctx.store);
    expect(await listFleetJson(db)).toBe('[]');
  });

  it('refuses an org id that is not 24 hex digits (the schema checks it too)', async () => {
    await expect(
      recordObservation(ctx.store.db, obs('not-an-id', 0, { status: 'SYNCED' })),
    ).rejects.toThrow();
    expect(await getFleetOrg(ctx.store.db, 'opsmanager', 'not-an-id')).toBeNull();
  });
});
