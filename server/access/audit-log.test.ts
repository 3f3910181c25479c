import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  NO_OUTCOME_RECORDED,
  auditRecordSchema,
  type AuditAttemptRecord,
  type AuditOutcomeRecord,
} from '#contract/audit-contract';
import { AuditLog } from './audit-log';

const ORG_A = 'aaaaaaaaaaaaaaaaaaaaaaa1';
const ORG_B = 'bbbbbbbbbbbbbbbbbbbbbbb2';

function attempt(i: number): AuditAttemptRecord {
  return {
    type: 'attempt',
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    requestId: `req-${i}`,
    user: i % 2 ? 'alice' : 'bob',
    role: 'operator',
    auth: 'password',
    operation: i % 2 ? 'removeLink' : 'connectOrg',
    method: i % 2 ? 'DELETE' : 'POST',
    orgId: i % 2 ? ORG_A : ORG_B,
    address: '127.0.0.1',
  };
}

function outcome(i: number, over: Partial<AuditOutcomeRecord> = {}): AuditOutcomeRecord {
  return {
    ...attempt(i),
    type: 'outcome',
    outcome: 'success',
    status: 204,
    upstreamStatus: 204,
    ...over,
  };
}

const tempFile = (name = 'audit.log') => join(mkdtempSync(join(tmpdir(), 'orglink-audit-')), name);

const fileLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('audit log', () => {
  it('appends one JSON line per record to a 0600 file, creating its directory', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'orglink-audit-')), 'nested', 'audit.log');
    const log = new AuditLog({ file, stdout: false });
    log.open();
    for (let i = 0; i < 5; i++) {
      await log.append(attempt(i));
      await log.append(outcome(i));
    }
    const lines = fileLines(file);
    expect(lines).toHaveLength(10);
    expect(lines.map((l) => auditRecordSchema.parse(JSON.parse(l)).type).slice(0, 2)).toEqual([
      'attempt',
      'outcome',
    ]);
    expect(JSON.parse(lines[9] ?? '')).toMatchObject({ requestId: 'req-4', type: 'outcome' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('lists recent entries newest first, one per attempt, with filters', async () => {
    const log = new AuditLog({ file: tempFile(), stdout: false });
    for (let i = 0; i < 10; i++) {
      await log.append(attempt(i));
      await log.append(outcome(i, i === 9 ? { outcome: 'refused' } : {}));
    }
    const all = await log.recent({});
    expect(all.entries).toHaveLength(10);
    expect(all.entries.map((e) => e.requestId).slice(0, 3)).toEqual(['req-9', 'req-8', 'req-7']);
    expect(all).toMatchObject({ source: 'file', truncated: false, unreadable: 0 });
    expect(all.entries[0]).not.toHaveProperty('type');
    expect((await log.recent({ user: 'ALI' })).entries.every((e) => e.user === 'alice')).toBe(true);
    expect((await log.recent({ operation: 'connectOrg' })).entries).toHaveLength(5);
    expect((await log.recent({ outcome: 'refused' })).entries).toHaveLength(1);
    expect((await log.recent({ id: ORG_B })).entries).toHaveLength(5);
    expect((await log.recent({ limit: '2' })).entries).toHaveLength(2);
    expect((await log.recent({ since: '2026-01-01T00:00:08Z' })).entries).toHaveLength(2);
  });

  it('reads an attempt without an outcome as unknown, unless it is still in flight here', async () => {
    const file = tempFile();
    const log = new AuditLog({ file, stdout: false });
    await log.append(attempt(1));
    // In flight in this process: not listed yet (it is neither done nor unknown).
    expect((await log.recent({})).entries).toEqual([]);
    // Another process (a restart after kill -9) reads it as unknown: check before retrying.
    const after = await new AuditLog({ file, stdout: false }).recent({ outcome: 'unknown' });
    expect(after.entries).toEqual([
      expect.objectContaining({
        requestId: 'req-1',
        outcome: 'unknown',
        status: null,
        code: NO_OUTCOME_RECORDED,
      }),
    ]);
    await log.append(outcome(1));
    expect((await log.recent({})).entries.map((e) => e.outcome)).toEqual(['success']);
  });

  it('fences a torn last line at start-up, so the next record stands alone, and reports it', async () => {
    const file = tempFile();
    const before = new AuditLog({ file, stdout: false });
    await before.append(outcome(1));
    // A crash mid-write: half a line, no newline.
    appendFileSync(file, '{"type":"outcome","time":"2026-01');
    const log = new AuditLog({ file, stdout: false });
    log.open();
    await log.append(attempt(2));
    await log.append(outcome(2));
    const lines = fileLines(file);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('{"type":"outcome","time":"2026-01');
    const r = await log.recent({});
    expect(r.entries.map((e) => e.requestId)).toEqual(['req-2', 'req-1']);
    // Not skipped in silence: the page says one record could not be read.
    expect(r.unreadable).toBe(1);
  });

  it('fences a torn line left while running too (another writer, a crash of a helper)', async () => {
    const file = tempFile();
    const log = new AuditLog({ file, stdout: false });
    log.open();
    await log.append(outcome(1));
    appendFileSync(file, '{"torn":');
    await log.append(outcome(2));
    const r = await log.recent({});
    expect(r.entries.map((e) => e.requestId)).toEqual(['req-2', 'req-1']);
    expect(r.unreadable).toBe(1);
  });

  it('says when older lines were not searched (the first line of the window is cut, not torn)', async () => {
    const log = new AuditLog({ file: tempFile(), stdout: false, tailBytes: 600 });
    for (let i = 0; i < 10; i++) await log.append(outcome(i));
    const r = await log.recent({});
    expect(r.truncated).toBe(true);
    expect(r.unreadable).toBe(0);
    expect(r.entries[0]?.requestId).toBe('req-9');
    expect(r.entries.length).toBeLessThan(10);
  });

  it('prints each record to stdout for a log shipper, and keeps recent ones in memory without a file', async () => {
    const out: string[] = [];
    const log = new AuditLog({ file: null, stdout: true, writeStdout: (l) => void out.push(l) });
    await log.append(attempt(1));
    await log.append(outcome(1));
    expect(out.map((l) => JSON.parse(l) as unknown)).toEqual([
      expect.objectContaining({ type: 'audit', record: 'attempt', requestId: 'req-1' }),
      expect.objectContaining({ type: 'audit', record: 'outcome', outcome: 'success' }),
    ]);
    expect(out[0]?.endsWith('\n')).toBe(true);
    const r = await log.recent({});
    expect(r.source).toBe('memory');
    expect(r.entries).toHaveLength(1);
    expect(() => new AuditLog({ file: null, stdout: false })).toThrow();
  });

  it('refuses when any sink cannot take the record (stdout closed), even if the file can', async () => {
    const log = new AuditLog({
      file: tempFile(),
      stdout: true,
      writeStdout: () => Promise.reject(Object.assign(new Error('EPIPE'), { code: 'EPIPE' })),
    });
    await expect(log.append(attempt(1))).rejects.toThrow('EPIPE');
    expect(log.healthy).toBe(false);
  });

  it('rejects a write to an unwritable file, and its probe fails until it is writable again', async () => {
    // Root writes through file modes: the file becomes a directory instead (EISDIR for everyone).
    const file = tempFile();
    const log = new AuditLog({ file, stdout: false });
    log.open();
    rmSync(file);
    mkdirSync(file);
    await expect(log.append(attempt(1))).rejects.toThrow();
    expect(log.healthy).toBe(false);
    expect(await log.probe()).toBe(false);
    rmSync(file, { recursive: true });
    expect(await log.probe()).toBe(true);
    expect(log.healthy).toBe(true);
    await log.append(attempt(2));
    expect(fileLines(file)).toHaveLength(1);
  });

  it('rejects a write that finds no space (ENOSPC from /dev/full)', async () => {
    if (!existsSync('/dev/full')) {
      console.log('skipped: /dev/full does not exist here');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'orglink-audit-'));
    const file = join(dir, 'audit.log');
    symlinkSync('/dev/full', file);
    const log = new AuditLog({ file, stdout: false });
    await expect(log.append(attempt(1))).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(log.healthy).toBe(false);
  });

  it('probes by really writing: a scratch file beside the log, removed again', async () => {
    const file = tempFile();
    writeFileSync(file, '');
    const log = new AuditLog({ file, stdout: false });
    expect(await log.probe()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('');
    // Nothing left behind but the log itself.
    expect(readdirSync(join(file, '..'))).toEqual(['audit.log']);
  });
});
