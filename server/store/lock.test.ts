// The embedded database's lock file, in one process (the two-process test is processes.test.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir } from './lock';

let dir = '';
let dbDir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orglink-lock-'));
  dbDir = join(dir, 'db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const bootId = existsSync('/proc/sys/kernel/random/boot_id')
  ? readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
  : null;

function writeLock(content: Record<string, unknown>) {
  writeFileSync(`${dbDir}.lock`, JSON.stringify(content));
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid;
}

describe('data directory lock', () => {
  it('is a file beside the database with this process in it; released, it is gone', () => {
    const lock = lockDataDir(dbDir);
    const content = JSON.parse(readFileSync(`${dbDir}.lock`, 'utf8')) as Record<string, unknown>;
    expect(content).toMatchObject({ pid: process.pid, host: hostname() });
    expect(() => lockDataDir(dbDir)).toThrow(/already open in this process/);
    lock.release();
    expect(existsSync(`${dbDir}.lock`)).toBe(false);
    lockDataDir(dbDir).release();
  });

  it('refuses while the holder runs, naming it and what to do', () => {
    // pid 1 always runs.
    writeLock({ pid: 1, host: hostname(), bootId, startedAt: '2026-03-01T10:00:00.000Z' });
    expect(() => lockDataDir(dbDir)).toThrow(
      `The embedded database in ${dbDir} is in use by another process (pid 1, since 2026-03-01T10:00:00.000Z)`,
    );
    expect(readFileSync(`${dbDir}.lock`, 'utf8')).toContain('"pid":1');
  });

  it('takes over the lock of a process that is gone (killed, crashed)', () => {
    writeLock({ pid: deadPid(), host: hostname(), bootId, startedAt: 'x' });
    const lock = lockDataDir(dbDir);
    expect(readFileSync(`${dbDir}.lock`, 'utf8')).toContain(`"pid":${process.pid}`);
    lock.release();
  });

  it.runIf(bootId)(
    'takes over a lock from before a reboot, even if its pid is in use again',
    () => {
      writeLock({ pid: 1, host: hostname(), bootId: 'another-boot', startedAt: 'x' });
      lockDataDir(dbDir).release();
    },
  );

  it('takes over a lock file left empty or garbled by a crash', () => {
    writeFileSync(`${dbDir}.lock`, '');
    lockDataDir(dbDir).release();
    writeFileSync(`${dbDir}.lock`, '{"pid":');
    lockDataDir(dbDir).release();
  });

  it('never takes over a lock held on another host: it names the file to delete', () => {
    writeLock({ pid: deadPid(), host: 'other-host', bootId: null, startedAt: 'x' });
    expect(() => lockDataDir(dbDir)).toThrow(
      /on host other-host.*If that process is gone, delete .*db\.lock/,
    );
  });

  it("a lock left by an earlier process with this process's pid (containers: pid 1) is stale", () => {
    writeLock({ pid: process.pid, host: hostname(), bootId, startedAt: 'earlier' });
    lockDataDir(dbDir).release();
  });

  it('release leaves a lock alone that is no longer ours', () => {
    const lock = lockDataDir(dbDir);
    writeLock({ pid: 1, host: hostname(), bootId, startedAt: 'someone else' });
    lock.release();
    expect(readFileSync(`${dbDir}.lock`, 'utf8')).toContain('someone else');
  });
});
