// From audit records to the Audit page's entries, for every reader (the database, the file, memory):
// an outcome record is an entry; an attempt with no outcome record for the same request and
// operation is an entry of unknown outcome (the proxy stopped in between) — unless it is still in
// flight in this process. Also the page request the readers share, parsed once from the query.
import {
  AUDIT_CURSOR_PATTERN,
  AUDIT_DEFAULT_LIMIT,
  AUDIT_MAX_LIMIT,
  AUDIT_OUTCOMES,
  NO_OUTCOME_RECORDED,
  type AuditEntry,
  type AuditOutcome,
  type AuditQuery,
  type AuditRecord,
} from '#contract/audit-contract';

/** A page request, parsed: what every reader answers. */
export interface AuditPageRequest {
  /** Part of the user name, any case. */
  user?: string;
  operation?: string;
  outcome?: AuditOutcome;
  /** An org, federation, project (group) or migration ID. */
  id?: string;
  since?: Date;
  /** Only entries older than this position (the previous page's `nextCursor`). */
  before?: number;
  limit: number;
}

/** One page of entries, newest first. */
export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
  truncated: boolean;
  unreadable: number;
}

export function parseAuditQuery(q: AuditQuery): AuditPageRequest {
  const n = Number(q.limit ?? AUDIT_DEFAULT_LIMIT);
  const limit = Number.isInteger(n) && n >= 1 ? Math.min(n, AUDIT_MAX_LIMIT) : AUDIT_DEFAULT_LIMIT;
  const since = q.since ? new Date(q.since) : null;
  const user = q.user?.trim();
  const id = q.id?.trim().toLowerCase();
  return {
    limit,
    ...(user ? { user } : {}),
    ...(q.operation ? { operation: q.operation } : {}),
    ...(q.outcome && (AUDIT_OUTCOMES as readonly string[]).includes(q.outcome)
      ? { outcome: q.outcome as AuditOutcome }
      : {}),
    ...(id ? { id } : {}),
    ...(since && !Number.isNaN(since.getTime()) ? { since } : {}),
    ...(q.before && AUDIT_CURSOR_PATTERN.test(q.before) ? { before: Number(q.before) } : {}),
  };
}

/** The key that pairs an attempt with its outcome: a proxy action's steps share the request. */
export const pairKey = (r: Pick<AuditRecord, 'requestId' | 'operation'>) =>
  `${r.requestId}\u0000${r.operation ?? ''}`;

/** An outcome record as an entry; an attempt (that has no outcome) as one of unknown outcome. */
export function entryOf(r: AuditRecord): AuditEntry {
  if (r.type !== 'attempt') {
    const { type: _type, ...entry } = r;
    return entry;
  }
  const { type: _type, ...who } = r;
  return {
    ...who,
    outcome: 'unknown',
    status: null,
    upstreamStatus: null,
    code: NO_OUTCOME_RECORDED,
  };
}

/** A record at its position in a sink (file offset, memory sequence, database id). */
export interface PositionedRecord {
  pos: number;
  record: AuditRecord;
}

/** A position and its entry. */
export interface PositionedEntry {
  pos: number;
  entry: AuditEntry;
}

/**
 * Records (oldest first) to entries (newest first): an outcome record is the entry; an attempt
 * without one is `unknown` — unless it is still in flight here (`inFlight`: request ids).
 */
export function joinRecords(
  records: readonly PositionedRecord[],
  inFlight: ReadonlySet<string> = new Set(),
): PositionedEntry[] {
  const outcomes = new Set<string>();
  for (const { record } of records) if (record.type !== 'attempt') outcomes.add(pairKey(record));
  const entries: PositionedEntry[] = [];
  for (let i = records.length - 1; i >= 0; i--) {
    const p = records[i];
    if (!p) continue;
    const r = p.record;
    if (r.type === 'attempt' && (outcomes.has(pairKey(r)) || inFlight.has(r.requestId))) continue;
    entries.push({ pos: p.pos, entry: entryOf(r) });
  }
  return entries;
}

/** The page request as a test of one entry (the readers that filter in memory). */
export function matches(q: AuditPageRequest): (e: AuditEntry) => boolean {
  const user = q.user?.toLowerCase();
  const since = q.since?.getTime();
  return (e) =>
    (!user || (e.user ?? '').toLowerCase().includes(user)) &&
    (!q.operation || e.operation === q.operation) &&
    (!q.outcome || e.outcome === q.outcome) &&
    (!q.id ||
      e.orgId === q.id ||
      e.federationId === q.id ||
      e.groupId === q.id ||
      e.liveMigrationId === q.id) &&
    (since === undefined || Date.parse(e.time) >= since);
}

/** One page of entries already joined in memory (newest first). */
export function pageOf(entries: readonly PositionedEntry[], q: AuditPageRequest) {
  const match = matches(q);
  const found = entries.filter(
    (p) => (q.before === undefined || p.pos < q.before) && match(p.entry),
  );
  const page = found.slice(0, q.limit);
  const last = page.at(-1);
  return {
    entries: page.map((p) => p.entry),
    nextCursor: found.length > q.limit && last ? String(last.pos) : null,
  };
}
