// The access rules end to end through the real proxy (fastify inject) and the simulated upstream over
// HTTP Digest: sign-in, roles, CSRF, audit, throttling, sessions across instances, SSO header.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_IDS } from '../../mocks/db/fixtures';
import { SIM_CLOUDMANAGER_PUBLIC_KEY, SIM_PRIVATE_KEY, SIM_PUBLIC_KEY } from '../../mocks/sim-keys';
import { auditListSchema } from '#contract/audit-contract';
import {
  configSchema,
  CSRF_HEADER,
  CSRF_VALUE,
  PROXY_ENDPOINTS,
  proxyErrorSchema,
} from '#contract/proxy-contract';
import { proxyUrl, routes } from '#contract/route-table';
import { withSimulatedUpstream, type SimulatedSetup } from '../simulated';
import { startHarness, testConfig, type Harness } from '../testing/harness';
import { parseAuthEnv } from './auth-env';
import {
  burnDummyHash,
  HashQueueFullError,
  hashPassword,
  MIN_N,
  verifyPassword,
} from './passwords';
import { createAccess, type AccessOptions } from './access';
import { upsertUser } from './users-file';

const SECRET = 'access-test-secret-7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c1e';
const PASSWORDS = { olga: 'olga operator password', vera: 'vera viewer password' } as const;
const FAST = { N: MIN_N, r: 8, p: 1 };
const ORIGIN = 'http://localhost:8080';

let sim: SimulatedSetup;
let dir: string;
let usersFile: string;
/** Everything the proxy answered in this file, for the no-secrets check at the end. */
const seen: string[] = [];
const harnesses: Harness[] = [];

beforeAll(async () => {
  sim = await withSimulatedUpstream(testConfig());
  dir = mkdtempSync(join(tmpdir(), 'orglink-access-'));
  usersFile = join(dir, 'users.json');
  upsertUser(usersFile, {
    username: 'olga',
    role: 'operator',
    passwordHash: await hashPassword(PASSWORDS.olga, FAST),
  });
  upsertUser(usersFile, {
    username: 'vera',
    role: 'viewer',
    passwordHash: await hashPassword(PASSWORDS.vera, FAST),
  });
});

afterAll(async () => {
  // No key, session secret or password in any answer; and not even a link-token (which the
  // generate answer must show once) in any log line or audit line.
  const answers = seen.join('\n');
  const records = [
    ...harnesses.flatMap((h) => h.logs),
    readFileSync(join(dir, 'audit.log'), 'utf8'),
  ].join('\n');
  expect(linkTokens.length).toBeGreaterThan(0);
  for (const secret of [SIM_PRIVATE_KEY, SECRET, ...Object.values(PASSWORDS)]) {
    expect(answers).not.toContain(secret);
    expect(records).not.toContain(secret);
  }
  for (const token of linkTokens) expect(records).not.toContain(token);
  await Promise.all(harnesses.map((h) => h.close()));
  await sim.sim.close();
});

const linkTokens: string[] = [];

async function proxy(env: Record<string, string> = {}, options: Partial<AccessOptions> = {}) {
  const { auth, problems } = parseAuthEnv(
    {
      USERS_FILE: usersFile,
      SESSION_SECRET: SECRET,
      AUDIT_LOG: join(dir, 'audit.log'),
      ...env,
    },
    '127.0.0.1',
  );
  expect(problems).toEqual([]);
  const access = createAccess({ auth, simulated: true, usersCheckMs: 0, ...options });
  access.audit.open();
  const h = await startHarness(sim.config, { access });
  harnesses.push(h);
  const call = async (o: InjectOptions) => {
    const res = await h.app.inject(o);
    seen.push(JSON.stringify(res.headers), res.body);
    return res;
  };
  return { h, access, call };
}

type Call = Awaited<ReturnType<typeof proxy>>['call'];

function cookieOf(res: LightMyRequestResponse): string {
  const set = res.headers['set-cookie'];
  const first = Array.isArray(set) ? set[0] : set;
  return (first ?? '').split(';')[0] ?? '';
}

async function signIn(call: Call, username: string, password: string, headers = {}) {
  return call({
    method: 'POST',
    url: PROXY_ENDPOINTS.session,
    headers: { [CSRF_HEADER]: CSRF_VALUE, origin: ORIGIN, host: 'localhost:8080', ...headers },
    payload: { username, password },
  });
}

