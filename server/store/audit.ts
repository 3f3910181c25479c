// The audit trail's table and every query on it: one row per record (an attempt, made durable
// before a change is forwarded, or an outcome), the store of record of the Audit page. Read in
// pages, newest first, by keyset (`id < before`): an outcome record is an entry; an attempt with no
// outcome (the process stopped in between) is one too, read as `unknown` by the caller.
import { and, desc, eq, ilike, inArray, lt, notExists, or, sql, type SQL } from 'drizzle-orm';
import { alias, bigint, integer, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { auditRecordSchema, type AuditOutcome, type AuditRecord } from '#contract/audit-contract';
import type { Database } from './db';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const auditRecords = pgTable('audit_records', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  type: text('type').$type<'attempt' | 'outcome'>().notNull(),
  recordedAt: at('recorded_at').notNull(),
  requestId: text('request_id').notNull(),
  userName: text('user_name'),
  role: text('role'),
  auth: text('auth'),
  operation: text('operation'),
  method: text('method').notNull(),
  path: text('path'),
  orgId: text('org_id'),
  federationId: text('federation_id'),
  groupId: text('group_id'),
  liveMigrationId: text('live_migration_id'),
  address: text('address').notNull(),
  outcome: text('outcome'),
  status: integer('status'),
  upstreamStatus: integer('upstream_status'),
  code: text('code'),
});
export type AuditRecordRow = typeof auditRecords.$inferSelect;
type NewAuditRecordRow = typeof auditRecords.$inferInsert;

export const auditProbe = pgTable('audit_probe', {
  id: smallint('id').primaryKey(),
  probedAt: at('probed_at').notNull(),
});

function toRow(r: AuditRecord): NewAuditRecordRow {
  const outcome = r.type === 'attempt' ? null : r;
  return {
    type: r.type ?? 'outcome',
    recordedAt: new Date(r.time),
    requestId: r.requestId,
    userName: r.user,
    role: r.role,
    auth: r.auth,
    operation: r.operation,
    method: r.method,
    path: r.path ?? null,
    orgId: r.orgId ?? null,
    federationId: r.federationId ?? null,
    groupId: r.groupId ?? null,
    liveMigrationId: r.liveMigrationId ?? null,
    address: r.address,
    outcome: outcome?.outcome ?? null,
    status: outcome?.status ?? null,
    upstreamStatus: outcome?.upstreamStatus ?? null,
    code: outcome?.code ?? null,
  };
}

/** A row as a record; null when it is not a valid one (reported as unreadable, never dropped). */
export function recordOfRow(row: AuditRecordRow): AuditRecord | null {
  const optional = {
    ...(row.path !== null ? { path: row.path } : {}),
    ...(row.orgId !== null ? { orgId: row.orgId } : {}),
    ...(row.federationId !== null ? { federationId: row.federationId } : {}),
    ...(row.groupId !== null ? { groupId: row.groupId } : {}),
    ...(row.liveMigrationId !== null ? { liveMigrationId: row.liveMigrationId } : {}),
  };
  const common = {
    type: row.type,
    time: row.recordedAt.toISOString(),
    requestId: row.requestId,
    user: row.userName,
    role: row.role,
    auth: row.auth,
    operation: row.operation,
    method: row.method,
    ...optional,
    address: row.address,
  };
  const candidate =
    row.type === 'attempt'
      ? common
      : {
          ...common,
          outcome: row.outcome,
          status: row.status,
          upstreamStatus: row.upstreamStatus,
          ...(row.code !== null ? { code: row.code } : {}),
        };
  const parsed = auditRecordSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

/** One record, committed (durable) when this resolves. */
export async function insertAuditRecord(db: Database, record: AuditRecord): Promise<void> {
  await db.insert(auditRecords).values(toRow(record));
}

/** A real write without adding a record (readiness): the one probe row, updated in place. */
export async function probeAuditTable(db: Database, now: Date): Promise<void> {
  await db
    .insert(auditProbe)
    .values({ id: 1, probedAt: now })
    .onConflictDoUpdate({ target: auditProbe.id, set: { probedAt: now } });
}

export interface AuditPageQuery {
  /** Part of the user name, any case. */
  user?: string;
  operation?: string;
  outcome?: AuditOutcome;
  /** An org, federation, project or migration ID. */
  id?: string;
  since?: Date;
  /** Only records older than this position (the previous page's cursor). */
  before?: number;
  limit: number;
  /** Request ids whose attempts are still in flight in this process: not entries yet. */
  inFlight?: readonly string[];
}

export interface AuditPageRow {
  /** The position: the next page asks for `before` the last one's. */
  id: number;
  /** null: the row is not a valid record (counted as unreadable). */
  record: AuditRecord | null;
}

export interface AuditPageResult {
  rows: AuditPageRow[];
  /** Older rows match too. */
  more: boolean;
}

/** `%`, `_` and `\` in a user's search text are meant literally. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * One page of entries, newest first: outcome records, and attempts that have no outcome record
 * (same request and operation) and are not in flight here. Keyset paging: stable while new
 * records arrive, and as fast for the thousandth page as for the first.
 */
export async function auditPage(db: Database, q: AuditPageQuery): Promise<AuditPageResult> {
  const r = auditRecords;
  const o = alias(auditRecords, 'o');
  const hasOutcome = db
    .select({ one: sql`1` })
    .from(o)
    .where(
      and(
        eq(o.requestId, r.requestId),
        eq(o.type, 'outcome'),
        sql`${o.operation} IS NOT DISTINCT FROM ${r.operation}`,
      ),
    );
  const inFlight = q.inFlight?.length ? q.inFlight : null;
  const unansweredAttempt = and(
    eq(r.type, 'attempt'),
    notExists(hasOutcome),
    inFlight ? sql`NOT (${inArray(r.requestId, [...inFlight])})` : undefined,
  );
  let kind: SQL | undefined;
  if (!q.outcome) kind = or(eq(r.type, 'outcome'), unansweredAttempt);
  else if (q.outcome === 'unknown') {
    kind = or(and(eq(r.type, 'outcome'), eq(r.outcome, 'unknown')), unansweredAttempt);
  } else kind = and(eq(r.type, 'outcome'), eq(r.outcome, q.outcome));
  const id = q.id?.toLowerCase();
  const conditions = [
    kind,
    q.before !== undefined ? lt(r.id, q.before) : undefined,
    q.user ? ilike(r.userName, `%${likeEscape(q.user)}%`) : undefined,
    q.operation ? eq(r.operation, q.operation) : undefined,
    id
      ? or(eq(r.orgId, id), eq(r.federationId, id), eq(r.groupId, id), eq(r.liveMigrationId, id))
      : undefined,
    q.since ? sql`${r.recordedAt} >= ${q.since}` : undefined,
  ];
  const rows = await db
    .select()
    .from(r)
    .where(and(...conditions))
    .orderBy(desc(r.id))
    .limit(q.limit + 1);
  return {
    rows: rows.slice(0, q.limit).map((row) => ({ id: row.id, record: recordOfRow(row) })),
    more: rows.length > q.limit,
  };
}

/** Every row, oldest first (tests and tools; the Audit page pages). */
export async function allAuditRecords(db: Database): Promise<AuditPageRow[]> {
  const rows = await db.select().from(auditRecords).orderBy(auditRecords.id);
  return rows.map((row) => ({ id: row.id, record: recordOfRow(row) }));
}
