// The dashboard's users: a JSON file (USERS_FILE) of names, scrypt hashes and roles, written by
// `npm run user:add`. It is read at start-up and again whenever it changes, so adding a user or
// changing a password needs no restart.
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { ROLES, type Role } from '#contract/proxy-contract';
import { parseHash, type ParsedHash } from './passwords';

/** Letters, digits and . _ @ - ; 1–64 characters. Also what the SSO header may carry. */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

const userSchema = z
  .object({
    username: z.string().regex(USERNAME_PATTERN, {
      message: 'username must be 1–64 letters, digits or . _ @ - (starting with a letter or digit)',
    }),
    role: z.enum(ROLES),
    passwordHash: z.string().refine((h) => parseHash(h) !== null, {
      message: 'passwordHash is not an scrypt hash written by `npm run user:add`',
    }),
  })
  .strict();

export const usersFileSchema = z
  .object({
    users: z.array(userSchema).superRefine((users, ctx) => {
      const seen = new Set<string>();
      for (const u of users) {
        const key = u.username.toLowerCase();
        if (seen.has(key))
          ctx.addIssue({ code: 'custom', message: `duplicate user ${u.username}` });
        seen.add(key);
      }
    }),
  })
  .strict();
export type UsersFile = z.infer<typeof usersFileSchema>;

export interface User {
  username: string;
  role: Role;
  hash: ParsedHash;
  /** The stored hash string: sessions are bound to it, so a new password ends old sessions. */
  passwordHash: string;
}

export class UsersFileError extends Error {
  constructor(file: string, problems: string[]) {
    // Never echoes the file's content: it holds password hashes.
    super(`USERS_FILE ${file}: ${problems.join('; ')}`);
    this.name = 'UsersFileError';
  }
}

/** Reads and validates a users file; throws UsersFileError naming every problem. */
export function readUsersFile(file: string): UsersFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsersFileError(file, [
      code === 'ENOENT'
        ? 'file not found (create it with `npm run user:add -- NAME --role operator`)'
        : `cannot be read (${code ?? 'error'})`,
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsersFileError(file, ['not valid JSON']);
  }
  const parsed = usersFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new UsersFileError(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

function toUsers(data: UsersFile): Map<string, User> {
  const map = new Map<string, User>();
  for (const u of data.users) {
    map.set(u.username.toLowerCase(), {
      username: u.username,
      role: u.role,
      passwordHash: u.passwordHash,
      hash: parseHash(u.passwordHash) as ParsedHash,
    });
  }
  return map;
}

export interface UsersStore {
  /** Case-insensitive lookup; re-reads the file first when it changed on disk. */
  find(username: string): User | undefined;
  count(): number;
}

/**
 * Loads the file now (throwing on any problem, so a bad file stops start-up) and then follows
 * changes. A later broken edit keeps the last good users and reports it through `onReloadError`.
 */
export function loadUsers(
  file: string,
  o: { checkEveryMs?: number; now?: () => number; onReloadError?: (e: Error) => void } = {},
): UsersStore {
  const checkEveryMs = o.checkEveryMs ?? 1000;
  const clock = o.now ?? Date.now;
  let users = toUsers(readUsersFile(file));
  let stamp = fileStamp(file);
  let checkedAt = clock();
  const refresh = () => {
    // A stat per request is cheap, but once a second is plenty.
    if (clock() - checkedAt < checkEveryMs) return;
    checkedAt = clock();
    const now = fileStamp(file);
    if (now === stamp) return;
    stamp = now;
    try {
      users = toUsers(readUsersFile(file));
    } catch (e) {
      o.onReloadError?.(e as Error);
    }
  };
  return {
    find(username) {
      refresh();
      return users.get(username.toLowerCase());
    },
    count() {
      refresh();
      return users.size;
    },
  };
}

function fileStamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return 'missing';
  }
}

/** Adds a user or replaces one of the same name; writes atomically with mode 0600. */
export function upsertUser(
  file: string,
  entry: { username: string; role: Role; passwordHash: string },
): 'added' | 'updated' {
  const data: UsersFile = existsSync(file) ? readUsersFile(file) : { users: [] };
  const i = data.users.findIndex((u) => u.username.toLowerCase() === entry.username.toLowerCase());
  const result = i >= 0 ? 'updated' : 'added';
  if (i >= 0) data.users[i] = entry;
  else data.users.push(entry);
  const checked = usersFileSchema.parse(data);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(checked, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return result;
}
