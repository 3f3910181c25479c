// Signed-out sessions in the database, on both engines: one instance's sign-out is refused by
// another at its next read (every 500 ms), a restart loads them again, expired ones are pruned, a
// list that cannot be refreshed fails closed, and sign-out through the proxy survives a restart.
import { sql } from 'drizzle-orm';
import { PROXY_ENDPOINTS, CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { describeEachEngine } from '../testing/engines';
import { ManualClock } from '../testing/manual-clock';
import { startHarness } from '../testing/harness';
import { createAccess } from './access';
import { hashPassword } from './passwords';
import { DatabaseRevocations, STALE_AFTER_MS, SYNC_EVERY_MS } from './revocations';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from '../env';
import type { Store } from '../store/connect';
import type { Engine } from '../store/db';

const HOUR = 3_600_000;

describeEachEngine('signed-out sessions', (ctx) => {
  const clock = () => new ManualClock(Date.now());
  const revocations = (store: Pick<Store, 'db'>, c: ManualClock, engine: Engine = 'postgres') =>
    new DatabaseRevocations({ db: store.db, engine, clock: c });
  const count = async () => {
    const r = (await ctx.store.db.execute(
      sql`SELECT count(*)::int AS n FROM session_revocations`,
    )) as unknown as { rows: { n: number }[] };
    return r.rows[0]?.n;
  };

  it('a sign-out on one instance is refused on another at its next read', async () => {
    const c = clock();
    const a = revocations(ctx.store, c);
    const b = revocations(await ctx.openSecond(), c);
    await a.start();
    await b.start();
    try {
      await a.revoke('sid-1', 'olga', c.now() + HOUR);
      expect(a.has('sid-1')).toBe(true);
      expect(b.has('sid-1')).toBe(false);
      await c.sleeping(2);
      c.advance(SYNC_EVERY_MS);
      await c.sleeping(2); // both read and parked again
      expect(b.has('sid-1')).toBe(true);
      expect(b.fresh()).toBe(true);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('a restart loads them again; expired ones are pruned', async () => {
    const c = clock();
    const before = revocations(ctx.store, c, 'pglite');
    await before.start();
    await before.revoke('sid-live', 'olga', c.now() + HOUR);
    await before.revoke('sid-old', 'olga', c.now() + 1000);
    expect(await count()).toBe(2);
    // Restarted two minutes later: the first still refused, the second expired (and deleted).
    c.advance(2 * 60_000);
    const after = revocations(ctx.store, c, 'pglite');
    await after.start();
    expect(after.has('sid-live')).toBe(true);
    expect(after.has('sid-old')).toBe(false);
    expect(await count()).toBe(1);
    // The embedded database has one process: nothing to read periodically.
    expect(c.pending()).toEqual([]);
  });

  it('fails closed when other instances’ sign-outs cannot be read for a while', async () => {
    const c = clock();
    let broken = false;
    const db = new Proxy(ctx.store.db, {
      get(target, prop, receiver) {
        if (broken && (prop === 'select' || prop === 'execute')) {
          return () => {
            throw new Error('connection refused');
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const r = new DatabaseRevocations({ db, engine: 'postgres', clock: c });
    await r.start();
    try {
      broken = true;
      for (let t = 0; t <= STALE_AFTER_MS; t += SYNC_EVERY_MS) {
        await c.sleeping(1);
        c.advance(SYNC_EVERY_MS);
      }
      await c.sleeping(1);
      expect(r.fresh()).toBe(false);
      broken = false;
      c.advance(SYNC_EVERY_MS);
      await c.sleeping(1);
      expect(r.fresh()).toBe(true);
    } finally {
      await r.stop();
    }
  });

  it('through the proxy: a signed-out cookie stays refused after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orglink-revoke-'));
    const usersFile = join(dir, 'users.json');
    const hash = await hashPassword('olga-password-123');
    writeFileSync(
      usersFile,
      JSON.stringify({ users: [{ username: 'olga', role: 'operator', passwordHash: hash }] }),
    );
    const env = {
      HOST: '0.0.0.0',
      USERS_FILE: usersFile,
      SESSION_SECRET: 'revocation-test-secret-0123456789abcdefghij',
      AUDIT_LOG: 'off',
      LOG_LEVEL: 'warn',
    };
    const start = async () => {
      const config = { ...parseEnv(env), staticDir: null };
      const access = createAccess({ auth: config.auth, simulated: true, store: ctx.store });
      await access.start();
      const h = await startHarness(config, { access });
      return { h, access };
    };
    const headers = { [CSRF_HEADER]: CSRF_VALUE, 'content-type': 'application/json' };
    const first = await start();
    const signIn = await first.h.app.inject({
      method: 'POST',
      url: PROXY_ENDPOINTS.session,
      headers,
      payload: { username: 'olga', password: 'olga-password-123' },
    });
    expect(signIn.statusCode).toBe(200);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? '';
    const who = () => ({
      method: 'GET' as const,
      url: PROXY_ENDPOINTS.session,
      headers: { cookie },
    });
    expect((await first.h.app.inject(who())).statusCode).toBe(200);
    const out = await first.h.app.inject({
      method: 'DELETE',
      url: PROXY_ENDPOINTS.session,
      headers: { [CSRF_HEADER]: CSRF_VALUE, cookie },
    });
    expect(out.statusCode).toBe(204);
    await first.h.close();
    await first.access.stop();
    // "Restarted": a new access layer on the same database refuses the old cookie.
    const second = await start();
    try {
      expect((await second.h.app.inject(who())).statusCode).toBe(401);
    } finally {
      await second.h.close();
      await second.access.stop();
    }
  });
});
