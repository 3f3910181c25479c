// The sweeper's state on both engines: the lease (one holder at a time, takeover after expiry)
// and sweep runs (one open at a time, Check now from any instance, abandoned runs).
import { describeEachEngine } from '../testing/engines';
import { acquireLease, readLease, releaseLease } from './leases';
import {
  abandonSweepsOfOthers,
  finishSweep,
  lastFinishedSweep,
  lastScheduledStart,
  openSweep,
  pruneSweeps,
  recordSweepProgress,
  requestSweep,
  startSweep,
} from './sweeps';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const t = (seconds: number) => new Date(T0 + seconds * 1000);
const counts = { orgsChecked: 0, orgsFailed: 0, statusChanges: 0 };

describeEachEngine('sweeper state', (ctx) => {
  describe('lease', () => {
    it('one holder at a time; renewals keep it; another takes it only once it expired', async () => {
      const a = ctx.store.db;
      const b = (await ctx.openSecond()).db;
      expect(await acquireLease(a, 'sweep', 'A', t(0), 30_000)).toBe(true);
      expect(await acquireLease(b, 'sweep', 'B', t(10), 30_000)).toBe(false);
      expect(await acquireLease(a, 'sweep', 'A', t(20), 30_000)).toBe(true); // renewed to t(50)
      expect(await acquireLease(b, 'sweep', 'B', t(45), 30_000)).toBe(false);
      expect(await readLease(a, 'sweep')).toMatchObject({
        holder: 'A',
        acquiredAt: t(0),
        renewedAt: t(20),
        expiresAt: t(50),
      });
      // A stopped renewing (it died): B takes over when it expires, and A cannot renew any more.
      expect(await acquireLease(b, 'sweep', 'B', t(50), 30_000)).toBe(true);
      expect(await acquireLease(a, 'sweep', 'A', t(51), 30_000)).toBe(false);
      expect(await readLease(a, 'sweep')).toMatchObject({ holder: 'B', acquiredAt: t(50) });
    });

    it('exactly one of many racing instances gets a free lease', async () => {
      const second = await ctx.openSecond();
      const results = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          acquireLease(i % 2 ? second.db : ctx.store.db, 'sweep', `I${i}`, t(0), 30_000),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('released, it is free at once; only its holder can release it', async () => {
      const db = ctx.store.db;
      await acquireLease(db, 'sweep', 'A', t(0), 30_000);
      await releaseLease(db, 'sweep', 'B');
      expect((await readLease(db, 'sweep'))?.holder).toBe('A');
      await releaseLease(db, 'sweep', 'A');
      expect(await acquireLease(db, 'sweep', 'B', t(1), 30_000)).toBe(true);
    });
  });

  describe('sweep runs', () => {
    it('Check now queues one sweep however often it is asked, from any instance', async () => {
      const second = await ctx.openSecond();
      const first = await requestSweep(ctx.store.db, 'ann', t(0));
      const again = await requestSweep(second.db, 'bob', t(1));
      expect(again.id).toBe(first.id);
      expect(again).toMatchObject({ cause: 'request', requestedBy: 'ann', startedAt: null });
      // The leader starts the queued one (even when the schedule is not due).
      const started = await startSweep(second.db, 'leader', t(2), false);
      expect(started).toMatchObject({ id: first.id, startedAt: t(2), holder: 'leader' });
      // While it runs, asking again returns the running one.
      expect((await requestSweep(ctx.store.db, 'cy', t(3))).id).toBe(first.id);
      expect(await startSweep(ctx.store.db, 'leader', t(3), true)).toBeNull();
    });

    it('the schedule starts a sweep only when due; progress and outcome are recorded', async () => {
      const db = ctx.store.db;
      expect(await startSweep(db, 'L', t(0), false)).toBeNull();
      const run = await startSweep(db, 'L', t(0), true);
      expect(run).toMatchObject({ cause: 'schedule', requestedBy: null, startedAt: t(0) });
      await recordSweepProgress(db, run!.id, {
        orgsTotal: 10,
        orgsChecked: 4,
        orgsFailed: 1,
        statusChanges: 2,
      });
      expect(await openSweep(db)).toMatchObject({ orgsTotal: 10, orgsChecked: 4, orgsFailed: 1 });
      await finishSweep(db, run!.id, 'completed', t(30), {
        orgsChecked: 10,
        orgsFailed: 1,
        statusChanges: 3,
      });
      expect(await openSweep(db)).toBeNull();
      expect(await lastFinishedSweep(db)).toMatchObject({
        outcome: 'completed',
        finishedAt: t(30),
        orgsChecked: 10,
      });
      expect(await lastScheduledStart(db)).toEqual(t(0));
      // Finishing twice changes nothing.
      await finishSweep(db, run!.id, 'failed', t(40), counts, 'late');
      expect((await lastFinishedSweep(db))?.outcome).toBe('completed');
    });

    it('a new leader abandons the sweep a dead one left running; abandoned runs do not count', async () => {
      const db = ctx.store.db;
      const done = await startSweep(db, 'A', t(0), true);
      await finishSweep(db, done!.id, 'completed', t(10), counts);
      await startSweep(db, 'A', t(300), true); // A dies during this one
      expect(await abandonSweepsOfOthers(db, 'A', t(320))).toBe(0);
      expect(await abandonSweepsOfOthers(db, 'B', t(320))).toBe(1);
      expect(await lastFinishedSweep(db)).toMatchObject({
        outcome: 'abandoned',
        finishedAt: t(320),
      });
      expect(await lastScheduledStart(db)).toEqual(t(0));
      expect(await openSweep(db)).toBeNull();
    });

    it('retention keeps the last finished sweep', async () => {
      const db = ctx.store.db;
      for (let i = 0; i < 3; i++) {
        const run = await startSweep(db, 'L', t(i * 100), true);
        await finishSweep(db, run!.id, 'completed', t(i * 100 + 10), counts);
      }
      expect(await pruneSweeps(db, t(1000))).toBe(2);
      expect(await lastFinishedSweep(db)).toMatchObject({ finishedAt: t(210) });
    });
  });
});
