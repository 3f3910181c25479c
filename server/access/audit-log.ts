// The audit log: one JSON line per mutation attempt (and per sign-in/sign-out), appended to AUDIT_LOG
// and fsync'ed before the answer goes back, so an acknowledged change is on disk even if the process
// is killed right after. Optionally also printed on stdout for a log shipper. The file is opened for
// each line (O_APPEND), so logrotate may move it away at any time.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  AUDIT_MAX_LIMIT,
  auditEntrySchema,
  type AuditEntry,
  type AuditFilters,
  type AuditList,
} from '#contract/audit-contract';

export interface AuditOptions {
  /** Path of the JSON-lines file; null = no file (then stdout must be on). */
  file: string | null;
  stdout: boolean;
  /** Neither file nor stdout: lines are kept in memory only (tests). */
  memoryOnly?: boolean;
  /** Where stdout lines go (tests capture them). */
  writeStdout?: (line: string) => void;
  /** How many recent lines to keep in memory when there is no file. */
  memoryLines?: number;
  /** How much of the file's end `GET /api/audit` searches. */
  tailBytes?: number;
}

export class AuditLog {
  readonly file: string | null;
  private readonly stdout: boolean;
  private readonly writeStdout: (line: string) => void;
  private readonly memory: AuditEntry[] = [];
  private readonly memoryLines: number;
  private readonly tailBytes: number;
  /** False after a failed write: mutations are then refused until a write works again. */
  healthy = true;

  constructor(o: AuditOptions) {
    if (!o.file && !o.stdout && !o.memoryOnly) {
      throw new Error('The audit log needs AUDIT_LOG or AUDIT_STDOUT');
    }
    this.file = o.file;
    this.stdout = o.stdout;
    this.writeStdout = o.writeStdout ?? ((line) => process.stdout.write(line));
    this.memoryLines = o.memoryLines ?? 1000;
    this.tailBytes = o.tailBytes ?? 8 * 1024 * 1024;
  }

  /** Start-up check: creates the directory and file and makes sure they can be written. Throws. */
  open(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const created = !existsSync(this.file);
    const fd = openSync(this.file, 'a', 0o600);
    fsyncSync(fd);
    closeSync(fd);
    if (created) syncDir(dirname(this.file));
  }

  /** After a failed write: can the file be written again? (Appends nothing.) */
  async probe(): Promise<boolean> {
    if (!this.file) return true;
    try {
      const handle = await fsp.open(this.file, 'a', 0o600);
      try {
        await handle.datasync();
      } finally {
        await handle.close();
      }
      this.healthy = true;
    } catch {
      // Still not writable: stays unhealthy.
    }
    return this.healthy;
  }

  /** Appends one line; resolves once it is on disk. Rejects (and marks the log unhealthy) on failure. */
  async append(entry: AuditEntry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    if (this.stdout) this.writeStdout(JSON.stringify({ type: 'audit', ...entry }) + '\n');
    if (!this.file) {
      this.memory.push(entry);
      if (this.memory.length > this.memoryLines) this.memory.shift();
      return;
    }
    try {
      const created = !existsSync(this.file);
      const handle = await fsp.open(this.file, 'a', 0o600);
      try {
        await handle.write(line);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      if (created) syncDir(dirname(this.file));
      this.healthy = true;
    } catch (e) {
      this.healthy = false;
      throw e;
    }
  }

  /** Recent entries, newest first, filtered. */
  async recent(filters: AuditFilters): Promise<AuditList> {
    const limit = clampLimit(filters.limit);
    const match = matcher(filters);
    if (!this.file) {
      const entries = [...this.memory].reverse().filter(match).slice(0, limit);
      return { entries, source: 'memory', truncated: false };
    }
    const { text, truncated } = await readTail(this.file, this.tailBytes);
    const lines = text.split('\n');
    if (truncated) lines.shift(); // the first line is probably cut
    const entries: AuditEntry[] = [];
    for (let i = lines.length - 1; i >= 0 && entries.length < limit; i--) {
      const line = lines[i];
      if (!line) continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        continue;
      }
      const parsed = auditEntrySchema.safeParse(json);
      if (parsed.success && match(parsed.data)) entries.push(parsed.data);
    }
    return { entries, source: 'file', truncated };
  }
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

async function readTail(file: string, max: number): Promise<{ text: string; truncated: boolean }> {
  let handle: FileHandle;
  try {
    handle = await fsp.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', truncated: false };
    throw e;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - max);
    const buf = Buffer.alloc(size - start);
    await handle.read(buf, 0, buf.length, start);
    return { text: buf.toString('utf8'), truncated: start > 0 };
  } finally {
    await handle.close();
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
