// Opens the store: embedded PGlite in DATA_DIR by default (nothing to install), or the Postgres
// server named by DATABASE_URL (what several instances share). Both give the same drizzle
// database; the schema is migrated before anything else touches it. Every failure is a
// StoreError that says what to fix and never contains DATABASE_URL's password.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { getTableName } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Database, Engine, RawTransaction, StoreDescription } from './db';
import { StoreError } from './errors';
import { lockDataDir, type DataDirLock } from './lock';
import { loadMigrations, migrate, type Migration } from './migrate';
import { TABLES } from './schema';

export interface Store {
  readonly db: Database;
  readonly engine: Engine;
  /** Safe for logs and the Settings page. */
  readonly description: StoreDescription;
  /** The schema version after migrating. */
  readonly schemaVersion: number;
  /**
   * Housekeeping the engine does not do itself. Embedded PGlite runs no autovacuum, so rows the
   * sweeper updates in place every interval would leave dead versions behind forever: VACUUM
   * them. A Postgres server's autovacuum does this already.
   */
  maintain(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** DATABASE_URL: a Postgres server. Wins over `dataDir`. */
  databaseUrl?: string | null;
  /** DATA_DIR: the embedded database lives in `<dataDir>/db`. Default `data`. */
  dataDir?: string;
  /** Tests: other migrations, or stop at an older version. */
  migrations?: readonly Migration[];
  upTo?: number;
  now?: () => Date;
  /** A pooled connection failed while idle (the server restarted): logged, not fatal. */
  onPoolError?: (e: Error) => void;
  /**
   * Tests: a new embedded data directory starts from this dump of an empty database instead of
   * running initdb (0.5 s instead of 3–6 s).
   */
  seed?: Blob;
}

export const DEFAULT_DATA_DIR = 'data';

/** The embedded database's directory inside DATA_DIR. */
export function embeddedDbDir(dataDir: string): string {
  return resolve(dataDir, 'db');
}

export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  if (options.databaseUrl) return openPostgresStore(options.databaseUrl, options);
  return openEmbeddedStore(options.dataDir ?? DEFAULT_DATA_DIR, options);
}

// ---------------------------------------------------------------------------------------------
// Embedded: PGlite

async function openEmbeddedStore(dataDir: string, options: OpenStoreOptions): Promise<Store> {
  const dir = embeddedDbDir(dataDir);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new StoreError(
      `Cannot create DATA_DIR ${resolve(dataDir)} for the embedded database: ${(e as Error).message}`,
    );
  }
  const lock = lockDataDir(dir);
  let pglite: PGlite;
  try {
    const fresh = !existsSync(join(dir, 'PG_VERSION'));
    pglite = await PGlite.create(dir, options.seed && fresh ? { loadDataDir: options.seed } : {});
  } catch (e) {
    lock.release();
    throw new StoreError(
      `Cannot open the embedded database in ${dir}: ${(e as Error).message}. ` +
        'Check that DATA_DIR is writable and holds a database of this version of PGlite.',
      { cause: e },
    );
  }
  try {
    return await wrapPglite(pglite, { engine: 'pglite', dataDir: dir }, options, lock);
  } catch (e) {
    await pglite.close().catch(() => {});
    lock.release();
    throw e;
  }
}

/**
 * A store over an open PGlite (tests use an in-memory one): migrates it first (on failure the
 * PGlite stays open, the caller closes it). Closing the store closes the PGlite and releases
 * `lock`.
 */
