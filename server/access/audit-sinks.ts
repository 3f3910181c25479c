// Where audit records go. Every sink makes a record durable before `write` resolves, so the log can
// be written ahead (audit-log.ts): nothing is forwarded until its attempt record is durable in every
// sink. The database (the store of record: the Audit page pages through it, every instance writes
// to it), the AUDIT_LOG file, stdout (AUDIT_STDOUT) and memory (tests).
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  promises as fsp,
  readSync,
  writeSync,
} from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import pLimit from 'p-limit';
import { auditRecordSchema, type AuditList, type AuditRecord } from '#contract/audit-contract';
import { auditPage, insertAuditRecord, probeAuditTable } from '../store/audit';
import { describeStore, type Store } from '../store/connect';
import {
  entryOf,
  type AuditPage,
  type AuditPageRequest,
  type PositionedRecord,
} from './audit-entries';

/** Records read back, oldest first, with what could not be read. */
export interface AuditReadback {
  /** Each record with its position: later records have larger positions. */
  records: PositionedRecord[];
  /** Lines that are not records (a torn line from a crash mid-write, a foreign line). */
  unreadable: string[];
  /** Older records exist that were not read. */
  truncated: boolean;
}

export interface AuditSink {
  /** For the start-up banner and error logs: `file /var/lib/orglink/audit.log`, `stdout`. */
  readonly name: string;
  /** Start-up: create what is missing and repair what a crash left; throws when it cannot. */
  open(): void;
  /** Resolves once the record is durable here; rejects when it cannot be made so. */
  write(record: AuditRecord): Promise<void>;
  /** Readiness: really writes (and syncs) something here without adding a record; rejects if not. */
  probe(): Promise<void>;
  /** What `GET /api/audit` says it read, when this sink can be read. */
  readonly source?: AuditList['source'];
  /**
   * One page of entries, newest first (the database). The Audit page reads the first sink that
   * pages, else the first that has `readRecent`. `inFlight`: this process's unanswered attempts.
   */
  page?(q: AuditPageRequest, inFlight: ReadonlySet<string>): Promise<AuditPage>;
  /** The recent records (a file's last `maxBytes`, memory), joined and paged by the reader. */
  readRecent?(maxBytes: number): Promise<AuditReadback>;
}

/**
 * The database (server/store/audit.ts): one row per record, committed before `write` resolves, on
 * the embedded database or the Postgres server every instance shares. Pages by keyset.
 */
export class DatabaseSink implements AuditSink {
  readonly name: string;
  readonly source = 'database';

  constructor(
    private readonly store: Pick<Store, 'db' | 'description'>,
    private readonly now: () => number = Date.now,
  ) {
    this.name = `database: ${describeStore(store.description)}`;
  }

  /** The schema was migrated when the store opened. */
  open(): void {}

  write(record: AuditRecord): Promise<void> {
    return insertAuditRecord(this.store.db, record);
  }

  probe(): Promise<void> {
    return probeAuditTable(this.store.db, new Date(this.now()));
  }

  async page(q: AuditPageRequest, inFlight: ReadonlySet<string>): Promise<AuditPage> {
    const { rows, more } = await auditPage(this.store.db, { ...q, inFlight: [...inFlight] });
    const last = rows.at(-1);
    return {
      entries: rows.flatMap((r) => (r.record ? [entryOf(r.record)] : [])),
      nextCursor: more && last ? String(last.id) : null,
      truncated: false,
      unreadable: rows.filter((r) => !r.record).length,
    };
  }
}

/**
 * The JSON-lines file. Opened per record (O_APPEND), so logrotate may move it away at any time;
 * written whole (a short write is continued), then fdatasync'ed. A line torn by a crash or a full
 * disk is fenced: a record is never appended to a line without its newline. A failed write is cut
 * back off the file where that is possible.
 */
export class FileSink implements AuditSink {
  readonly name: string;
  readonly source = 'file';
  /** Checking the file's end and appending are one step at a time (their syncs overlap). */
  private readonly appending = pLimit(1);

  constructor(readonly file: string) {
    this.name = `file ${file}`;
  }

