// The live migration registry's tables and every query on them (migration 005): the migrations
// started through the console (source, target, options, who and when — never credentials), what
// the poller saw of each (status changes, lag samples, the cutover window's start), cutover
// requests, and the fingerprints of validations that passed through the proxy.
import { and, asc, desc, eq, gte, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  boolean,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import type { MigrationFilters } from '#contract/live-migrations-contract';
import type { HOSTNAME_SCHEMA_TYPES, MigrationStatus } from '#contract/schemas';
import type { SourceUpstream } from '#contract/route-table';
import type { Database } from './db';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const liveMigrations = pgTable('live_migrations', {
  migrationId: text('migration_id').primaryKey(),
  sourceUpstream: text('source_upstream').$type<SourceUpstream>().notNull(),
  sourceOrgId: text('source_org_id').notNull(),
  sourceOrgName: text('source_org_name'),
  sourceProjectId: text('source_project_id').notNull(),
  sourceProjectName: text('source_project_name'),
  sourceDeployment: text('source_deployment').notNull(),
  migrationHost: text('migration_host').notNull(),
  atlasOrgId: text('atlas_org_id').notNull(),
  atlasOrgName: text('atlas_org_name'),
  atlasProjectId: text('atlas_project_id').notNull(),
  atlasProjectName: text('atlas_project_name'),
  targetCluster: text('target_cluster').notNull(),
  hostnameSchemaType: text('hostname_schema_type')
    .$type<(typeof HOSTNAME_SCHEMA_TYPES)[number]>()
    .notNull(),
  tls: boolean('tls').notNull(),
  caCertificatePath: text('ca_certificate_path'),
  managedAuthentication: boolean('managed_authentication').notNull(),
  dropDestinationData: boolean('drop_destination_data').notNull(),
  startedBy: text('started_by').notNull(),
  startedAt: at('started_at').notNull(),
  cutoverWindowMs: bigint('cutover_window_ms', { mode: 'number' }).notNull(),
  status: text('status').$type<MigrationStatus>(),
  lagSeconds: integer('lag_seconds'),
  readyForCutover: boolean('ready_for_cutover').notNull().default(false),
  lastCheckedAt: at('last_checked_at'),
  lastErrorCode: text('last_error_code'),
  lastErrorDetail: text('last_error_detail'),
  lastErrorHttpStatus: integer('last_error_http_status'),
  readySince: at('ready_since'),
  cutoverRequestedBy: text('cutover_requested_by'),
  cutoverRequestedAt: at('cutover_requested_at'),
  completedAt: at('completed_at'),
  finishedAt: at('finished_at'),
});
export type LiveMigrationRow = typeof liveMigrations.$inferSelect;
export type NewLiveMigration = Omit<
  typeof liveMigrations.$inferInsert,
  | 'status'
  | 'lagSeconds'
  | 'readyForCutover'
  | 'lastCheckedAt'
  | 'lastErrorCode'
  | 'lastErrorDetail'
  | 'lastErrorHttpStatus'
  | 'readySince'
  | 'cutoverRequestedBy'
  | 'cutoverRequestedAt'
  | 'completedAt'
  | 'finishedAt'
>;

export const liveMigrationStatusChanges = pgTable('live_migration_status_changes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  migrationId: text('migration_id').notNull(),
  observedAt: at('observed_at').notNull(),
  status: text('status').$type<MigrationStatus>(),
  readyForCutover: boolean('ready_for_cutover').notNull(),
});
export type LiveMigrationStatusChangeRow = typeof liveMigrationStatusChanges.$inferSelect;

export const liveMigrationLagSamples = pgTable(
  'live_migration_lag_samples',
  {
    migrationId: text('migration_id').notNull(),
    sampledAt: at('sampled_at').notNull(),
    lagSeconds: integer('lag_seconds').notNull(),
  },
  (t) => [primaryKey({ columns: [t.migrationId, t.sampledAt] })],
);
export type LagSampleRow = typeof liveMigrationLagSamples.$inferSelect;

export const liveMigrationValidations = pgTable('live_migration_validations', {
  validationId: text('validation_id').primaryKey(),
  atlasProjectId: text('atlas_project_id').notNull(),
  fingerprint: text('fingerprint').notNull(),
  createdAt: at('created_at').notNull(),
});
export type ValidationRow = typeof liveMigrationValidations.$inferSelect;

/**
 * Lag samples are downsampled for long runs: every sample in a migration's first hour (when the
 * lag moves most), then at most one per LAG_SAMPLE_SPACING_MS. A 120-hour window then holds about
 * 120 (first hour at a 30 s poll) + 1,440 rows, and the chart still shows the whole run.
 */
