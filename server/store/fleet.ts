// The fleet's tables and every query on them: each source org's current link status (one row per
// upstream + org) and the history of its changes. Written by the sweeper (`seen: 'sweep'`) and by
// the proxy when a viewer's poll or a connect/remove passes through it; read by /api/fleet.
import { and, asc, desc, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import {
  bigint,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import type { CheckError, FleetStatus, SeenVia } from '#contract/fleet-contract';
import type { Database } from './db';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const fleetOrgs = pgTable(
  'fleet_orgs',
  {
    upstream: text('upstream').notNull(),
    orgId: text('org_id').notNull(),
    /** null until a sweep lists the org (a viewer's poll can see it first). */
    name: text('name'),
    /** null: never checked. */
    linkStatus: text('link_status').$type<FleetStatus>(),
    linkStatusSince: at('link_status_since'),
    lastCheckedAt: at('last_checked_at'),
    lastSuccessAt: at('last_success_at'),
    lastErrorCode: text('last_error_code'),
    lastErrorDetail: text('last_error_detail'),
    lastErrorHttpStatus: integer('last_error_http_status'),
    firstSeenAt: at('first_seen_at').notNull(),
    lastListedAt: at('last_listed_at'),
    delistedAt: at('delisted_at'),
  },
  (t) => [primaryKey({ columns: [t.upstream, t.orgId] })],
);
export type FleetOrgRow = typeof fleetOrgs.$inferSelect;

// Indexes live in the SQL migrations only (drizzle never creates tables here).
export const fleetStatusChanges = pgTable('fleet_status_changes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  upstream: text('upstream').notNull(),
  orgId: text('org_id').notNull(),
  changedAt: at('changed_at').notNull(),
  /** null: the first status seen for this org. */
  oldStatus: text('old_status').$type<FleetStatus>(),
  newStatus: text('new_status').$type<FleetStatus>().notNull(),
  seenVia: text('seen_via').$type<SeenVia>().notNull(),
});
export type FleetStatusChangeRow = typeof fleetStatusChanges.$inferSelect;

export interface SourceOrg {
  id: string;
  name: string;
}

/** What one check of one org's link found: a status, or why it could not tell. */
export type CheckResult = { status: FleetStatus } | { error: CheckError };

export interface Observation {
  upstream: string;
  orgId: string;
  /** When the answer arrived. */
  at: Date;
  seen: SeenVia;
  result: CheckResult;
}

export interface ObservationOutcome {
  /** false: an answer older than the last check recorded (it arrived late) changed nothing. */
  recorded: boolean;
  changed: boolean;
  previous: FleetStatus | null;
}

const orgKey = (upstream: string, orgId: string) =>
  and(eq(fleetOrgs.upstream, upstream), eq(fleetOrgs.orgId, orgId));

/**
 * Records one check of one org: its current status and, when that differs from the last one
 * known, a status change. An error is recorded as the last error and leaves the status as it was.
 * Safe under concurrency: the org's row is locked for the transaction, so parallel observations
 * of one org apply one after another and the history chains without gaps or repeats.
 */
export async function recordObservation(
  db: Database,
  obs: Observation,
): Promise<ObservationOutcome> {
  return db.transaction(async (tx) => {
    const lockRow = () =>
      tx
        .select({ linkStatus: fleetOrgs.linkStatus, lastCheckedAt: fleetOrgs.lastCheckedAt })
        .from(fleetOrgs)
        .where(orgKey(obs.upstream, obs.orgId))
        .for('update');
    let [row] = await lockRow();
    if (!row) {
      await tx
        .insert(fleetOrgs)
        .values({ upstream: obs.upstream, orgId: obs.orgId, firstSeenAt: obs.at })
        .onConflictDoNothing();
      [row] = await lockRow();
    }
    const previous = row?.linkStatus ?? null;
    if (row?.lastCheckedAt && obs.at < row.lastCheckedAt) {
      return { recorded: false, changed: false, previous };
    }
    if ('error' in obs.result) {
      await tx
        .update(fleetOrgs)
        .set({
          lastCheckedAt: obs.at,
          lastErrorCode: obs.result.error.code,
          lastErrorDetail: obs.result.error.detail,
          lastErrorHttpStatus: obs.result.error.httpStatus,
        })
        .where(orgKey(obs.upstream, obs.orgId));
      return { recorded: true, changed: false, previous };
    }
    const status = obs.result.status;
    const changed = previous !== status;
    await tx
      .update(fleetOrgs)
      .set({
        lastCheckedAt: obs.at,
        lastSuccessAt: obs.at,
        lastErrorCode: null,
        lastErrorDetail: null,
        lastErrorHttpStatus: null,
        ...(changed ? { linkStatus: status, linkStatusSince: obs.at } : {}),
      })
      .where(orgKey(obs.upstream, obs.orgId));
    if (changed) {
      await tx.insert(fleetStatusChanges).values({
        upstream: obs.upstream,
        orgId: obs.orgId,
        changedAt: obs.at,
        oldStatus: previous,
        newStatus: status,
        seenVia: obs.seen,
      });
    }
    return { recorded: true, changed, previous };
  });
}

/** Upserts one page of an upstream's org listing: names, listed now, no longer delisted. */
export async function recordListedOrgs(
  db: Database,
  upstream: string,
  orgs: readonly SourceOrg[],
  listedAt: Date,
): Promise<void> {
  if (orgs.length === 0) return;
  // Sorted, so concurrent upserts of overlapping pages lock rows in one order (no deadlock).
  const values = [...orgs]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((o) => ({
      upstream,
      orgId: o.id,
      name: o.name,
      firstSeenAt: listedAt,
      lastListedAt: listedAt,
    }));
  await db
    .insert(fleetOrgs)
    .values(values)
    .onConflictDoUpdate({
      target: [fleetOrgs.upstream, fleetOrgs.orgId],
      set: {
        name: sql`excluded.name`,
        lastListedAt: sql`excluded.last_listed_at`,
        delistedAt: null,
      },
    });
}

/**
 * After a complete listing of `upstream` that started at `listingStartedAt`: orgs it did not
 * include (deleted upstream) leave the fleet view. Their history stays until retention prunes it.
 */
export async function delistMissingOrgs(
  db: Database,
  upstream: string,
  listingStartedAt: Date,
  at: Date,
): Promise<number> {
  const rows = await db
    .update(fleetOrgs)
    .set({ delistedAt: at })
    .where(
      and(
        eq(fleetOrgs.upstream, upstream),
        isNull(fleetOrgs.delistedAt),
        lt(fleetOrgs.firstSeenAt, listingStartedAt),
        or(isNull(fleetOrgs.lastListedAt), lt(fleetOrgs.lastListedAt, listingStartedAt)),
      ),
    )
    .returning({ orgId: fleetOrgs.orgId });
  return rows.length;
}

/** Every org a sweep has listed and the upstream still has: the board's rows. */
export async function listFleet(db: Database): Promise<FleetOrgRow[]> {
  return db
    .select()
    .from(fleetOrgs)
    .where(and(isNotNull(fleetOrgs.lastListedAt), isNull(fleetOrgs.delistedAt)))
    .orderBy(asc(fleetOrgs.name), asc(fleetOrgs.upstream), asc(fleetOrgs.orgId));
}

/** A timestamp as JSON text, exactly as `Date.prototype.toISOString` writes it. */
const isoText = (column: AnyPgColumn) =>
  sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The board's rows (as listFleet), already as the JSON text of the fleet contract's `orgs` array.
 * Postgres builds it: for 5,000 orgs this is several times faster than reading the rows into
 * JavaScript and serialising them, above all on PGlite, where every field of every row crosses
 * from WebAssembly. fleet.test.ts checks it says what toFleetOrg says of listFleet's rows.
 */
export async function listFleetJson(db: Database): Promise<string> {
  const f = fleetOrgs;
  const result = await db.execute(sql`
    SELECT coalesce(json_agg(o ORDER BY o.name, o.upstream, o."orgId")::text, '[]') AS orgs
    FROM (
      SELECT ${f.upstream} AS "upstream", ${f.orgId} AS "orgId", ${f.name} AS "name",
             ${f.linkStatus} AS "status",
             ${isoText(f.linkStatusSince)} AS "statusSince",
             ${isoText(f.lastCheckedAt)} AS "lastCheckedAt",
             ${isoText(f.lastSuccessAt)} AS "lastSuccessAt",
             CASE WHEN ${f.lastErrorCode} IS NULL THEN NULL
                  ELSE json_build_object('code', ${f.lastErrorCode},
                                         'detail', coalesce(${f.lastErrorDetail}, ''),
                                         'httpStatus', ${f.lastErrorHttpStatus}) END AS "lastError"
      FROM ${f}
      WHERE ${f.lastListedAt} IS NOT NULL AND ${f.delistedAt} IS NULL
    ) o`);
  const rows = (result as unknown as { rows: { orgs: string }[] }).rows;
  return rows[0]?.orgs ?? '[]';
}

export async function getFleetOrg(
  db: Database,
  upstream: string,
  orgId: string,
): Promise<FleetOrgRow | null> {
  const [row] = await db.select().from(fleetOrgs).where(orgKey(upstream, orgId));
  return row ?? null;
}

/** One org's status changes, newest first. */
export async function statusHistory(
  db: Database,
  upstream: string,
  orgId: string,
  limit: number,
): Promise<FleetStatusChangeRow[]> {
  return db
    .select()
    .from(fleetStatusChanges)
    .where(and(eq(fleetStatusChanges.upstream, upstream), eq(fleetStatusChanges.orgId, orgId)))
    .orderBy(desc(fleetStatusChanges.changedAt), desc(fleetStatusChanges.id))
    .limit(limit);
}

/**
 * Retention (HISTORY_RETENTION_DAYS): status changes older than `before` go, and so do orgs
 * delisted before it (with what history they had left).
 */
export async function pruneFleetHistory(
  db: Database,
  before: Date,
): Promise<{ changes: number; orgs: number }> {
  const changes = await db
    .delete(fleetStatusChanges)
    .where(lt(fleetStatusChanges.changedAt, before))
    .returning({ id: fleetStatusChanges.id });
  const orgs = await db
    .delete(fleetOrgs)
    .where(and(isNotNull(fleetOrgs.delistedAt), lt(fleetOrgs.delistedAt, before)))
    .returning({ orgId: fleetOrgs.orgId });
  return { changes: changes.length, orgs: orgs.length };
}
