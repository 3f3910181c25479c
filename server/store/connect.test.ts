// Opening the store: what it says about itself (never a password) and the start-up errors that
// name DATABASE_URL without its password.
import { createServer } from 'node:net';
import { describeEachEngine } from '../testing/engines';
import { describeDatabaseUrl, describeStore, explainConnectError, openStore } from './connect';
import { StoreError } from './errors';

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

describeEachEngine('an open store', (ctx) => {
  it('describes itself for logs and Settings without a password', () => {
    const d = ctx.store.description;
    if (ctx.engine === 'pglite') {
      expect(d).toEqual({ engine: 'pglite', dataDir: 'memory://' });
    } else {
      const url = new URL(ctx.databaseUrl ?? '');
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

  it.runIf(ctx.engine === 'postgres')(
    'a database that does not exist: says how to create it',
    async () => {
      const url = new URL(ctx.databaseUrl ?? '');
      url.pathname = '/no_such_db';
      await expect(openStore({ databaseUrl: url.toString() })).rejects.toThrow(
        /has no database "no_such_db": create it \(createdb no_such_db\) or fix DATABASE_URL/,
      );
    },
  );
});