export const LAG_SAMPLES_ALL_FOR_MS = 3_600_000;
export const LAG_SAMPLE_SPACING_MS = 5 * 60_000;

const FINAL: ReadonlySet<MigrationStatus> = new Set(['FAILED', 'COMPLETE', 'EXPIRED']);
export const isFinalStatus = (s: MigrationStatus | null): boolean => s !== null && FINAL.has(s);

/** What one look at a migration found: its state, or why the upstream could not tell. */
export type MigrationResult =
  | { status: MigrationStatus | null; lagSeconds: number | null; readyForCutover: boolean }
  | { error: { code: string; detail: string; httpStatus: number | null } };

export interface MigrationObservationOutcome {
  recorded: boolean;
  /** Status or readiness differs from the last answer. */
  changed: boolean;
  /** The migration reached a final status now (or is gone upstream): nothing more to poll. */
  finished: boolean;
}

/** Registers a migration the console just started, with the create call's answer as first look. */
export async function registerMigration(
  db: Database,
  row: NewLiveMigration,
  first: Extract<MigrationResult, { status: unknown }>,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(liveMigrations).values(row);
    await observeIn(tx, row.migrationId, row.startedAt, first);
  });
}

/**
 * Records one look at a migration: the current state, a status change when status or readiness
 * differ, a lag sample (downsampled), the window's start the first time it is ready, and its end
 * at a final status. An older look than the last recorded one is ignored.
 */
export async function recordMigrationObservation(
  db: Database,
  migrationId: string,
  observedAt: Date,
  result: MigrationResult,
): Promise<MigrationObservationOutcome> {
  return db.transaction((tx) => observeIn(tx, migrationId, observedAt, result));
}

async function observeIn(
  tx: Database,
  migrationId: string,
  observedAt: Date,
  result: MigrationResult,
): Promise<MigrationObservationOutcome> {
  const key = eq(liveMigrations.migrationId, migrationId);
  const [row] = await tx.select().from(liveMigrations).where(key).for('update');
  if (!row || (row.lastCheckedAt && observedAt < row.lastCheckedAt)) {
    return { recorded: false, changed: false, finished: false };
  }
  if ('error' in result) {
    // Gone upstream (404): nothing more will ever be seen of it; stop polling.
    const gone = result.error.httpStatus === 404;
    await tx
      .update(liveMigrations)
      .set({
        lastCheckedAt: observedAt,
        lastErrorCode: result.error.code,
        lastErrorDetail: result.error.detail.slice(0, 500),
        lastErrorHttpStatus: result.error.httpStatus,
        ...(gone && !row.finishedAt ? { finishedAt: observedAt } : {}),
      })
      .where(key);
    return { recorded: true, changed: false, finished: gone };
  }
  const first = row.lastCheckedAt === null;
  const changed =
    first || row.status !== result.status || row.readyForCutover !== result.readyForCutover;
  const final = isFinalStatus(result.status);
  await tx
    .update(liveMigrations)
    .set({
      status: result.status,
      lagSeconds: result.lagSeconds,
      readyForCutover: result.readyForCutover,
      lastCheckedAt: observedAt,
      lastErrorCode: null,
      lastErrorDetail: null,
      lastErrorHttpStatus: null,
      ...(result.readyForCutover && !row.readySince ? { readySince: observedAt } : {}),
      ...(result.status === 'COMPLETE' && !row.completedAt ? { completedAt: observedAt } : {}),
      ...(final && !row.finishedAt ? { finishedAt: observedAt } : {}),
    })
    .where(key);
  if (changed) {
    await tx.insert(liveMigrationStatusChanges).values({
      migrationId,
      observedAt,
      status: result.status,
      readyForCutover: result.readyForCutover,
    });
  }
  if (result.lagSeconds !== null && result.lagSeconds >= 0) {
    const [last] = await tx
      .select({ sampledAt: liveMigrationLagSamples.sampledAt })
      .from(liveMigrationLagSamples)
      .where(eq(liveMigrationLagSamples.migrationId, migrationId))
      .orderBy(desc(liveMigrationLagSamples.sampledAt))
      .limit(1);
    const early = observedAt.getTime() - row.startedAt.getTime() < LAG_SAMPLES_ALL_FOR_MS;
    const spaced =
      !last || observedAt.getTime() - last.sampledAt.getTime() >= LAG_SAMPLE_SPACING_MS;
    if (early || spaced) {
      await tx
        .insert(liveMigrationLagSamples)
        .values({ migrationId, sampledAt: observedAt, lagSeconds: result.lagSeconds })
        .onConflictDoNothing();
    }
  }
  return { recorded: true, changed, finished: final && !row.finishedAt };
}

