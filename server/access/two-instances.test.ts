// Two real proxies (`tsx server/index.ts`) on one Postgres server, with the same USERS_FILE and
// SESSION_SECRET, as behind a load balancer:
//   - a sign-out on A is refused on B within 1 s (B reads sign-outs from the database), and still
//     after B restarts;
//   - wrong passwords count across both: guesses spread over A and B slow the next one on either,
//     and the delay keeps doubling whichever instance is asked.
// Prints the figures. Needs the Postgres server binaries (skipped without them, except on CI).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CSRF_HEADER, CSRF_VALUE, PROXY_ENDPOINTS } from '#contract/proxy-contract';
import { createDatabase, postgresUnavailableReason } from '../testing/postgres-server';
import {
  killStartedServers,
  startServerProcess,
  type ServerProcess,
} from '../testing/server-process';
import { hashPassword } from './passwords';

const reason = postgresUnavailableReason();
const suite = reason && !process.env.CI ? describe.skip : describe;

const PASSWORD = 'two-instances-password-1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(killStartedServers);

async function sharedSettings(): Promise<Record<string, string>> {
  const admin = inject('postgresAdminUrl');
  if (!admin) throw new Error(`two instances need a Postgres server: ${reason}`);
  const databaseUrl = await createDatabase(
    admin,
    `two_instances_${process.pid}_${Date.now().toString(36)}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'orglink-two-'));
  const usersFile = join(dir, 'users.json');
  const passwordHash = await hashPassword(PASSWORD);
  writeFileSync(
    usersFile,
    JSON.stringify({
      users: [
        { username: 'olga', role: 'operator', passwordHash },
        { username: 'vera', role: 'viewer', passwordHash },
      ],
    }),
  );
  return {
    DATABASE_URL: databaseUrl,
    USERS_FILE: usersFile,
    SESSION_SECRET: 'two-instances-secret-0123456789abcdefghijkl',
    AUDIT_LOG: 'off',
  };
}

const start = (env: Record<string, string>) => startServerProcess(env);

function signIn(server: ServerProcess, username: string, password: string) {
  return fetch(server.url + PROXY_ENDPOINTS.session, {
    method: 'POST',
    headers: { [CSRF_HEADER]: CSRF_VALUE, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

function whoAmI(server: ServerProcess, cookie: string) {
  return fetch(server.url + PROXY_ENDPOINTS.session, { headers: { cookie } }).then((r) => r.status);
}

suite(`two instances on one Postgres server${reason ? ` — skipped: ${reason}` : ''}`, () => {
  it('a sign-out on A is refused on B within 1 s, and after B restarts', async () => {
    const env = await sharedSettings();
    const [a, b] = await Promise.all([start(env), start(env)]);
    const signOutRound = async () => {
      const res = await signIn(a, 'olga', PASSWORD);
      expect(res.status).toBe(200);
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      expect(await whoAmI(b, cookie)).toBe(200);
      const out = await fetch(a.url + PROXY_ENDPOINTS.session, {
        method: 'DELETE',
        headers: { [CSRF_HEADER]: CSRF_VALUE, cookie },
      });
      expect(out.status).toBe(204);
      const signedOutAt = performance.now();
      expect(await whoAmI(a, cookie)).toBe(401);
      let status = 200;
      while (status === 200 && performance.now() - signedOutAt < 10_000) {
        status = await whoAmI(b, cookie);
        if (status === 200) await sleep(20);
      }
      expect(status).toBe(401);
      return { cookie, ms: Math.round(performance.now() - signedOutAt) };
    };
    // A few rounds: B reads sign-outs every 500 ms, so each lands somewhere in that period.
    const rounds = [];
    for (let i = 0; i < 5; i++) rounds.push(await signOutRound());
    const cookie = rounds[0]?.cookie ?? '';
    const times = rounds.map((r) => r.ms);

    b.child.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);
    const b2 = await start(env);
    const afterRestart = await whoAmI(b2, cookie);
    console.log(
      `two instances: ${times.length} sign-outs on A, each refused by A at once and by B after ` +
        `${times.join(', ')} ms (max ${Math.max(...times)} ms); after B restarted, the first ` +
        `signed-out cookie got ${afterRestart}`,
    );
    expect(Math.max(...times)).toBeLessThan(1000);
    expect(afterRestart).toBe(401);
    a.kill();
    b2.kill();
  }, 120_000);

  it('wrong passwords count across both: a guesser gains nothing by switching instances', async () => {
    const env = await sharedSettings();
    const [a, b] = await Promise.all([start(env), start(env)]);
    const steps: string[] = [];
    const guess = async (server: ServerProcess, name: string, password = 'wrong-guess') => {
      const r = await signIn(server, 'vera', password);
      const wait = r.headers.get('retry-after');
      steps.push(`${name} ${r.status}${wait ? ` (Retry-After ${wait} s)` : ''}`);
      return { status: r.status, waitS: Number(wait ?? 0) };
    };
    // Three wrong passwords spread over A and B: the free ones are used up on both.
    expect((await guess(a, 'A')).status).toBe(401);
    expect((await guess(b, 'B')).status).toBe(401);
    expect((await guess(a, 'A')).status).toBe(401);
    // B refuses the next try — even with the right password, which it does not check.
    const refused = await guess(b, 'B', PASSWORD);
    expect(refused).toEqual({ status: 429, waitS: 1 });
    // After the wait, one more wrong password on B: A now refuses for twice as long.
    await sleep(refused.waitS * 1000 + 200);
    expect((await guess(b, 'B')).status).toBe(401);
    const doubled = await guess(a, 'A', PASSWORD);
    expect(doubled).toEqual({ status: 429, waitS: 2 });
    // And after that wait the right password works, on either.
    await sleep(doubled.waitS * 1000 + 200);
    expect((await guess(a, 'A', PASSWORD)).status).toBe(200);
    console.log(`two instances, wrong passwords for one user: ${steps.join(', ')}`);
    a.kill();
    b.kill();
  }, 120_000);
});
