// `npm run user:add -- NAME --role viewer|operator [--file PATH]`: adds a dashboard user to
// USERS_FILE (or replaces the password and role of an existing one). The password is read without
// echo from the terminal (asked twice), or as the first line of standard input when it is piped.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '#contract/proxy-contract';
import { hashPassword } from '../server/access/passwords';
import { upsertUser, USERNAME_PATTERN } from '../server/access/users-file';

export const MIN_PASSWORD_LENGTH = 12;
const USAGE = 'usage: npm run user:add -- NAME --role viewer|operator [--file users.json]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Reads one line from a terminal without echoing it. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolvePromise, reject) => {
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolvePromise(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** First line of piped standard input (for scripts and tests). */
async function readPiped(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

async function main() {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: {
      role: { type: 'string' },
      file: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [username, ...extra] = positionals;
  if (!username || extra.length) fail(USAGE);
  if (!USERNAME_PATTERN.test(username)) {
    fail('NAME must be 1–64 letters, digits or . _ @ - (starting with a letter or digit)');
  }
  if (!values.role || !(ROLES as readonly string[]).includes(values.role)) {
    fail(`--role must be one of: ${ROLES.join(', ')}\n${USAGE}`);
  }
  const role = values.role as Role;
  if (existsSync(resolve('.env')) && !process.env.USERS_FILE) {
    try {
      process.loadEnvFile(resolve('.env'));
    } catch {
      // An unreadable .env is the server's problem to report; --file still works.
    }
  }
  const file = resolve(values.file ?? process.env.USERS_FILE ?? 'users.json');

  let password: string;
  if (process.stdin.isTTY) {
    password = await readHidden(`Password for ${username}: `);
    const again = await readHidden('Again: ');
    if (again !== password) fail('The two passwords differ; nothing was written.');
  } else {
    password = await readPiped();
  }
  if (password.length < MIN_PASSWORD_LENGTH) {
    fail(`The password must have at least ${MIN_PASSWORD_LENGTH} characters; nothing was written.`);
  }
  if (password.length > 1024) fail('The password is too long (1024 characters at most).');

  const passwordHash = await hashPassword(password);
  const result = upsertUser(file, { username, role, passwordHash });
  process.stdout.write(
    `${result === 'added' ? 'Added' : 'Updated'} ${username} (${role}) in ${file}\n` +
      (process.env.USERS_FILE ? '' : `Start the dashboard with USERS_FILE=${file}\n`),
  );
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