/** A cutover the upstream accepted: who asked and when. */
export async function recordCutoverRequest(
  db: Database,
  migrationId: string,
  by: string,
  requestedAt: Date,
): Promise<void> {
  await db
    .update(liveMigrations)
    .set({ cutoverRequestedBy: by, cutoverRequestedAt: requestedAt })
    .where(eq(liveMigrations.migrationId, migrationId));
}

export async function getLiveMigration(
  db: Database,
  migrationId: string,
): Promise<LiveMigrationRow | null> {
  const [row] = await db
    .select()
    .from(liveMigrations)
    .where(eq(liveMigrations.migrationId, migrationId));
  return row ?? null;
}

/** Registered migrations, newest first, filtered as `GET /api/migrations` says. */
export async function listLiveMigrations(
  db: Database,
  filters: MigrationFilters = {},
  limit = 1000,
): Promise<LiveMigrationRow[]> {
  const where: SQL[] = [];
  if (filters.status === 'active') where.push(isNull(liveMigrations.finishedAt));
  else if (filters.status) where.push(eq(liveMigrations.status, filters.status as MigrationStatus));
  if (filters.source)
    where.push(eq(liveMigrations.sourceUpstream, filters.source as SourceUpstream));
  if (filters.orgId) where.push(eq(liveMigrations.sourceOrgId, filters.orgId));
  if (filters.atlasOrgId) where.push(eq(liveMigrations.atlasOrgId, filters.atlasOrgId));
  return db
    .select()
    .from(liveMigrations)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(liveMigrations.startedAt), desc(liveMigrations.migrationId))
    .limit(limit);
}

/**
 * The poller's work: migrations not finished whose last look is at least `intervalMs` old (or
 * never made), longest waiting first.
 */
export async function dueLiveMigrations(
  db: Database,
  now: Date,
  intervalMs: number,
  limit: number,
): Promise<Pick<LiveMigrationRow, 'migrationId' | 'atlasProjectId'>[]> {
  const before = new Date(now.getTime() - intervalMs);
  return db
    .select({
      migrationId: liveMigrations.migrationId,
      atlasProjectId: liveMigrations.atlasProjectId,
    })
    .from(liveMigrations)
    .where(
      and(
        isNull(liveMigrations.finishedAt),
        or(isNull(liveMigrations.lastCheckedAt), lte(liveMigrations.lastCheckedAt, before)),
      ),
    )
    .orderBy(sql`${liveMigrations.lastCheckedAt} ASC NULLS FIRST`)
    .limit(limit);
}

export async function migrationStatusChanges(
  db: Database,
  migrationId: string,
): Promise<LiveMigrationStatusChangeRow[]> {
  return db
    .select()
    .from(liveMigrationStatusChanges)
    .where(eq(liveMigrationStatusChanges.migrationId, migrationId))
    .orderBy(asc(liveMigrationStatusChanges.observedAt), asc(liveMigrationStatusChanges.id));
}

export async function migrationLagSamples(
  db: Database,
  migrationId: string,
): Promise<LagSampleRow[]> {
  return db
    .select()
    .from(liveMigrationLagSamples)
    .where(eq(liveMigrationLagSamples.migrationId, migrationId))
    .orderBy(asc(liveMigrationLagSamples.sampledAt));
}

// ---------- validations ----------

/** How long a validation counts for Start migration (and is kept). */
export const VALIDATION_VALID_MS = 24 * 3_600_000;

export async function recordValidation(db: Database, row: ValidationRow): Promise<void> {
  await db
    .insert(liveMigrationValidations)
    .values(row)
    .onConflictDoUpdate({
      target: liveMigrationValidations.validationId,
      set: { fingerprint: row.fingerprint, atlasProjectId: row.atlasProjectId },
    });
}

export async function findValidation(
  db: Database,
  validationId: string,
  notBefore: Date,
): Promise<ValidationRow | null> {
  const [row] = await db
    .select()
    .from(liveMigrationValidations)
    .where(
      and(
        eq(liveMigrationValidations.validationId, validationId),
        gte(liveMigrationValidations.createdAt, notBefore),
      ),
    );
  return row ?? null;
}

export async function pruneValidations(db: Database, before: Date): Promise<number> {
  const rows = await db
    .delete(liveMigrationValidations)
    .where(lt(liveMigrationValidations.createdAt, before))
    .returning({ id: liveMigrationValidations.validationId });
  return rows.length;
}