const mutationHeaders = (cookie: string) => ({
  cookie,
  [CSRF_HEADER]: CSRF_VALUE,
  origin: ORIGIN,
  host: 'localhost:8080',
  'sec-fetch-site': 'same-origin',
});

/** The outcome records of the audit file (each forwarded change also has an attempt record). */
function auditLines() {
  return readFileSync(join(dir, 'audit.log'), 'utf8')
    .trimEnd()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.type !== 'attempt');
}

function expectProxyError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  const body = proxyErrorSchema.parse(res.json());
  expect(body.code).toBe(code);
  return body;
}

describe('dashboard access through the proxy', () => {
  let call: Call;
  beforeEach(async () => {
    ({ call } = await proxy());
    sim.sim.resetStats();
  });

  it('refuses every operation before sign-in and says so in /api/config', async () => {
    const res = await call({ method: 'GET', url: proxyUrl(routes.listOrgs, {}) });
    expectProxyError(res, 401, 'NOT_SIGNED_IN');
    expect(sim.sim.stats.requests).toBe(0);
    const config = configSchema.parse(
      (await call({ method: 'GET', url: PROXY_ENDPOINTS.config })).json(),
    );
    expect(config).toMatchObject({ session: null, signInRequired: true });
    // Where the upstreams live, and which key the proxy uses, are not for anonymous visitors.
    expect(config.upstreams.filter((u) => u.publicKey)).toEqual([]);
    expect(config.upstreams.map((u) => u.baseUrl)).toEqual([null, null, null]);
    const cookie = cookieOf(await signIn(call, 'vera', PASSWORDS.vera));
    const signedIn = configSchema.parse(
      (await call({ method: 'GET', url: PROXY_ENDPOINTS.config, headers: { cookie } })).json(),
    );
    expect(signedIn.upstreams.every((u) => u.baseUrl?.startsWith('http://127.0.0.1:'))).toBe(true);
    expectProxyError(
      await call({ method: 'GET', url: PROXY_ENDPOINTS.session }),
      401,
      'NOT_SIGNED_IN',
    );
    expectProxyError(
      await call({ method: 'GET', url: PROXY_ENDPOINTS.audit }),
      401,
      'NOT_SIGNED_IN',
    );
  });

  it('signs in with an HttpOnly, SameSite=Strict, expiring cookie and reports the session', async () => {
    const res = await signIn(call, 'OLGA', PASSWORDS.olga);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ user: 'olga', role: 'operator', method: 'password' });
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(
      /^orglink_session=v1\.[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800$/,
    );
    const cookie = cookieOf(res);
    const config = (
      await call({ method: 'GET', url: PROXY_ENDPOINTS.config, headers: { cookie } })
    ).json();
    expect(config).toMatchObject({
      session: { user: 'olga', role: 'operator' },
      signInRequired: true,
    });
    // Signed in: the public part of each upstream's key, so errors can name a refused one.
    const keys = configSchema.parse(config).upstreams.map((u) => u.publicKey);
    expect(keys).toEqual([SIM_PUBLIC_KEY, SIM_CLOUDMANAGER_PUBLIC_KEY, SIM_PUBLIC_KEY]);
    // Behind TLS the cookie is Secure (and __Host- prefixed).
    const tls = await signIn(call, 'olga', PASSWORDS.olga, {
      'x-forwarded-proto': 'https',
      origin: 'https://localhost:8080',
    });
    expect(String(tls.headers['set-cookie'])).toMatch(/^__Host-orglink_session=.*; Secure$/);
    // Over TLS a page on http:// the same name is another origin (the scheme counts).
    expectProxyError(
      await signIn(call, 'olga', PASSWORDS.olga, { 'x-forwarded-proto': 'https' }),
      403,
      'CSRF_REJECTED',
    );
  });

  it('refuses a wrong password or unknown user with the same answer, and records no unknown name', async () => {
    const a = expectProxyError(
      await signIn(call, 'olga', 'wrong password!!'),
      401,
      'NOT_SIGNED_IN',
    );
    const b = expectProxyError(
      await signIn(call, 'nobody', 'wrong password!!'),
      401,
      'NOT_SIGNED_IN',
    );
    expect(a.detail).toBe(b.detail);
    const lines = auditLines().filter((l) => l.operation === 'signIn' && l.outcome === 'refused');
    expect(lines.some((l) => l.user === 'olga')).toBe(true);
    expect(lines.some((l) => l.user === 'nobody')).toBe(false);
  });

  it('slows down repeated wrong passwords: 429 with Retry-After, even for the right one', async () => {
    // The throttle's clock is the test's, and every password check is counted.
    let now = Date.now();
    let checks = 0;
    const p = await proxy(
      {},
      {
        now: () => now,
        checkPassword: async (password, hash) => {
          checks++;
          if (hash) return verifyPassword(password, hash);
          await burnDummyHash(password);
          return false;
        },
      },
    );
    for (let i = 0; i < 3; i++) {
      expectProxyError(await signIn(p.call, 'vera', `wrong guess ${i}!`), 401, 'NOT_SIGNED_IN');
    }
    expect(checks).toBe(3);
    const recordsBefore = auditLines().length;
    const blocked = await signIn(p.call, 'vera', PASSWORDS.vera);
    expectProxyError(blocked, 429, 'TOO_MANY_ATTEMPTS');
    expect(Number(blocked.headers['retry-after'])).toBe(1);
    // Refused without checking the password: guessing costs the guesser the wait, not the server.
    expect(checks).toBe(3);
    // The throttled attempt is audited, once per blocking period (a flood is one record).
    expectProxyError(await signIn(p.call, 'vera', 'again!!'), 429, 'TOO_MANY_ATTEMPTS');
    expect(auditLines().slice(recordsBefore)).toEqual([
      expect.objectContaining({
        operation: 'signIn',
        user: 'vera',
        outcome: 'refused',
        status: 429,
        code: 'TOO_MANY_ATTEMPTS',
      }),
    ]);
    now += 1000;
    expect((await signIn(p.call, 'vera', PASSWORDS.vera)).statusCode).toBe(200);
    expect(checks).toBe(4);
  });

  it('tells a full sign-in queue (busy) from wrong passwords, with a different answer', async () => {
    const p = await proxy(
      {},
      {
        checkPassword: () => Promise.reject(new HashQueueFullError()),
      },
    );
    const res = await signIn(p.call, 'olga', PASSWORDS.olga);
    const body = expectProxyError(res, 503, 'SERVER_BUSY');
    expect(body.detail).toMatch(/busy checking other sign-ins/);
    expect(body.detail).not.toMatch(/wrong password/i);
    expect(res.headers['retry-after']).toBe('2');
    // Not a failure: the count of wrong passwords is untouched.
    const q = await proxy({}, { checkPassword: (pw, hash) => verifyPassword(pw, hash!) });
    expect((await signIn(q.call, 'olga', PASSWORDS.olga)).statusCode).toBe(200);
  });

  it('checks a mutation in order: CSRF first, then sign-in, then the role', async () => {
    const url = proxyUrl(routes.removeLink, { orgId: FIXTURE_IDS.opsOrgsSynced[4] as string });
    // Neither CSRF header nor session: the CSRF refusal comes first.
    expectProxyError(await call({ method: 'DELETE', url }), 403, 'CSRF_REJECTED');
    expectProxyError(
      await call({ method: 'DELETE', url, headers: { [CSRF_HEADER]: CSRF_VALUE } }),
      401,
      'NOT_SIGNED_IN',
    );
    const cookie = cookieOf(await signIn(call, 'vera', PASSWORDS.vera));
    expectProxyError(
      await call({ method: 'DELETE', url, headers: { cookie } }),
      403,
      'CSRF_REJECTED',
    );
    expectProxyError(
      await call({ method: 'DELETE', url, headers: { cookie, [CSRF_HEADER]: CSRF_VALUE } }),
      403,
      'ROLE_REQUIRED',
    );
    // All of them come before the request's IDs and body are even looked at.
    const badId = url.replace(/[a-f0-9]{24}/, 'nope');
    expectProxyError(
      await call({ method: 'DELETE', url: badId, headers: { cookie } }),
      403,
      'CSRF_REJECTED',
    );
    expectProxyError(
      await call({ method: 'DELETE', url: badId, headers: { cookie, [CSRF_HEADER]: CSRF_VALUE } }),
      403,
      'ROLE_REQUIRED',
    );
    expect(sim.sim.stats.requests).toBe(0);
  });

  it("refuses a viewer's mutation sent by hand, in the proxy's shape, without calling the upstream", async () => {
    const cookie = cookieOf(await signIn(call, 'vera', PASSWORDS.vera));
    const orgId = FIXTURE_IDS.opsOrgsSynced[0] as string;
    // Reading works.
    expect(
      (await call({ method: 'GET', url: proxyUrl(routes.listOrgs, {}), headers: { cookie } }))
        .statusCode,
    ).toBe(200);
    sim.sim.resetStats();
    // A hand-made request (curl): right CSRF header, no browser headers at all.
    const res = await call({
      method: 'DELETE',
      url: proxyUrl(routes.removeLink, { orgId }),
      headers: { cookie, [CSRF_HEADER]: CSRF_VALUE },
    });
    const body = expectProxyError(res, 403, 'ROLE_REQUIRED');
    expect(body.detail).toMatch(/operator role is needed to remove the connection to Atlas/);
    expect(sim.sim.stats.requests).toBe(0);
    const line = auditLines().at(-1);
    expect(line).toMatchObject({
      user: 'vera',
      role: 'viewer',
      operation: 'removeLink',
      orgId,
      outcome: 'refused',
      status: 403,
      upstreamStatus: null,
      code: 'ROLE_REQUIRED',
      requestId: body.requestId,
    });
    // The audit log is for operators.
    expectProxyError(
      await call({ method: 'GET', url: PROXY_ENDPOINTS.audit, headers: { cookie } }),
      403,
      'ROLE_REQUIRED',
    );
  });

  it('refuses cross-origin and header-less mutations before any upstream call, and records them', async () => {
    const cookie = cookieOf(await signIn(call, 'olga', PASSWORDS.olga));
    const orgId = FIXTURE_IDS.opsOrgsSynced[1] as string;
    const url = proxyUrl(routes.removeLink, { orgId });
    sim.sim.resetStats();
    const cases = [
      { cookie, host: 'localhost:8080' }, // no custom header (a form post)
      { ...mutationHeaders(cookie), origin: 'https://evil.example' },
      { ...mutationHeaders(cookie), origin: 'null' },
      { ...mutationHeaders(cookie), 'sec-fetch-site': 'cross-site' },
      { ...mutationHeaders(cookie), 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of cases) {
      expectProxyError(await call({ method: 'DELETE', url, headers }), 403, 'CSRF_REJECTED');
    }
    // Sign-in itself needs the header and the same origin (no login CSRF).
    expectProxyError(
      await signIn(call, 'olga', PASSWORDS.olga, { origin: 'https://evil.example' }),
      403,
      'CSRF_REJECTED',
    );
    expect(sim.sim.stats.requests).toBe(0);
    const refused = auditLines().filter((l) => l.code === 'CSRF_REJECTED' && l.orgId === orgId);
    expect(refused).toHaveLength(cases.length);
    expect(refused.every((l) => l.outcome === 'refused' && l.user === 'olga')).toBe(true);
  });

  it("lets an operator change things, one audit line each with the upstream's status and no token", async () => {
    const cookie = cookieOf(await signIn(call, 'olga', PASSWORDS.olga));
    const cloudOrg = FIXTURE_IDS.cloudOrgsWithoutToken[0] as string;
    const created = await call({
      method: 'POST',
      url: proxyUrl(routes.createLinkToken, { orgId: cloudOrg }),
      headers: { ...mutationHeaders(cookie), 'content-type': 'application/json' },
      payload: {},
    });
    expect(created.statusCode).toBeLessThan(300);
    const token = (created.json() as { linkToken: string }).linkToken;
    linkTokens.push(token);

    const opsOrg = FIXTURE_IDS.opsOrgsUnlinked[0] as string;
    const connected = await call({
      method: 'POST',
      url: proxyUrl(routes.connectOrg, { orgId: opsOrg }),
      headers: { ...mutationHeaders(cookie), 'content-type': 'application/json' },
      payload: { linkToken: token },
    });
    expect(connected.statusCode).toBeLessThan(300);
    const removed = await call({
      method: 'DELETE',
      url: proxyUrl(routes.removeLink, { orgId: opsOrg }),
      headers: mutationHeaders(cookie),
    });
    expect(removed.statusCode).toBe(204);
    const again = await call({
      method: 'DELETE',
      url: proxyUrl(routes.removeLink, { orgId: opsOrg }),
      headers: mutationHeaders(cookie),
    });
    expect(again.statusCode).toBeGreaterThanOrEqual(400);

    const lines = auditLines().slice(-4);
    expect(lines.map((l) => [l.operation, l.outcome, l.upstreamStatus])).toEqual([
      ['createLinkToken', 'success', created.statusCode],
      ['connectOrg', 'success', connected.statusCode],
      ['removeLink', 'success', 204],
      ['removeLink', 'upstream_error', again.statusCode],
    ]);
    expect(lines[0]).toMatchObject({
      user: 'olga',
      role: 'operator',
      auth: 'password',
      orgId: cloudOrg,
    });
    expect(lines[3]?.code).toMatch(/^[A-Z_]+$/);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(
        expect.arrayContaining([
          'time',
          'requestId',
          'user',
          'role',
          'operation',
          'outcome',
          'status',
        ]),
      );
    }
    expect(JSON.stringify(lines)).not.toContain(token);

    // The Audit page's source: newest first, filterable by org ID and operation.
    const list = auditListSchema.parse(
      (
        await call({
          method: 'GET',
          url: `${PROXY_ENDPOINTS.audit}?id=${opsOrg}&operation=removeLink`,
          headers: { cookie },
        })
      ).json(),
    );
    expect(list.entries.map((e) => e.outcome)).toEqual(['upstream_error', 'success']);
    expectProxyError(
      await call({ method: 'GET', url: `${PROXY_ENDPOINTS.audit}?id=nope`, headers: { cookie } }),
      400,
      'REQUEST_REFUSED',
    );
    expectProxyError(
      await call({ method: 'GET', url: `${PROXY_ENDPOINTS.audit}?token=x`, headers: { cookie } }),
      400,
      'REQUEST_REFUSED',
    );
  });

  it('signs out: the cookie is cleared and the old one no longer works here', async () => {
    const cookie = cookieOf(await signIn(call, 'olga', PASSWORDS.olga));
    const out = await call({
      method: 'DELETE',
      url: PROXY_ENDPOINTS.session,
      headers: mutationHeaders(cookie),
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^orglink_session=; .*Max-Age=0/);
    expectProxyError(
      await call({ method: 'GET', url: PROXY_ENDPOINTS.session, headers: { cookie } }),
      401,
      'NOT_SIGNED_IN',
    );
    expect(auditLines().at(-1)).toMatchObject({ operation: 'signOut', user: 'olga' });
  });

  it('a session survives a restart and works on another instance with the same secret only', async () => {
    const cookie = cookieOf(await signIn(call, 'olga', PASSWORDS.olga));
    const other = await proxy();
    const res = await other.call({
      method: 'GET',
      url: PROXY_ENDPOINTS.session,
      headers: { cookie },
    });
    expect(res.json()).toMatchObject({ user: 'olga', role: 'operator' });
    const foreign = await proxy({ SESSION_SECRET: `${SECRET}-other` });
    expectProxyError(
      await foreign.call({ method: 'GET', url: PROXY_ENDPOINTS.session, headers: { cookie } }),
      401,
      'NOT_SIGNED_IN',
    );
  });

  it('a changed role applies at once; a new password or a removed user ends the session', async () => {
    const file = join(dir, 'users-change.json');
    writeFileSync(file, readFileSync(usersFile));
    const p = await proxy({ USERS_FILE: file });
    const cookie = cookieOf(await signIn(p.call, 'vera', PASSWORDS.vera));
    upsertUser(file, {
      username: 'vera',
      role: 'operator',
      passwordHash: JSON.parse(readFileSync(file, 'utf8')).users[1].passwordHash,
    });
    const who = await p.call({ method: 'GET', url: PROXY_ENDPOINTS.session, headers: { cookie } });
    expect(who.json()).toMatchObject({ role: 'operator' });
    upsertUser(file, {
      username: 'vera',
      role: 'operator',
      passwordHash: await hashPassword('a new password!', FAST),
    });
    expectProxyError(
      await p.call({ method: 'GET', url: PROXY_ENDPOINTS.session, headers: { cookie } }),
      401,
      'NOT_SIGNED_IN',
    );
  });
});

