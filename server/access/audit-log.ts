// The audit log, written ahead: a change's `attempt` record is durable in every sink before the
// change is forwarded (if it cannot be made so, the change is refused), and its `outcome` record is
// durable before the answer leaves. So every change an upstream made has at least its attempt
// recorded, even after a kill -9 or a full disk; an attempt with no outcome reads as `unknown`.
// Sinks (audit-sinks.ts): the database (always, in the proxy: the store of record, which the Audit
// page pages through), the AUDIT_LOG file (by default), stdout (AUDIT_STDOUT), memory (tests).
import type { AuditList, AuditQuery, AuditRecord } from '#contract/audit-contract';
import type { Store } from '../store/connect';
import { joinRecords, pageOf, parseAuditQuery } from './audit-entries';
import { DatabaseSink, FileSink, MemorySink, StdoutSink, type AuditSink } from './audit-sinks';

export interface AuditOptions {
  /** Path of the JSON-lines file; null = no file. */
  file: string | null;
  stdout: boolean;
  /** The database: the store of record (the Audit page reads it). */
  database?: Pick<Store, 'db' | 'description'> | null;
  /** No database, file nor stdout: records are kept in memory only (tests). */
  memoryOnly?: boolean;
  /** Where stdout lines go (tests capture them); resolves once written. */
  writeStdout?: (line: string) => Promise<void> | void;
  /** How many recent records to keep in memory when there is neither a database nor a file. */
  memoryLines?: number;
  /** How much of the file's end `GET /api/audit` searches when the file is what it reads. */
  tailBytes?: number;
  /** More sinks beside these; each must make a record durable before resolving. */
  extraSinks?: AuditSink[];
  /** The database probe's clock. */
  now?: () => number;
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
    if (!o.file && !o.stdout && !o.database && !o.memoryOnly) {
      throw new Error('The audit log needs the database, AUDIT_LOG or AUDIT_STDOUT');
    }
    this.file = o.file;
    this.tailBytes = o.tailBytes ?? 8 * 1024 * 1024;
    const sinks: AuditSink[] = [];
    if (o.database) sinks.push(new DatabaseSink(o.database, o.now));
    if (o.file) sinks.push(new FileSink(o.file));
    if (!o.database && !o.file) sinks.push(new MemorySink(o.memoryLines));
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

  /**
   * One page of entries, newest first, filtered: each attempt joined with its outcome. Read from
   * the first sink that pages (the database), else from the first readable one (file, memory).
   */
  async recent(query: AuditQuery): Promise<AuditList> {
    const q = parseAuditQuery(query);
    const pager = this.sinks.find((s) => s.page);
    if (pager?.page) {
      return { source: pager.source ?? 'database', ...(await pager.page(q, this.inFlight)) };
    }
    const reader = this.sinks.find((s) => s.readRecent);
    const back = reader?.readRecent
      ? await reader.readRecent(this.tailBytes)
      : { records: [], unreadable: [], truncated: false };
    return {
      ...pageOf(joinRecords(back.records, this.inFlight), q),
      source: reader?.source ?? 'memory',
      truncated: back.truncated,
      unreadable: back.unreadable.length,
    };
  }
}
