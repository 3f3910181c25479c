// Every store test runs on both engines: `describeEachEngine(name, (ctx) => { … })` declares the
// suite twice, once on embedded PGlite and once on a throwaway Postgres server.
//
// Speed: a fresh PGlite costs ~3 s (initdb in WebAssembly); loading a dump of a fresh one costs
// ~0.5 s. So the first test file to need one makes the dump once (in the OS temp dir, keyed by the
// PGlite version) and every suite loads it; tests within a suite share one database and start from
// empty tables (TRUNCATE, ~1 ms). One Postgres server serves the whole run (global-setup.ts, ~1 s)
// and each suite creates its own database on it (~0.1 s).
//
// Without the Postgres binaries the server variant is skipped with its reason in the suite's name,
// except on CI (`CI` set), where it fails: CI installs them and must test both engines.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { getTableName, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, inject, it } from 'vitest';
import { openStore, wrapPglite, type OpenStoreOptions, type Store } from '../store/connect';
import type { Engine } from '../store/db';
import { TABLES } from '../store/schema';
import {
  createDatabase,
  postgresUnavailableReason,
  startPostgresServer,
  type PostgresServer,
} from './postgres-server';

export const ENGINES: readonly Engine[] = ['pglite', 'postgres'];

/** An empty database (no tables yet), for migration tests. */
export interface EmptyDatabase {
  /** Plain SQL before the store opens it (loading a fixture). */
  exec(sql: string): Promise<void>;
  /** Opens it as the store does: migrates (up to `upTo`), then hands over the store. */
  open(options?: Pick<OpenStoreOptions, 'upTo' | 'migrations' | 'now'>): Promise<Store>;
  /** For a child process: DATABASE_URL of this database (Postgres only). */
  url: string | null;
  close(): Promise<void>;
}

export interface EngineContext {
  readonly engine: Engine;
  /** This suite's store, migrated, with empty tables at the start of every test. */
  readonly store: Store;
  /**
   * What a second instance would have: on Postgres another connection pool to the same database;
   * on PGlite the same store (one process owns an embedded database; closing it is a no-op).
   */
  openSecond(): Promise<Store>;
  /** A new empty database on this engine. */
  emptyDatabase(): Promise<EmptyDatabase>;
  /** DATABASE_URL of the suite's database (Postgres only). */
  readonly databaseUrl: string | null;
}

const require = createRequire(import.meta.url);

function pgliteVersion(): string {
  // Its package.json is not exported; read it beside the resolved entry point.
  const entry = require.resolve('@electric-sql/pglite');
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (json.name === '@electric-sql/pglite') return json.version ?? 'unknown';
    }
  }
  return 'unknown';
}

let template: Promise<Blob> | null = null;

/**
 * A dump of a freshly initialised PGlite (no tables), made once per machine and version; the file
 * can seed a new data directory in another process (openStore's `seed`).
 */
export async function pgliteTemplateFile(): Promise<string> {
  await pgliteTemplate();
  return templatePath();
}

function templatePath(): string {
  return join(tmpdir(), 'orglink-test-cache', `pglite-${pgliteVersion()}-empty.tar`);
}

function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const file = templatePath();
    const dir = dirname(file);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const fresh = await PGlite.create('memory://');
    const dump = await fresh.dumpDataDir('none');
    await fresh.close();
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, file); // atomic: parallel test files never read half a file
    return dump;
  })();
  return template;
}

/** An empty in-memory PGlite, from the template. */
export async function emptyPglite(): Promise<PGlite> {
  return PGlite.create('memory://', { loadDataDir: await pgliteTemplate() });
}

/**
 * Settings for a server process a test starts (`server/index.ts`): a fresh database of its own,
 * on the run's test Postgres server when there is one (a new embedded database would cost the
 * child seconds of initdb), else an embedded one in `dir`.
 */
export async function databaseEnvFor(dir: string): Promise<Record<string, string>> {
  const admin = inject('postgresAdminUrl');
  if (!admin) return { DATA_DIR: join(dir, 'data') };
  return { DATABASE_URL: await createDatabase(admin, uniqueName('server')) };
}

/** A migrated in-memory PGlite store, for tests that need a database but not both engines. */
export async function openTestStore(): Promise<Store> {
  return wrapPglite(await emptyPglite(), { engine: 'pglite', dataDir: 'memory://' });
}

/** Every table but schema_migrations, emptied. */
export async function truncateAll(store: Store): Promise<void> {
  const names = TABLES.map((t) => getTableName(t)).filter((n) => n !== 'schema_migrations');
  await store.db.execute(sql.raw(`TRUNCATE ${names.join(', ')} RESTART IDENTITY CASCADE`));
}

