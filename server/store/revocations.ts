// Signed-out sessions: one row per session id until the session would have expired anyway. Every
// instance loads the unexpired ones at start-up and then reads the rows revoked since it last
// looked (server/access/revocations.ts), so a sign-out on one instance ends the session on all of
// them, and a restart does not bring a signed-out cookie back.
import { and, gt, gte, lt, sql } from 'drizzle-orm';
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Database } from './db';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const sessionRevocations = pgTable('session_revocations', {
  sessionId: text('session_id').primaryKey(),
  userName: text('user_name').notNull(),
  /** The database's clock (its default): what readers on other instances compare against. */
  revokedAt: at('revoked_at')
    .notNull()
    .default(sql`now()`),
  expiresAt: at('expires_at').notNull(),
});
export type SessionRevocationRow = typeof sessionRevocations.$inferSelect;

export interface Revocation {
  sessionId: string;
  userName: string;
  expiresAt: Date;
}

/** Records a sign-out; committed when this resolves. Signing out twice is one row. */
export async function insertRevocation(db: Database, r: Revocation): Promise<void> {
  await db
    .insert(sessionRevocations)
    .values({ sessionId: r.sessionId, userName: r.userName, expiresAt: r.expiresAt })
    .onConflictDoNothing();
}

export interface RevocationBatch {
  revocations: { sessionId: string; expiresAt: Date }[];
  /** The database's time just before it read: the next read starts a margin before it. */
  readAt: Date;
}

/** The database's clock (every instance reads the same one). */
async function databaseNow(db: Database): Promise<Date> {
  const result = (await db.execute(sql`SELECT now() AS now`)) as unknown as {
    rows: { now: string | Date }[];
  };
  const v = result.rows[0]?.now;
  if (v === undefined) throw new Error('SELECT now() returned no row');
  return new Date(v);
}

/**
 * Revocations still in force at `now`, revoked at or after `since` (all of them when null). A
 * reader passes the previous batch's `readAt` minus a margin: a row's `revoked_at` is the start of
 * its transaction, which may commit a little after a read that started later.
 */
export async function revocationsSince(
  db: Database,
  since: Date | null,
  now: Date,
): Promise<RevocationBatch> {
  const readAt = await databaseNow(db);
  const rows = await db
    .select({ sessionId: sessionRevocations.sessionId, expiresAt: sessionRevocations.expiresAt })
    .from(sessionRevocations)
    .where(
      and(
        gt(sessionRevocations.expiresAt, now),
        since ? gte(sessionRevocations.revokedAt, since) : undefined,
      ),
    );
  return { revocations: rows, readAt };
}

/** Deletes revocations of sessions that expired before `before` (their cookies are refused anyway). */
export async function pruneRevocations(db: Database, before: Date): Promise<number> {
  const gone = await db
    .delete(sessionRevocations)
    .where(lt(sessionRevocations.expiresAt, before))
    .returning({ sessionId: sessionRevocations.sessionId });
  return gone.length;
}