describe('SSO header sign-in', () => {
  it('trusts the header from TRUSTED_PROXIES only, with the role mapping', async () => {
    const { call } = await proxy({
      USERS_FILE: '',
      SESSION_SECRET: '',
      TRUST_USER_HEADER: 'x-forwarded-user',
      TRUSTED_PROXIES: '10.20.30.40',
      TRUSTED_OPERATORS: 'sso-olga',
    });
    const url = proxyUrl(routes.listOrgs, {});
    const viaProxy = { remoteAddress: '10.20.30.40' };
    const ok = await call({
      method: 'GET',
      url,
      headers: { 'x-forwarded-user': 'sso-vic' },
      ...viaProxy,
    });
    expect(ok.statusCode).toBe(200);
    const session = await call({
      method: 'GET',
      url: PROXY_ENDPOINTS.session,
      headers: { 'x-forwarded-user': 'sso-olga' },
      ...viaProxy,
    });
    expect(session.json()).toEqual({ user: 'sso-olga', role: 'operator', method: 'header' });
    // From anyone else (here the loopback peer), the header means nothing.
    expectProxyError(
      await call({ method: 'GET', url, headers: { 'x-forwarded-user': 'sso-olga' } }),
      401,
      'NOT_SIGNED_IN',
    );
    // A header-user viewer's mutation is refused by role.
    const orgId = FIXTURE_IDS.opsOrgsSynced[2] as string;
    expectProxyError(
      await call({
        method: 'DELETE',
        url: proxyUrl(routes.removeLink, { orgId }),
        headers: { 'x-forwarded-user': 'sso-vic', [CSRF_HEADER]: CSRF_VALUE },
        ...viaProxy,
      }),
      403,
      'ROLE_REQUIRED',
    );
    expect(auditLines().at(-1)).toMatchObject({
      user: 'sso-vic',
      auth: 'header',
      outcome: 'refused',
    });
    // Password sign-in is off here.
    expectProxyError(await signIn(call, 'olga', PASSWORDS.olga), 404, 'REQUEST_REFUSED');
  });
});