  open(): void {
    const dir = dirname(this.file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const created = !existsSync(this.file);
    const fd = openSync(this.file, 'a+', 0o600);
    try {
      // A crash mid-write left a line without its newline: end it, so the next record stands alone.
      const size = fstatSync(fd).size;
      if (size > 0) {
        const last = Buffer.alloc(1);
        readSync(fd, last, 0, 1, size - 1);
        if (last[0] !== 0x0a) writeSync(fd, '\n');
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (created) syncDir(dir);
  }

  async write(record: AuditRecord): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(record)}\n`);
    const created = !existsSync(this.file);
    const handle = await fsp.open(this.file, 'a+', 0o600);
    try {
      await this.appending(() => appendWhole(handle, line));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    if (created) syncDir(dirname(this.file));
  }

  async probe(): Promise<void> {
    // The file itself must open for appending (permissions, a read-only mount) …
    const handle = await fsp.open(this.file, 'a', 0o600);
    await handle.close();
    // … and the disk must take new blocks: a 4 KiB scratch file beside it, synced, then removed.
    // (Opening and syncing alone succeed on a full disk.)
    const scratch = join(dirname(this.file), `.${basename(this.file)}.probe-${process.pid}`);
    const h = await fsp.open(scratch, 'w', 0o600);
    try {
      await h.writeFile(Buffer.alloc(4096, 0x20));
      await h.datasync();
    } finally {
      await h.close();
      await fsp.rm(scratch, { force: true });
    }
  }

  async readRecent(maxBytes: number): Promise<AuditReadback> {
    let handle: FileHandle;
    try {
      handle = await fsp.open(this.file, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        return { records: [], unreadable: [], truncated: false };
      }
      throw e;
    }
    let buf: Buffer;
    let start: number;
    try {
      const { size } = await handle.stat();
      start = Math.max(0, size - maxBytes);
      buf = Buffer.alloc(size - start);
      await handle.read(buf, 0, buf.length, start);
    } finally {
      await handle.close();
    }
    // Each line at its byte offset in the file (a position that stays while the file grows).
    const lines: { pos: number; text: string }[] = [];
    let from = 0;
    while (from < buf.length) {
      const nl = buf.indexOf(0x0a, from);
      const end = nl < 0 ? buf.length : nl;
      lines.push({ pos: start + from, text: buf.toString('utf8', from, end) });
      from = end + 1;
    }
    const truncated = start > 0;
    if (truncated) lines.shift(); // the first line is cut by the window, not torn
    return { ...parseLines(lines), truncated };
  }
}

/**
 * Appends `line` at the file's end, after a newline if the file ends without one (a torn line).
 * A failed or short write is cut back off (the file ends where it did), so a later record does not
 * continue a half line; if even that fails, the next write fences it.
 */
async function appendWhole(handle: FileHandle, line: Buffer): Promise<void> {
  const { size } = await handle.stat();
  let data = line;
  if (size > 0) {
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] !== 0x0a) data = Buffer.concat([Buffer.from('\n'), line]);
  }
  let written = 0;
  try {
    while (written < data.length) {
      // O_APPEND: every write lands at the end, whatever the position says.
      const { bytesWritten } = await handle.write(data, written, data.length - written);
      if (bytesWritten === 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
      written += bytesWritten;
    }
  } catch (e) {
    if (written > 0) await handle.truncate(size).catch(() => undefined);
    throw e;
  }
}

/** Lines to records; whatever is not a record is returned as unreadable, never dropped in silence. */
export function parseLines(
  lines: readonly { pos: number; text: string }[],
): Omit<AuditReadback, 'truncated'> {
  const records: PositionedRecord[] = [];
  const unreadable: string[] = [];
  for (const { pos, text } of lines) {
    if (!text) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      unreadable.push(text);
      continue;
    }
    const parsed = auditRecordParser(json);
    if (parsed) records.push({ pos, record: parsed });
    else unreadable.push(text);
  }
  return { records, unreadable };
}

function auditRecordParser(json: unknown): AuditRecord | null {
  const r = auditRecordSchema.safeParse(json);
  return r.success ? r.data : null;
}

/**
 * Standard output, for a log shipper: `{"type":"audit","record":"attempt"|"outcome",…}` per line
 * (`type` tells them from the request log's lines). Durable here means handed to the pipe or file
 * stdout is (the write's callback); a closed stdout rejects.
 */
export class StdoutSink implements AuditSink {
  readonly name = 'stdout';

  constructor(private readonly out: (line: string) => Promise<void> = writeStdout) {}

  open(): void {}

  write(record: AuditRecord): Promise<void> {
    const { type = 'outcome', ...fields } = record;
    return this.out(`${JSON.stringify({ type: 'audit', record: type, ...fields })}\n`);
  }

  async probe(): Promise<void> {
    if (process.stdout.destroyed || !process.stdout.writable) throw new Error('stdout is closed');
  }
}

function writeStdout(line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(line, (err) => (err ? reject(err) : resolve()));
  });
}

/** This process's memory only (no AUDIT_LOG; tests): the most recent records, readable. */
export class MemorySink implements AuditSink {
  readonly name = 'memory';
  readonly source = 'memory';
  private readonly records: PositionedRecord[] = [];
  private written = 0;

  constructor(private readonly keep = 2000) {}

  open(): void {}

  async write(record: AuditRecord): Promise<void> {
    this.records.push({ pos: ++this.written, record });
    if (this.records.length > this.keep) this.records.shift();
  }

  async probe(): Promise<void> {}

  async readRecent(): Promise<AuditReadback> {
    return { records: [...this.records], unreadable: [], truncated: false };
  }
}

/** A new file's directory entry must reach the disk too, or a crash could lose the whole file. */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the file's own fsync still happened.
  }
}
