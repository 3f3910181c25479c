// Sweep runs: each sweep of the fleet, queued (Check now) or scheduled, its progress while it runs
// and how it ended. In the database rather than in memory, so progress survives leaving the page,
// and "Check now" asked on any instance reaches the one that sweeps.
import { and, desc, eq, inArray, isNotNull, isNull, lt, ne, sql } from 'drizzle-orm';
import { bigint, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { SWEEP_CAUSES, SWEEP_OUTCOMES } from '#contract/fleet-contract';
import type { Database } from './db';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type SweepCause = (typeof SWEEP_CAUSES)[number];
export type SweepOutcome = (typeof SWEEP_OUTCOMES)[number];

export const fleetSweeps = pgTable('fleet_sweeps', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  cause: text('cause').$type<SweepCause>().notNull(),
  requestedBy: text('requested_by'),
  requestedAt: at('requested_at').notNull(),
  startedAt: at('started_at'),
  holder: text('holder'),
  finishedAt: at('finished_at'),
  outcome: text('outcome').$type<SweepOutcome>(),
  orgsTotal: integer('orgs_total'),
  orgsChecked: integer('orgs_checked').notNull().default(0),
  orgsFailed: integer('orgs_failed').notNull().default(0),
  statusChanges: integer('status_changes').notNull().default(0),
  errorDetail: text('error_detail'),
});
export type SweepRow = typeof fleetSweeps.$inferSelect;

const isOpen = isNull(fleetSweeps.finishedAt);

/** The queued or running sweep (there is at most one: a unique index says so). */
export async function openSweep(db: Database): Promise<SweepRow | null> {
  const [row] = await db.select().from(fleetSweeps).where(isOpen);
  return row ?? null;
}

export async function lastFinishedSweep(db: Database): Promise<SweepRow | null> {
  const [row] = await db
    .select()
    .from(fleetSweeps)
    .where(isNotNull(fleetSweeps.finishedAt))
    .orderBy(desc(fleetSweeps.finishedAt), desc(fleetSweeps.id))
    .limit(1);
  return row ?? null;
}

/**
 * When the last sweep that counts for the schedule started: completed or failed ones (a failed
 * sweep is not retried at once, so a failing upstream is not hammered); abandoned ones do not
 * count, so the instance taking over sweeps again at once.
 */
export async function lastScheduledStart(db: Database): Promise<Date | null> {
  const [row] = await db
    .select({ startedAt: fleetSweeps.startedAt })
    .from(fleetSweeps)
    .where(
      and(isNotNull(fleetSweeps.startedAt), inArray(fleetSweeps.outcome, ['completed', 'failed'])),
    )
    .orderBy(desc(fleetSweeps.startedAt))
    .limit(1);
  return row?.startedAt ?? null;
}

/**
 * Check now: queues a sweep unless one is already queued or running; either way returns the open
 * one (so asking twice does not sweep twice).
 */
export async function requestSweep(db: Database, by: string, now: Date): Promise<SweepRow> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const [queued] = await db
      .insert(fleetSweeps)
      .values({ cause: 'request', requestedBy: by, requestedAt: now })
      .onConflictDoNothing()
      .returning();
    if (queued) return queued;
    const open = await openSweep(db);
    if (open) return open;
    // The open one finished between the two statements: try again.
  }
  throw new Error('Could not queue a sweep: sweeps kept starting and finishing.');
}

/**
 * The leader starts a sweep: the queued one if there is one, else a scheduled one when `due`.
 * Returns the sweep it now runs, or null.
 */
export async function startSweep(
  db: Database,
  holder: string,
  now: Date,
  due: boolean,
): Promise<SweepRow | null> {
  const [claimed] = await db
    .update(fleetSweeps)
    .set({ startedAt: now, holder })
    .where(and(isOpen, isNull(fleetSweeps.startedAt)))
    .returning();
  if (claimed) return claimed;
  if (!due) return null;
  const [scheduled] = await db
    .insert(fleetSweeps)
    .values({ cause: 'schedule', requestedAt: now, startedAt: now, holder })
    .onConflictDoNothing()
    .returning();
  return scheduled ?? null;
}

/** A new leader ends the sweeps other instances left running (they stopped or died). */
export async function abandonSweepsOfOthers(
  db: Database,
  holder: string,
  now: Date,
): Promise<number> {
  const rows = await db
    .update(fleetSweeps)
    .set({
      finishedAt: now,
      outcome: 'abandoned',
      errorDetail: 'The instance running this sweep stopped before it finished.',
    })
    .where(and(isOpen, isNotNull(fleetSweeps.startedAt), ne(fleetSweeps.holder, holder)))
    .returning({ id: fleetSweeps.id });
  return rows.length;
}

export interface SweepCounts {
  orgsTotal?: number;
  orgsChecked: number;
  orgsFailed: number;
  statusChanges: number;
}

export async function recordSweepProgress(
  db: Database,
  id: number,
  counts: SweepCounts,
): Promise<void> {
  await db
    .update(fleetSweeps)
    .set(counts)
    .where(and(eq(fleetSweeps.id, id), isOpen));
}

export async function finishSweep(
  db: Database,
  id: number,
  outcome: SweepOutcome,
  now: Date,
  counts: SweepCounts,
  errorDetail: string | null = null,
): Promise<void> {
  await db
    .update(fleetSweeps)
    .set({ ...counts, finishedAt: now, outcome, errorDetail })
    .where(and(eq(fleetSweeps.id, id), isOpen));
}

/** Retention: finished sweeps older than `before` go, except the last one. */
export async function pruneSweeps(db: Database, before: Date): Promise<number> {
  const last = await lastFinishedSweep(db);
  const rows = await db
    .delete(fleetSweeps)
    .where(
      and(
        isNotNull(fleetSweeps.finishedAt),
        lt(fleetSweeps.finishedAt, before),
        last ? ne(fleetSweeps.id, last.id) : sql`true`,
      ),
    )
    .returning({ id: fleetSweeps.id });
  return rows.length;
}