describe('loopback demo (no sign-in configured)', () => {
  it('signs every visitor in as the demo operator, and only at loopback names (DNS rebinding)', async () => {
    const { call } = await proxy({ USERS_FILE: '', SESSION_SECRET: '' });
    const config = (await call({ method: 'GET', url: PROXY_ENDPOINTS.config })).json();
    expect(config).toMatchObject({
      session: { user: 'demo', role: 'operator', method: 'demo' },
      signInRequired: false,
    });
    const url = proxyUrl(routes.listOrgs, {});
    expect(
      (await call({ method: 'GET', url, headers: { host: 'localhost:8080' } })).statusCode,
    ).toBe(200);
    expectProxyError(
      await call({ method: 'GET', url, headers: { host: 'attacker.example:8080' } }),
      421,
      'REQUEST_REFUSED',
    );
  });
});

describe('audit log failure', () => {
  it('refuses mutations (nothing forwarded) while the attempt record cannot be written', async () => {
    // Root writes through file modes, so the file is made unwritable for everyone: it becomes a
    // directory (EISDIR), after start-up opened it fine.
    const file = join(dir, 'unwritable', 'audit.log');
    const p = await proxy({ USERS_FILE: '', SESSION_SECRET: '', AUDIT_LOG: file });
    sim.sim.resetStats();
    const remove = (orgId: string) =>
      p.call({
        method: 'DELETE',
        url: proxyUrl(routes.removeLink, { orgId }),
        headers: { [CSRF_HEADER]: CSRF_VALUE },
      });
    rmSync(file);
    mkdirSync(file);
    // Each one is tried (no "healthy" shortcut that an earlier success could have left on).
    for (const orgId of FIXTURE_IDS.opsOrgsSynced.slice(2, 5)) {
      const body = expectProxyError(await remove(orgId), 503, 'INTERNAL');
      expect(body.detail).toMatch(/audit log cannot be written/);
    }
    // None forwarded (background reads — a sweep, a reachability probe — may still happen).
    expect(sim.sim.stats.byOperation.removeLink ?? 0).toBe(0);
    expect(p.access.audit.healthy).toBe(false);
    expect(await p.access.audit.probe()).toBe(false);
    // Writable again: the next change goes through, with its attempt and outcome records.
    rmSync(file, { recursive: true });
    expect(await p.access.audit.probe()).toBe(true);
    const orgId = FIXTURE_IDS.opsOrgsSynced[5] as string;
    expect((await remove(orgId)).statusCode).toBe(204);
    expect(sim.sim.stats.byOperation.removeLink).toBe(1);
    const records = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(records.map((l) => (JSON.parse(l) as { type: string }).type)).toEqual([
      'attempt',
      'outcome',
    ]);
  });
});
