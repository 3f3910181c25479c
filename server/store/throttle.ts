// Sign-in throttle counters (wrong passwords per user+address, per address, per account), shared by
// every instance and kept across restarts, so a guesser gains nothing by spreading guesses over
// instances or by waiting for a restart. The rules (how many are free, how long a delay) live in
// server/access/throttle.ts; here are the counters and their atomic updates. Keys arrive hashed.
import { and, inArray, lt, or, isNull, lte, sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Database } from './db';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const signInThrottle = pgTable('sign_in_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: at('last_failure_at').notNull(),
  blockedUntil: at('blocked_until'),
});
export type SignInThrottleRow = typeof signInThrottle.$inferSelect;

export async function readCounters(
  db: Database,
  keys: readonly string[],
): Promise<SignInThrottleRow[]> {
  if (keys.length === 0) return [];
  return db
    .select()
    .from(signInThrottle)
    .where(inArray(signInThrottle.key, [...keys]));
}

/**
 * One more wrong password at `at` for each key, in one statement (atomic per key: parallel
 * failures on several instances each count). A counter whose last failure was before
 * `forgetBefore` and that blocks no longer starts again at 1. Returns each key's new count.
 */
export async function incrementCounters(
  db: Database,
  keys: readonly string[],
  at: Date,
  forgetBefore: Date,
): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const forgotten = sql`(sign_in_throttle.last_failure_at < ${forgetBefore}
    AND (sign_in_throttle.blocked_until IS NULL OR sign_in_throttle.blocked_until <= excluded.last_failure_at))`;
  const rows = await db
    .insert(signInThrottle)
    .values(keys.map((key) => ({ key, failures: 1, lastFailureAt: at, blockedUntil: null })))
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`CASE WHEN ${forgotten} THEN 1 ELSE sign_in_throttle.failures + 1 END`,
        blockedUntil: sql`CASE WHEN ${forgotten} THEN NULL ELSE sign_in_throttle.blocked_until END`,
        lastFailureAt: sql`GREATEST(sign_in_throttle.last_failure_at, excluded.last_failure_at)`,
      },
    })
    .returning({ key: signInThrottle.key, failures: signInThrottle.failures });
  return new Map(rows.map((r) => [r.key, r.failures]));
}

/** Blocks each key until its time, unless it is blocked for longer already (never shortens). */
export async function blockCounters(
  db: Database,
  blocks: readonly { key: string; until: Date }[],
): Promise<void> {
  if (blocks.length === 0) return;
  const values = sql.join(
    blocks.map((b) => sql`(${b.key}::text, ${b.until}::timestamptz)`),
    sql`, `,
  );
  await db.execute(sql`UPDATE sign_in_throttle AS t
    SET blocked_until = GREATEST(t.blocked_until, v.until)
    FROM (VALUES ${values}) AS v(key, until)
    WHERE t.key = v.key`);
}

/** A correct password clears the user+address counter. */
export async function clearCounter(db: Database, key: string): Promise<void> {
  await db.delete(signInThrottle).where(inArray(signInThrottle.key, [key]));
}

/** Deletes counters that are forgotten: no failure since `forgetBefore` and no block at `now`. */
export async function pruneCounters(db: Database, forgetBefore: Date, now: Date): Promise<number> {
  const gone = await db
    .delete(signInThrottle)
    .where(
      and(
        lt(signInThrottle.lastFailureAt, forgetBefore),
        or(isNull(signInThrottle.blockedUntil), lte(signInThrottle.blockedUntil, now)),
      ),
    )
    .returning({ key: signInThrottle.key });
  return gone.length;
}
