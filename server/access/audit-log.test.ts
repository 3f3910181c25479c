import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '#contract/audit-contract';
import { AuditLog } from './audit-log';

const ORG_A = 'aaaaaaaaaaaaaaaaaaaaaaa1';
const ORG_B = 'bbbbbbbbbbbbbbbbbbbbbbb2';

function line(i: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    requestId: `req-${i}`,
    user: i % 2 ? 'alice' : 'bob',
    role: 'operator',
    auth: 'password',
    operation: i % 2 ? 'removeLink' : 'connectOrg',
    method: i % 2 ? 'DELETE' : 'POST',
    orgId: i % 2 ? ORG_A : ORG_B,
    outcome: 'success',
    status: 204,
    upstreamStatus: 204,
    address: '127.0.0.1',
    ...over,
  };
}

describe('audit log', () => {
  it('appends one JSON line per entry to a 0600 file, creating its directory', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'orglink-audit-')), 'nested', 'audit.log');
    const log = new AuditLog({ file, stdout: false });
    log.open();
    for (let i = 0; i < 5; i++) await log.append(line(i));
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines[4] ?? '')).toMatchObject({ requestId: 'req-4' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('lists recent entries newest first, with filters', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'orglink-audit-')), 'audit.log');
    const log = new AuditLog({ file, stdout: false });
    for (let i = 0; i < 10; i++) await log.append(line(i, i === 9 ? { outcome: 'refused' } : {}));
    const all = await log.recent({});
    expect(all.entries.map((e) => e.requestId).slice(0, 3)).toEqual(['req-9', 'req-8', 'req-7']);
    expect(all.source).toBe('file');
    expect((await log.recent({ user: 'ALI' })).entries.every((e) => e.user === 'alice')).toBe(true);
    expect((await log.recent({ operation: 'connectOrg' })).entries).toHaveLength(5);
    expect((await log.recent({ outcome: 'refused' })).entries).toHaveLength(1);
    expect((await log.recent({ id: ORG_B })).entries).toHaveLength(5);
    expect((await log.recent({ limit: '2' })).entries).toHaveLength(2);
    expect((await log.recent({ since: '2026-01-01T00:00:08Z' })).entries).toHaveLength(2);
  });

  it('skips a torn last line (crash mid-write) and says when older lines were not searched', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'orglink-audit-')), 'audit.log');
    const log = new AuditLog({ file, stdout: false, tailBytes: 600 });
    for (let i = 0; i < 10; i++) await log.append(line(i));
    const { appendFileSync } = await import('node:fs');
    appendFileSync(file, '{"time":"2026-01');
    const r = await log.recent({});
    expect(r.truncated).toBe(true);
    expect(r.entries[0]?.requestId).toBe('req-9');
    expect(r.entries.length).toBeLessThan(10);
  });

  it('prints to stdout for a log shipper, and keeps recent lines in memory without a file', async () => {
    const out: string[] = [];
    const log = new AuditLog({ file: null, stdout: true, writeStdout: (l) => out.push(l) });
    await log.append(line(1));
    expect(JSON.parse(out[0] ?? '')).toMatchObject({ type: 'audit', requestId: 'req-1' });
    expect(out[0]?.endsWith('\n')).toBe(true);
    expect((await log.recent({})).source).toBe('memory');
    expect(() => new AuditLog({ file: null, stdout: false })).toThrow();
  });

  it('reports a failed write and recovers when the file is writable again', async () => {
    if (process.getuid?.() === 0) return; // root writes through file modes
    const dir = mkdtempSync(join(tmpdir(), 'orglink-audit-'));
    const file = join(dir, 'audit.log');
    const log = new AuditLog({ file, stdout: false });
    log.open();
    chmodSync(file, 0o400);
    await expect(log.append(line(1))).rejects.toThrow();
    expect(log.healthy).toBe(false);
    chmodSync(file, 0o600);
    expect(await log.probe()).toBe(true);
  });
});
