// Opening the store, on both engines: schema migrations from empty and from the released
// version 1 (a frozen fixture), refusals (newer schema, edited migration), the drizzle table
// definitions against the schema the SQL files create (so the two cannot drift apart), what the
// store says about itself (never a password) and the start-up errors that name DATABASE_URL
// without its password.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTableName, sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { describeEachEngine } from '../testing/engines';
import {
  describeDatabaseUrl,
  describeStore,
  explainConnectError,
  openStore,
  type Store,
} from './connect';
import { StoreError } from './errors';
import { getFleetOrg, listFleet, statusHistory } from './fleet';
import { checksumOf, loadMigrations, MIGRATIONS_DIR } from './migrate';
import { TABLES } from './schema';

const FIXTURE_V1 = readFileSync(
  new URL('../testing/fixtures/store-v1.sql', import.meta.url),
  'utf8',
);
const LATEST = loadMigrations().length;

async function rows<T>(store: Store, query: string): Promise<T[]> {
  const r = (await store.db.execute(sql.raw(query))) as unknown as { rows: T[] };
  return r.rows;
}

describe('migration files', () => {
  it('run 1, 2, 3 … and each has a checksum', () => {
    const all = loadMigrations();
    expect(all.map((m) => m.version)).toEqual(all.map((_, i) => i + 1));
    expect(all[0]?.name).toBe('001-fleet.sql');
    for (const m of all) expect(m.checksum).toMatch(/^[a-f0-9]{64}$/);
  });

  it('refuses a gap in the numbering and a badly named file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orglink-mig-'));
    try {
      writeFileSync(join(dir, '001-a.sql'), 'SELECT 1;');
      writeFileSync(join(dir, '003-c.sql'), 'SELECT 1;');
      expect(() => loadMigrations(dir)).toThrow(/without gaps: found 003-c\.sql at position 2/);
      rmSync(join(dir, '003-c.sql'));
      writeFileSync(join(dir, '2-b.sql'), 'SELECT 1;');
      expect(() => loadMigrations(dir)).toThrow(/2-b\.sql is not named NNN-name\.sql/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the checksum ignores CRLF line endings', () => {
    expect(checksumOf('a\r\nb\r\n')).toBe(checksumOf('a\nb\n'));
    expect(checksumOf('a\nb\n')).not.toBe(checksumOf('a\nc\n'));
  });

  it('the v1 fixture records the released 001-fleet.sql', () => {
    const released = readFileSync(join(MIGRATIONS_DIR, '001-fleet.sql'), 'utf8');
    expect(FIXTURE_V1).toContain(`'001-fleet.sql', '${checksumOf(released)}'`);
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address();
  await new Promise<void>((r) => srv.close(() => r()));
  return typeof addr === 'object' && addr ? addr.port : 1;
}

describe('DATABASE_URL', () => {
  it('is described by host, port and database, never the password', () => {
    const url = 'postgresql://orglink:s3cr%40t-pw@db.example.com:6432/fleet?sslmode=require';
    const parts = describeDatabaseUrl(url);
    expect(parts).toEqual({
      host: 'db.example.com',
      port: 6432,
      database: 'fleet',
      user: 'orglink',
    });
    expect(JSON.stringify(parts)).not.toMatch(/s3cr/);
    expect(describeStore({ engine: 'postgres', ...parts })).toBe(
      'PostgreSQL server db.example.com:6432, database "fleet" (DATABASE_URL)',
    );
    expect(describeDatabaseUrl('postgres://u@h/')).toMatchObject({ port: 5432, database: 'u' });
  });

  it('refuses what is not a postgres:// URL without echoing it', () => {
    expect(() => describeDatabaseUrl('mysql://u:hunter2@h/db')).toThrow(
      'DATABASE_URL must start with postgres:// or postgresql://.',
    );
    expect(() => describeDatabaseUrl('hunter2')).toThrow(/^DATABASE_URL is not a URL/);
  });

  it('driver messages that contain the password have it scrubbed', () => {
    const e = explainConnectError(
      new Error('no pg_hba.conf entry for "hunter2%21" or hunter2!'),
      'postgres://u:hunter2%21@h:5/db',
    );
    expect(e).toBeInstanceOf(StoreError);
    expect(e.message).toContain(
      'Cannot use the Postgres server of DATABASE_URL (h:5, database "db")',
    );
    expect(e.message).not.toMatch(/hunter2/);
  });

  it('an unreachable server: names DATABASE_URL, the host and port, what to check', async () => {
    const port = await closedPort();
    const url = `postgres://orglink:hunter2@127.0.0.1:${port}/fleet`;
    const err = await openStore({ databaseUrl: url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toBe(
      `Cannot reach the Postgres server of DATABASE_URL (127.0.0.1:${port}, database "fleet"): ` +
        'connection refused. Check that the server runs and that DATABASE_URL names its host and port.',
    );
  });
});

describeEachEngine(
  'opening the store',
  (ctx) => {
    describe('schema migrations', () => {
      it('from empty: applies every migration in order and records each', async () => {
        const empty = await ctx.emptyDatabase();
        const store = await empty.open();
        expect(store.schemaVersion).toBe(LATEST);
        const applied = await rows<{ version: number; name: string; checksum: string }>(
          store,
          'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
        );
        expect(applied).toEqual(
          loadMigrations().map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })),
        );
        // Opening again applies nothing new.
        const again = await empty.open();
        expect(again.schemaVersion).toBe(LATEST);
        const count = await rows<{ n: number }>(
          store,
          'SELECT count(*)::int AS n FROM schema_migrations',
        );
        expect(count[0]?.n).toBe(LATEST);
      });

      it('from version 1 (the released schema, with data): migrates up and keeps the data', async () => {
        const empty = await ctx.emptyDatabase();
        await empty.exec(FIXTURE_V1);
        const store = await empty.open();
        expect(store.schemaVersion).toBe(LATEST);
        const fleet = await listFleet(store.db);
        expect(fleet.map((o) => [o.name, o.linkStatus, o.lastErrorCode])).toEqual([
          ['Acme Payments Prod', 'SYNCED', null],
          ['Initech Billing', 'NOT_SYNCED', 'RATE_LIMITED'],
        ]);
        const initech = await getFleetOrg(store.db, 'opsmanager', '5f0000000000000000000002');
        expect(initech?.linkStatusSince?.toISOString()).toBe('2026-01-05T08:40:00.000Z');
        const history = await statusHistory(store.db, 'opsmanager', '5f0000000000000000000002', 10);
        expect(history.map((h) => [h.oldStatus, h.newStatus, h.seenVia])).toEqual([
          ['SYNCED', 'NOT_SYNCED', 'poll'],
          [null, 'SYNCED', 'sweep'],
        ]);
        // The later versions' tables are there: every table the store's modules define.
        const tables = await rows<{ table_name: string }>(
          store,
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
        );
        expect(tables.map((t) => t.table_name)).toEqual(TABLES.map((t) => getTableName(t)).sort());
      });

      it('stops at a given version (how the fixture above was made) and continues later', async () => {
        const empty = await ctx.emptyDatabase();
        const v1 = await empty.open({ upTo: 1 });
        expect(v1.schemaVersion).toBe(1);
        const tables = await rows<{ n: number }>(
          v1,
          "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'leases'",
        );
        expect(tables[0]?.n).toBe(0);
        expect((await empty.open()).schemaVersion).toBe(LATEST);
      });

      it('refuses a database whose schema is newer than this code', async () => {
        const empty = await ctx.emptyDatabase();
        await empty.open();
        await empty.exec(
          `INSERT INTO schema_migrations VALUES (${LATEST + 1}, '${String(LATEST + 1).padStart(3, '0')}-future.sql', 'x', now())`,
        );
        await expect(empty.open()).rejects.toThrow(
          `The database schema (version ${LATEST + 1}) is newer than this code (version ${LATEST})`,
        );
      });

      it('refuses a migration file that was edited after it was applied', async () => {
        const empty = await ctx.emptyDatabase();
        await empty.open();
        const edited = loadMigrations().map((m) =>
          m.version === 1 ? { ...m, checksum: checksumOf(`${m.sql}\n-- edited`) } : m,
        );
        await expect(empty.open({ migrations: edited })).rejects.toThrow(
          /Migration 001-fleet\.sql was changed after it was applied/,
        );
      });

      it('a failing migration changes nothing (one transaction)', async () => {
        const empty = await ctx.emptyDatabase();
        const broken = [
          ...loadMigrations(),
          {
            version: LATEST + 1,
            name: `${String(LATEST + 1).padStart(3, '0')}-broken.sql`,
            sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();',
            checksum: 'x',
          },
        ];
        await expect(empty.open({ migrations: broken })).rejects.toThrow(/-broken\.sql failed/);
        // Not even the good ones before it were kept: the schema is still at version 0.
        const store = await empty.open({ upTo: 0 });
        expect(store.schemaVersion).toBe(0);
        const tables = await rows<{ table_name: string }>(
          store,
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
        );
        expect(tables.map((t) => t.table_name)).toEqual(['schema_migrations']);
      });

      it('the drizzle table definitions match the schema the SQL creates', async () => {
        const store = await (await ctx.emptyDatabase()).open();
        const columns = await rows<{
          table_name: string;
          column_name: string;
          type: string;
          not_null: boolean;
        }>(
          store,
          `SELECT c.relname AS table_name, a.attname AS column_name,
              format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY 1, 2`,
        );
        const primaryKeys = await rows<{ table_name: string; column_name: string }>(
          store,
          `SELECT tc.table_name, kcu.column_name
         FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage kcu
           ON kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name
        WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public'
        ORDER BY 1, 2`,
        );
        const fromSql = columns.map(
          (c) => `${c.table_name}.${c.column_name} ${c.type}${c.not_null ? ' not null' : ''}`,
        );
        const fromDrizzle: string[] = [];
        const drizzleKeys: string[] = [];
        for (const table of TABLES) {
          const t = getTableConfig(table);
          for (const c of t.columns) {
            fromDrizzle.push(
              `${t.name}.${c.name} ${c.getSQLType()}${c.notNull ? ' not null' : ''}`,
            );
            if (c.primary) drizzleKeys.push(`${t.name}.${c.name}`);
          }
          for (const pk of t.primaryKeys)
            for (const c of pk.columns) drizzleKeys.push(`${t.name}.${c.name}`);
        }
        expect(fromDrizzle.sort()).toEqual(fromSql.sort());
        expect(drizzleKeys.sort()).toEqual(
          primaryKeys.map((k) => `${k.table_name}.${k.column_name}`).sort(),
        );
      });
    });

    describe('what it says', () => {
      it('describes itself for logs and Settings without a password', async () => {
        const empty = await ctx.emptyDatabase();
        const d = (await empty.open()).description;
        if (ctx.engine === 'pglite') {
          expect(d).toEqual({ engine: 'pglite', dataDir: 'memory://' });
        } else {
          const url = new URL(empty.url ?? '');
          expect(d).toEqual({
            engine: 'postgres',
            host: '127.0.0.1',
            port: Number(url.port),
            database: url.pathname.slice(1),
          });
          expect(JSON.stringify(d)).not.toContain(url.password);
        }
      });

      if (ctx.engine !== 'postgres') return;

      it('a wrong password: says the server refused the user, and shows neither password', async () => {
        const url = new URL(ctx.databaseUrl ?? '');
        const right = url.password;
        url.password = 'wrong-Pa55word';
        const err = await openStore({ databaseUrl: url.toString() }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        const msg = (err as Error).message;
        expect(msg).toContain(
          `The Postgres server of DATABASE_URL (127.0.0.1:${url.port}, database "${url.pathname.slice(1)}") refused user "postgres"`,
        );
        expect(msg).not.toContain('wrong-Pa55word');
        expect(msg).not.toContain(right);
      });

      it('a database that does not exist: says how to create it', async () => {
        const url = new URL(ctx.databaseUrl ?? '');
        url.pathname = '/no_such_db';
        await expect(openStore({ databaseUrl: url.toString() })).rejects.toThrow(
          /has no database "no_such_db": create it \(createdb no_such_db\) or fix DATABASE_URL/,
        );
      });
    });
  },
  // Every test opens the database it needs (a scratch one, emptied for each).
  { suiteStore: false },
);
