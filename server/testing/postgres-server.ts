// A throwaway PostgreSQL server for tests: initdb in a temp dir, started on a free loopback port as
// its own process (no system service), stopped and deleted by the tests themselves. The server
// refuses to run as root, so as root every binary runs as the `postgres` user (runuser).
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Why there is no server to test against, or null when the binaries are there. */
export function postgresUnavailableReason(): string | null {
  return findPostgresBin()
    ? null
    : 'no PostgreSQL server binaries (/usr/lib/postgresql/*/bin or POSTGRES_BIN_DIR); ' +
        'install Debian\'s "postgresql" package (CI does)';
}

/** The newest installed server's bin directory (POSTGRES_BIN_DIR wins), or null. */
export function findPostgresBin(): string | null {
  const override = process.env.POSTGRES_BIN_DIR;
  if (override) return existsSync(join(override, 'pg_ctl')) ? override : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/** A new empty database on the server `adminUrl` points at; returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name ${name}`);
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface PostgresServer {
  /** postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres (TCP needs the password: scram). */
  url: string;
  port: number;
  password: string;
  /** A new empty database on this server; returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function command(bin: string, tool: string, args: string[]): [string, string[]] {
  const exe = join(bin, tool);
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(`Cannot start a test Postgres server: ${postgresUnavailableReason()}`);
  const dir = mkdtempSync(join(tmpdir(), 'orglink-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  // TCP connections need the password (scram-sha-256), as a real server would: the tests of
  // start-up errors use a wrong one.
  const password = randomBytes(12).toString('hex');
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  const pgctl = (args: string[], timeout = 60_000) => {
    const [exe, argv] = command(bin, 'pg_ctl', args);
    return run(exe, argv, { timeout });
  };
  try {
    const [exe, argv] = command(bin, 'initdb', [
      '-D',
      data,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      `--pwfile=${pwfile}`,
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    await run(exe, argv, { timeout: 120_000 });
    let port = 0;
    // Another process may take the free port between finding and using it: try a few.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
      try {
        await pgctl(['-D', data, '-o', opts, '-l', log, '-w', '-t', '60', 'start'], 90_000);
        break;
      } catch (e) {
        if (attempt >= 4) {
          const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
          throw new Error(
            `The test Postgres server did not start: ${(e as Error).message}\n${tail}`,
          );
        }
      }
    }
    let stopped = false;
    const stopNow = () => {
      if (stopped) return;
      stopped = true;
      try {
        const [exe2, argv2] = command(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        execFileSync(exe2, argv2, { stdio: 'ignore', timeout: 30_000 });
      } catch {
        // already down
      }
      rmSync(dir, { recursive: true, force: true });
    };
    // A test process that ends without afterAll must not leave a server running.
    process.once('exit', stopNow);
    const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    return {
      url,
      port,
      password,
      createDatabase: (name) => createDatabase(url, name),
      async stop() {
        if (stopped) return;
        process.removeListener('exit', stopNow);
        stopped = true;
        await pgctl(['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
