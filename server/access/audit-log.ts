// The audit log, written ahead: a change's `attempt` record is durable in every sink before the
// change is forwarded (if it cannot be made so, the change is refused), and its `outcome` record is
// durable before the answer leaves. So every change an upstream made has at least its attempt on
// disk, even after a kill -9 or a full disk; an attempt with no outcome reads as `unknown`.
// Sinks (audit-sinks.ts): the AUDIT_LOG file, stdout (AUDIT_STDOUT), memory; later a database.
import {
  AUDIT_MAX_LIMIT,
  NO_OUTCOME_RECORDED,
  type AuditEntry,
  type AuditFilters,
  type AuditList,
  type AuditRecord,
} from '#contract/audit-contract';
import { FileSink, MemorySink, StdoutSink, type AuditSink } from './audit-sinks';

export interface AuditOptions {
  /** Path of the JSON-lines file; null = no file (then stdout must be on). */
  file: string | null;
  stdout: boolean;
  /** Neither file nor stdout: records are kept in memory only (tests). */
  memoryOnly?: boolean;
  /** Where stdout lines go (tests capture them); resolves once written. */
  writeStdout?: (line: string) => Promise<void> | void;
  /** How many recent records to keep in memory when there is no file. */
  memoryLines?: number;
  /** How much of the file's end `GET /api/audit` searches. */
  tailBytes?: number;
  /** More sinks beside these (a database); each must make a record durable before resolving. */
  extraSinks?: AuditSink[];
}

export class AuditLog {
  readonly file: string | null;
  readonly sinks: readonly AuditSink[];
  private readonly tailBytes: number;
  /** Attempts of this process whose outcome is not written yet (not `unknown`, just in flight). */
  private readonly inFlight = new Set<string>();
  /** False after a failed write or probe; true again after one that works. For /readyz. */
  healthy = true;

  constructor(o: AuditOptions) {
    if (!o.file && !o.stdout && !o.memoryOnly) {
      throw new Error('The audit log needs AUDIT_LOG or AUDIT_STDOUT');
    }
    this.file = o.file;
    this.tailBytes = o.tailBytes ?? 8 * 1024 * 1024;
    const sinks: AuditSink[] = [];
    if (o.file) sinks.push(new FileSink(o.file));
    else sinks.push(new MemorySink(o.memoryLines));
    if (o.stdout) {
      const out = o.writeStdout;
      sinks.push(new StdoutSink(out ? async (line) => out(line) : undefined));
    }
    sinks.push(...(o.extraSinks ?? []));
    this.sinks = sinks;
  }

  /** Start-up check: creates the file (and its directory), fences a torn last line. Throws. */
  open(): void {
    for (const s of this.sinks) s.open();
  }

  /**
   * Makes one record durable in every sink; rejects (and marks the log unhealthy) if any cannot.
   * An attempt is in flight until its outcome is appended (or fails to be).
   */
  async append(record: AuditRecord): Promise<void> {
    const attempt = record.type === 'attempt';
    if (!attempt) this.inFlight.delete(record.requestId);
    try {
      await Promise.all(this.sinks.map((s) => s.write(record)));
      this.healthy = true;
    } catch (e) {
      this.healthy = false;
      throw e;
    }
    if (attempt) this.inFlight.add(record.requestId);
  }

  /** Readiness: every sink really takes a write (a full disk fails here). Never throws. */
  async probe(): Promise<boolean> {
    try {
      await Promise.all(this.sinks.map((s) => s.probe()));
      this.healthy = true;
    } catch {
      this.healthy = false;
    }
    return this.healthy;
  }

  /** Where the Audit page reads from: the first sink that can be read. */
  private get reader(): AuditSink | undefined {
    return this.sinks.find((s) => s.readRecent);
  }

  /** Recent entries, newest first, filtered: each attempt joined with its outcome. */
  async recent(filters: AuditFilters): Promise<AuditList> {
    const limit = clampLimit(filters.limit);
    const match = matcher(filters);
    const reader = this.reader;
    const back = reader?.readRecent
      ? await reader.readRecent(this.tailBytes)
      : { records: [], unreadable: [], truncated: false };
    const entries = joinRecords(back.records, this.inFlight).filter(match).slice(0, limit);
    return {
      entries,
      source: reader instanceof FileSink ? 'file' : 'memory',
      truncated: back.truncated,
      unreadable: back.unreadable.length,
    };
  }
}

/**
 * Records (oldest first) to entries (newest first): an outcome record is the entry; an attempt
 * without one is `unknown` — unless it is still in flight here.
 */
export function joinRecords(
  records: readonly AuditRecord[],
  inFlight: ReadonlySet<string> = new Set(),
): AuditEntry[] {
  const outcomes = new Set<string>();
  for (const r of records) if (r.type !== 'attempt') outcomes.add(r.requestId);
  const entries: AuditEntry[] = [];
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (!r) continue;
    if (r.type !== 'attempt') {
      const { type: _type, ...entry } = r;
      entries.push(entry);
    } else if (!outcomes.has(r.requestId) && !inFlight.has(r.requestId)) {
      const { type: _type, ...who } = r;
      entries.push({
        ...who,
        outcome: 'unknown',
        status: null,
        upstreamStatus: null,
        code: NO_OUTCOME_RECORDED,
      });
    }
  }
  return entries;
}

function clampLimit(text: string | undefined): number {
  const n = Number(text ?? 100);
  if (!Number.isInteger(n) || n < 1) return 100;
  return Math.min(n, AUDIT_MAX_LIMIT);
}

function matcher(f: AuditFilters): (e: AuditEntry) => boolean {
  const since = f.since ? Date.parse(f.since) : NaN;
  const user = f.user?.trim().toLowerCase();
  const id = f.id?.trim().toLowerCase();
  return (e) =>
    (!user || (e.user ?? '').toLowerCase().includes(user)) &&
    (!f.operation || e.operation === f.operation) &&
    (!f.outcome || e.outcome === f.outcome) &&
    (!id || e.orgId === id || e.federationId === id) &&
    (Number.isNaN(since) || Date.parse(e.time) >= since);
}
