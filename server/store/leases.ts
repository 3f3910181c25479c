// Leases: a named right to do a job (the fleet sweep) that one instance holds until it expires.
// The holder renews it while it works; when it dies, the lease runs out and another instance
// takes it. A row rather than an advisory lock: a session-level advisory lock lives on one
// connection, which a pool hands to whoever asks next, and PGlite has no second session anyway.
// Times come from the caller's clock (tests drive it); instances' clocks should agree within a
// small part of the lease's length (NTP), which the lease lengths the sweeper uses allow for.
import { and, eq, sql } from 'drizzle-orm';
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Database } from './db';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const leases = pgTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  acquiredAt: at('acquired_at').notNull(),
  renewedAt: at('renewed_at').notNull(),
  expiresAt: at('expires_at').notNull(),
});
export type LeaseRow = typeof leases.$inferSelect;

/**
 * Takes the lease `name` for `holder` until `now + ttlMs`, or renews it when `holder` has it.
 * True when `holder` holds it afterwards. One statement, so two instances racing for a free or
 * expired lease cannot both win.
 */
export async function acquireLease(
  db: Database,
  name: string,
  holder: string,
  now: Date,
  ttlMs: number,
): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const rows = await db
    .insert(leases)
    .values({ name, holder, acquiredAt: now, renewedAt: now, expiresAt })
    .onConflictDoUpdate({
      target: leases.name,
      set: {
        holder: sql`excluded.holder`,
        // A renewal keeps the time it was first acquired.
        acquiredAt: sql`CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END`,
        renewedAt: sql`excluded.renewed_at`,
        expiresAt: sql`excluded.expires_at`,
      },
      setWhere: sql`leases.holder = excluded.holder OR leases.expires_at <= excluded.renewed_at`,
    })
    .returning({ holder: leases.holder });
  return rows.length === 1 && rows[0]?.holder === holder;
}

/** Gives the lease up (on a clean stop), so another instance need not wait for it to expire. */
export async function releaseLease(db: Database, name: string, holder: string): Promise<void> {
  await db.delete(leases).where(and(eq(leases.name, name), eq(leases.holder, holder)));
}

export async function readLease(db: Database, name: string): Promise<LeaseRow | null> {
  const [row] = await db.select().from(leases).where(eq(leases.name, name));
  return row ?? null;
}
