import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPassword, MIN_N } from './passwords';
import { loadUsers, readUsersFile, upsertUser } from './users-file';

const FAST = { N: MIN_N, r: 8, p: 1 };
const dir = () => mkdtempSync(join(tmpdir(), 'orglink-users-'));

describe('USERS_FILE', () => {
  it('writes entries with mode 0600, adds and updates by name', async () => {
    const file = join(dir(), 'users.json');
    const h1 = await hashPassword('first password!', FAST);
    expect(upsertUser(file, { username: 'alice', role: 'viewer', passwordHash: h1 })).toBe('added');
    const h2 = await hashPassword('second password', FAST);
    expect(upsertUser(file, { username: 'ALICE', role: 'operator', passwordHash: h2 })).toBe(
      'updated',
    );
    expect(upsertUser(file, { username: 'bob', role: 'viewer', passwordHash: h1 })).toBe('added');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const data = readUsersFile(file);
    expect(data.users.map((u) => [u.username, u.role])).toEqual([
      ['ALICE', 'operator'],
      ['bob', 'viewer'],
    ]);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('first password');
    expect(text).not.toContain('second password');
  });

  it('names every problem without echoing the file', () => {
    const file = join(dir(), 'users.json');
    writeFileSync(
      file,
      JSON.stringify({
        users: [
          { username: 'alice', role: 'admin', passwordHash: 'secret-plaintext' },
          { username: 'has space', role: 'viewer', passwordHash: 'x' },
        ],
      }),
    );
    let message = '';
    try {
      readUsersFile(file);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/users\.0\.role/);
    expect(message).toMatch(/users\.0\.passwordHash: passwordHash is not an scrypt hash/);
    expect(message).toMatch(/users\.1\.username/);
    expect(message).not.toContain('secret-plaintext');
    expect(() => readUsersFile(join(dir(), 'missing.json'))).toThrow(/npm run user:add/);
    writeFileSync(file, '{nope');
    expect(() => readUsersFile(file)).toThrow(/not valid JSON/);
  });

  it('refuses duplicate names in any case', async () => {
    const file = join(dir(), 'users.json');
    const h = await hashPassword('whatever pass', FAST);
    writeFileSync(
      file,
      JSON.stringify({
        users: [
          { username: 'alice', role: 'viewer', passwordHash: h },
          { username: 'Alice', role: 'operator', passwordHash: h },
        ],
      }),
    );
    expect(() => readUsersFile(file)).toThrow(/duplicate user Alice/);
  });

  it('follows changes without a restart and keeps the last good users on a broken edit', async () => {
    const file = join(dir(), 'users.json');
    const h = await hashPassword('whatever pass', FAST);
    upsertUser(file, { username: 'alice', role: 'viewer', passwordHash: h });
    const errors: string[] = [];
    const store = loadUsers(file, {
      checkEveryMs: 0,
      onReloadError: (e) => errors.push(e.message),
    });
    expect(store.find('Alice')?.role).toBe('viewer');
    upsertUser(file, { username: 'alice', role: 'operator', passwordHash: h });
    expect(store.find('alice')?.role).toBe('operator');
    writeFileSync(file, '{"users": "broken"}');
    expect(store.find('alice')?.role).toBe('operator');
    expect(errors).toHaveLength(1);
    expect(store.find('nobody')).toBeUndefined();
  });
});