export async function wrapPglite(
  pglite: PGlite,
  description: Extract<StoreDescription, { engine: 'pglite' }>,
  options: Pick<OpenStoreOptions, 'migrations' | 'upTo' | 'now'> = {},
  lock: DataDirLock | null = null,
): Promise<Store> {
  const transaction = <T>(fn: (tx: RawTransaction) => Promise<T>): Promise<T> =>
    pglite.transaction((tx) =>
      fn({
        exec: async (text) => {
          await tx.exec(text);
        },
        query: async <Row>(text: string, params?: unknown[]) =>
          (await tx.query<Row>(text, params)).rows,
      }),
    );
  const schemaVersion = (await runMigrations(transaction, options)).to;
  let closed = false;
  return {
    db: drizzlePglite({ client: pglite }) as unknown as Database,
    engine: 'pglite',
    description,
    schemaVersion,
    async maintain() {
      // The store's tables only: a whole-database VACUUM also walks the system catalogs, which
      // never churn here, and costs a quarter of a second even when empty.
      await pglite.exec(`VACUUM (ANALYZE) ${TABLES.map((t) => getTableName(t)).join(', ')}`);
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A Postgres server: node-postgres

export interface DatabaseUrlParts {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** The parts of DATABASE_URL that may be shown (not the password). Throws StoreError if unusable. */
export function describeDatabaseUrl(url: string): DatabaseUrlParts {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new StoreError(
      'DATABASE_URL is not a URL (expected postgres://USER:PASSWORD@HOST:5432/DATABASE).',
    );
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new StoreError('DATABASE_URL must start with postgres:// or postgresql://.');
  }
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const user = decode(u.username) || 'postgres';
  // A socket directory may come as ?host=/var/run/postgresql.
  const host = decode(u.hostname) || u.searchParams.get('host') || 'localhost';
  return {
    host,
    port: u.port ? Number(u.port) : 5432,
    database: decode(u.pathname.replace(/^\//, '')) || user,
    user,
  };
}

/** The password as written in the URL and decoded: both are scrubbed from driver messages. */
function passwordsIn(url: string): string[] {
  try {
    const raw = new URL(url).password;
    if (!raw) return [];
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      // keep raw
    }
    return [...new Set([raw, decoded])].filter((p) => p.length > 0);
  } catch {
    return [];
  }
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name not found',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection closed',
};

/** Start-up failure against a server, in words that name DATABASE_URL but never its password. */
export function explainConnectError(e: unknown, url: string): StoreError {
  const parts = describeDatabaseUrl(url);
  const where = `${parts.host}:${parts.port}, database "${parts.database}"`;
  const err = e as { code?: string; message?: string };
  const code = err.code ?? '';
  const secrets = passwordsIn(url);
  const message = scrub(err.message ?? String(e), secrets);
  let text: string;
  if (UNREACHABLE_CODES[code] || /timeout|timed out|terminated/i.test(message)) {
    const why = UNREACHABLE_CODES[code] ?? 'no answer in time';
    text =
      `Cannot reach the Postgres server of DATABASE_URL (${where}): ${why}. ` +
      'Check that the server runs and that DATABASE_URL names its host and port.';
  } else if (code === '28P01' || code === '28000') {
    text =
      `The Postgres server of DATABASE_URL (${where}) refused user "${parts.user}": wrong ` +
      'password, or no access for this user and address (pg_hba.conf). Check the user and ' +
      'password in DATABASE_URL.';
  } else if (code === '3D000') {
    text =
      `The Postgres server of DATABASE_URL (${parts.host}:${parts.port}) has no database ` +
      `"${parts.database}": create it (createdb ${parts.database}) or fix DATABASE_URL.`;
  } else {
    text = `Cannot use the Postgres server of DATABASE_URL (${where}): ${message}`;
  }
  return new StoreError(scrub(text, secrets));
}

async function openPostgresStore(url: string, options: OpenStoreOptions): Promise<Store> {
  const parts = describeDatabaseUrl(url);
  const secrets = passwordsIn(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'orglink-console',
  });
  // Without a listener an idle connection's error (server restart) would crash the process.
  pool.on('error', (e) => {
    const safe = new Error(scrub(e.message, secrets));
    options.onPoolError?.(safe);
  });
  const transaction = async <T>(fn: (tx: RawTransaction) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn({
        exec: async (text) => {
          await client.query(text);
        },
        query: async <Row>(text: string, params?: unknown[]) =>
          (await client.query(text, params)).rows as Row[],
      });
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  };
  let schemaVersion: number;
  try {
    try {
      await pool.query('SELECT 1');
    } catch (e) {
      throw explainConnectError(e, url);
    }
    schemaVersion = (await runMigrations(transaction, options)).to;
  } catch (e) {
    await pool.end().catch(() => {});
    if (e instanceof StoreError) throw new StoreError(scrub(e.message, secrets));
    throw explainConnectError(e, url);
  }
  let closed = false;
  return {
    db: drizzlePostgres({ client: pool }) as unknown as Database,
    engine: 'postgres',
    description: {
      engine: 'postgres',
      host: parts.host,
      port: parts.port,
      database: parts.database,
    },
    schemaVersion,
    async maintain() {
      // autovacuum does it
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

async function runMigrations(
  transaction: <T>(fn: (tx: RawTransaction) => Promise<T>) => Promise<T>,
  options: Pick<OpenStoreOptions, 'migrations' | 'upTo' | 'now'>,
) {
  const migrations = options.migrations ?? loadMigrations();
  return migrate(transaction, migrations, options.now, options.upTo ?? migrations.length);
}

/** One line for the start-up log. */
export function describeStore(d: StoreDescription): string {
  return d.engine === 'pglite'
    ? `embedded PostgreSQL (PGlite) in ${d.dataDir}`
    : `PostgreSQL server ${d.host}:${d.port}, database "${d.database}" (DATABASE_URL)`;
}