let databaseCounter = 0;

const EMPTY_PUBLIC_SCHEMA = 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;';

interface Scratch {
  db: EmptyDatabase;
  reset(): Promise<void>;
}

async function pgliteScratch(): Promise<Scratch> {
  const pg = await emptyPglite();
  const db: EmptyDatabase = {
    url: null,
    exec: async (text) => {
      await pg.exec(text);
    },
    open: async (options) => {
      const store = await wrapPglite(pg, { engine: 'pglite', dataDir: 'memory://' }, options);
      return { ...store, close: async () => {} };
    },
    close: () => pg.close(),
  };
  return { db, reset: () => db.exec(EMPTY_PUBLIC_SCHEMA) };
}

async function postgresScratch(): Promise<Scratch> {
  const url = await createDatabase(await adminUrl(), uniqueName('scratch'));
  const pgmod = (await import('pg')).default;
  const stores: Store[] = [];
  const closeStores = async () => {
    for (const s of stores.splice(0)) await s.close();
  };
  const db: EmptyDatabase = {
    url,
    exec: async (text) => {
      const client = new pgmod.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(text);
      } finally {
        await client.end();
      }
    },
    open: async (options) => {
      const s = await openStore({ databaseUrl: url, ...options });
      stores.push(s);
      return s;
    },
    close: closeStores,
  };
  return {
    db,
    reset: async () => {
      await closeStores();
      await db.exec(EMPTY_PUBLIC_SCHEMA);
    },
  };
}

export interface SuiteOptions {
  /**
   * false: the suite needs no store of its own (it opens its databases itself, e.g. in child
   * processes); on Postgres its database is still created (`databaseUrl`).
   */
  suiteStore?: boolean;
}

export function describeEachEngine(
  name: string,
  body: (ctx: EngineContext) => void,
  options: SuiteOptions = {},
): void {
  for (const engine of ENGINES) {
    if (engine === 'postgres') {
      const reason = postgresUnavailableReason();
      if (reason) {
        if (process.env.CI) {
          describe(`${name} [postgres]`, () => {
            it('needs a Postgres server to test against', () => {
              throw new Error(`CI must test both engines, but: ${reason}`);
            });
          });
        } else {
          describe.skip(`${name} [postgres] — skipped: ${reason}`, () => {
            it('runs on a Postgres server', () => {});
          });
        }
        continue;
      }
    }
    describe(`${name} [${engine}]`, () => {
      body(engineContext(engine, options.suiteStore ?? true));
    });
  }
}

/** The run's shared server (global-setup.ts), else one of this file's own. */
let ownServer: PostgresServer | null = null;
async function adminUrl(): Promise<string> {
  const shared = inject('postgresAdminUrl');
  if (shared) return shared;
  ownServer ??= await startPostgresServer();
  return ownServer.url;
}

const uniqueName = (kind: string) =>
  `${kind}_${process.pid}_${++databaseCounter}_${Math.random().toString(36).slice(2, 8)}`;

function engineContext(engine: Engine, suiteStore: boolean): EngineContext {
  let store: Store | null = null;
  let url: string | null = null;
  const opened: Store[] = [];
  let scratch: Scratch | null = null;

  beforeAll(async () => {
    if (engine === 'pglite') {
      if (suiteStore) {
        store = await wrapPglite(await emptyPglite(), { engine: 'pglite', dataDir: 'memory://' });
      }
    } else {
      url = await createDatabase(await adminUrl(), uniqueName('suite'));
      if (suiteStore) store = await openStore({ databaseUrl: url });
    }
  }, 120_000);

  beforeEach(async () => {
    if (store) await truncateAll(store);
  });

  afterAll(async () => {
    await scratch?.db.close().catch(() => {});
    for (const s of opened) await s.close().catch(() => {});
    await store?.close();
    await ownServer?.stop();
    ownServer = null;
  }, 60_000);

  return {
    engine,
    get store() {
      if (!store) throw new Error('the store opens in beforeAll: use it inside tests and hooks');
      return store;
    },
    get databaseUrl() {
      return url;
    },
    async openSecond() {
      if (engine === 'pglite') {
        const shared = this.store;
        return { ...shared, close: async () => {} };
      }
      // A second pool on the suite's database (which the first opening migrated).
      const second = await openStore({ databaseUrl: url });
      opened.push(second);
      return second;
    },
    async emptyDatabase() {
      // One scratch database per suite, emptied for each use (DROP SCHEMA: milliseconds, where
      // a new PGlite costs half a second): only the last one handed out is usable.
      await scratch?.reset();
      scratch ??= engine === 'pglite' ? await pgliteScratch() : await postgresScratch();
      return scratch.db;
    },
  };
}
