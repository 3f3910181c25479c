import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHash, verifyPassword } from '../server/access/passwords';
import { readUsersFile } from '../server/access/users-file';

const ROOT = resolve(import.meta.dirname, '..');

function userAdd(args: string[], input: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/user-add.ts', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, USERS_FILE: '' },
  });
}

describe('npm run user:add', () => {
  it('writes a user with a slow hash of the piped password, never the password itself', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'orglink-useradd-')), 'users.json');
    const r = userAdd(['alice', '--role', 'operator', '--file', file], 'long enough secret 1\n');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Added alice \(operator\)/);
    expect(r.stdout + r.stderr).not.toContain('long enough secret 1');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('long enough secret 1');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const [user] = readUsersFile(file).users;
    expect(user).toMatchObject({ username: 'alice', role: 'operator' });
    expect(user?.passwordHash).toMatch(/^scrypt\$N=32768,r=8,p=3\$/);
    await expect(
      verifyPassword('long enough secret 1', parseHash(user!.passwordHash)!),
    ).resolves.toBe(true);

    const again = userAdd(['Alice', '--role', 'viewer', '--file', file], 'another long secret\n');
    expect(again.stdout).toMatch(/Updated Alice \(viewer\)/);
    expect(readUsersFile(file).users).toHaveLength(1);
  });

  it('refuses a bad role, a bad name and a short password, writing nothing', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'orglink-useradd-')), 'users.json');
    const badRole = userAdd(['bob', '--role', 'admin', '--file', file], 'long enough secret 1\n');
    expect(badRole.status).toBe(1);
    expect(badRole.stderr).toMatch(/--role must be one of: viewer, operator/);
    expect(
      userAdd(['b b', '--role', 'viewer', '--file', file], 'long enough secret\n').stderr,
    ).toMatch(/NAME must be/);
    const short = userAdd(['bob', '--role', 'viewer', '--file', file], 'short\n');
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/at least 12 characters/);
    expect(() => statSync(file)).toThrow();
  });
});
