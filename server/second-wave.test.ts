// The second wave through the proxy over real HTTP, in front of the simulated upstream: three
// upstreams (Cloud Manager and Atlas on one simulated MongoDB Cloud, told apart by the key), Atlas
// v2 versions sent by the proxy, the migration operations with PUT cutover under the CSRF, role and
// audit rules, the source password kept out of every log line and answer, the rate limit passed on.
import { Writable } from 'node:stream';
import {
  FIXTURE_IDS as F,
  MIGRATION_FIXTURES,
  SAMPLE_MIGRATION_CREDENTIALS as CREDS,
  migrationRequest,
} from '../mocks/db/fixtures';
import { configureStore } from '../mocks/db/store';
import { configSchema, proxyErrorSchema } from '#contract/proxy-contract';
import { atlasMediaType, proxyUrl, routes, type OperationId } from '#contract/route-table';
import {
  availableProjectsSchema,
  liveMigrationSchema,
  migrationValidationSchema,
  orgPageSchema,
} from '#contract/schemas';
import type { AuditEntry } from '#contract/audit-contract';
import type { Access } from './access/access';
import { createLogger, LOG_REDACT_PATHS } from './app';
import { parseEnv } from './env';
import { startHarness, testAccess, testConfig } from './testing/harness';
import { findSecrets, SECRETS, startSimHarness, type SimHarness } from './testing/sim-harness';

const M = MIGRATION_FIXTURES.cloudManager;
const JSON_CSRF = { 'x-orglink-csrf': '1', 'content-type': 'application/json' };
/** Who a request is from: a trusted SSO header (the access layer's own rules, from loopback). */
const USER_HEADER = 'x-test-user';
const VIEWER = { [USER_HEADER]: 'vera' };
const OPERATOR = { [USER_HEADER]: 'otto' };

let h: SimHarness;
let access: Access;
/** The audit lines written since the last reset, oldest first. */
let auditBaseline = 0;
const auditLines = async (): Promise<AuditEntry[]> =>
  (await access.audit.recent({ limit: '500' })).entries.reverse().slice(auditBaseline);

beforeAll(async () => {
  const auth = parseEnv({
    TRUST_USER_HEADER: USER_HEADER,
    TRUSTED_PROXIES: '127.0.0.1',
    TRUSTED_OPERATORS: 'otto',
  }).auth;
  const base = testConfig({ auth });
  access = testAccess(base);
  h = await startSimHarness(
    {
      auth,
      logLevel: 'trace',
      // Compressed migration timings: the lifecycle runs in about a second.
      sim: {
        ...base.sim,
        linkSyncDelayMs: 200,
        validationMs: 100,
        migrationNewMs: 100,
        migrationCatchUpMs: 400,
        migrationCutoverMs: 100,
      },
    },
    { access },
  );
});
afterAll(async () => {
  const texts = [...h.logs, ...h.answers];
  await h.close();
  expect(findSecrets(texts)).toEqual([]);
});
beforeEach(async () => {
  auditBaseline += (await auditLines()).length;
  await h.resetSim();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const call = (
  op: OperationId,
  params: Record<string, string>,
  init: { body?: unknown; headers?: Record<string, string> } = {},
) =>
  h.call(routes[op].method, proxyUrl(routes[op], params), {
    headers: {
      ...OPERATOR,
      ...(routes[op].mutation ? { 'x-orglink-csrf': '1' } : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe('three upstreams', () => {
  it('/api/config lists Cloud Manager between the two, on the simulated MongoDB Cloud', async () => {
    const read = async () => configSchema.parse((await h.call('GET', '/api/config')).json);
    // Reachability is probed in the background: known by a later answer, if not this one.
    await expect
      .poll(async () => (await read()).upstreams.map((u) => u.reachable))
      .toEqual([true, true, true]);
    const config = await read();
    expect(config.upstreams.map((u) => [u.name, u.label, u.simulated, u.reachable])).toEqual([
      ['opsmanager', 'Ops Manager', true, true],
      ['cloudmanager', 'Cloud Manager', true, true],
      ['cloud', 'MongoDB Cloud', true, true],
    ]);
    expect(config.upstreams[1]?.baseUrl).toBe(config.upstreams[2]?.baseUrl);
  });

  it('sends each upstream its own key: Cloud Manager lists sources, Atlas lists targets', async () => {
    const sources = orgPageSchema.parse((await call('listCloudManagerOrgs', {})).json);
    const targets = orgPageSchema.parse((await call('listCloudOrgs', {})).json);
    expect(sources.results.map((o) => o.id)).toContain(F.cmOrgSynced);
    expect(targets.results.map((o) => o.id)).not.toContain(F.cmOrgSynced);
    expect(targets.results.map((o) => o.id)).toContain(F.cloudOrgWithToken);
    const status = await call('getCloudManagerLinkStatus', { orgId: F.cmOrgSynced });
    expect(status.json).toEqual({ status: 'SYNCED' });
  });

  it('a link-token generated on the Atlas side connects a Cloud Manager org', async () => {
    const made = await call(
      'createLinkToken',
      { orgId: F.cloudOrgsWithoutToken[0] ?? '' },
      { body: {} },
    );
    // The simulated upstream refuses an unversioned v2 call: 201 proves the proxy sent the version.
    expect(made.status, made.text).toBe(201);
    expect(made.headers['content-type']).toBe(atlasMediaType('2023-01-01'));
    const linkToken = (made.json as { linkToken: string }).linkToken;
    const orgId = F.cmOrgsUnlinked[0] ?? '';
    const connected = await call('connectCloudManagerOrg', { orgId }, { body: { linkToken } });
    expect(connected.status).toBe(201);
    expect((await auditLines()).map((a) => `${a.operation} ${a.outcome} ${a.status}`)).toEqual([
      'createLinkToken success 201',
      'connectCloudManagerOrg success 201',
    ]);
    // The token never reaches a log line.
    expect(findSecrets(h.logs, [linkToken])).toEqual([]);
  });

  it('an unconfigured Cloud Manager answers 503 naming its settings; the others keep working', async () => {
    const solo = await startHarness({
      upstreams: { ...h.config.upstreams, cloudmanager: null },
    });
    try {
      const res = await solo.app.inject({ url: proxyUrl(routes.listCloudManagerOrgs, {}) });
      expect(res.statusCode).toBe(503);
      const body = proxyErrorSchema.parse(res.json());
      expect(body).toMatchObject({ code: 'UPSTREAM_NOT_CONFIGURED', upstream: 'cloudmanager' });
      expect(body.detail).toContain('CLOUDMANAGER_PUBLIC_KEY');
      const ops = await solo.app.inject({ url: proxyUrl(routes.listOrgs, {}) });
      expect(ops.statusCode).toBe(200);
    } finally {
      await solo.close();
    }
  });
});

describe('migrations through the proxy', () => {
  const groupId = M.atlasProjectId;

  it('lists available projects, validates, starts, watches and cuts over (PUT, 202)', async () => {
    const projects = availableProjectsSchema.parse(
      (await call('listAvailableProjects', { orgId: M.atlasOrgId })).json,
    );
    expect(projects.map((p) => p.projectId)).toContain(M.sourceProjectId);

    const started = await call('validateMigration', { groupId }, { body: migrationRequest(M) });
    expect(started.status, started.text).toBe(200);
    const v = migrationValidationSchema.parse(started.json);
    expect(v.status).toBe('PENDING');
    await sleep(150);
    const checked = await call('getMigrationValidation', { groupId, validationId: v._id });
    expect(checked.json).toMatchObject({ status: 'SUCCESS' });

    const created = await call('createMigration', { groupId }, { body: migrationRequest(M) });
    expect(created.status).toBe(201);
    const m = liveMigrationSchema.parse(created.json);
    const params = { groupId, liveMigrationId: m._id };
    // Ready after NEW (100 ms) and the catch-up (400 ms).
    await sleep(600);
    expect(liveMigrationSchema.parse((await call('getMigration', params)).json)).toMatchObject({
      status: 'WORKING',
      readyForCutover: true,
    });
    const cut = await call('cutOverMigration', params);
    expect(cut.status).toBe(202);
    expect(cut.text).toBe('');
    await sleep(150);
    expect((await call('getMigration', params)).json).toMatchObject({ status: 'COMPLETE' });
    expect((await auditLines()).map((a) => `${a.operation} ${a.status}`)).toEqual([
      'validateMigration 200',
      'createMigration 201',
      'cutOverMigration 202',
    ]);
  });

  it('refuses a cutover without the CSRF header, from a viewer, with a body, by POST', async () => {
    const params = { groupId, liveMigrationId: M.sourceProjectId };
    const url = proxyUrl(routes.cutOverMigration, params);
    const noCsrf = await h.call('PUT', url, { headers: OPERATOR });
    expect(noCsrf.status).toBe(403);
    expect(proxyErrorSchema.parse(noCsrf.json).code).toBe('CSRF_REJECTED');
    const viewer = await h.call('PUT', url, {
      headers: { 'x-orglink-csrf': '1', ...VIEWER },
    });
    expect(viewer.status).toBe(403);
    expect(proxyErrorSchema.parse(viewer.json).code).toBe('ROLE_REQUIRED');
    const withBody = await h.call('PUT', url, {
      headers: { ...JSON_CSRF, ...OPERATOR },
      body: '{}',
    });
    expect(withBody.status).toBe(400);
    expect(proxyErrorSchema.parse(withBody.json).detail).toBe(
      'This operation takes no request body.',
    );
    const post = await h.call('POST', url, { headers: { ...JSON_CSRF, ...OPERATOR }, body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('PUT');
    // Nothing reached the upstream.
    expect(h.sim.stats.byOperation.cutOverMigration).toBeUndefined();
    // Each refused attempt has its line; none reached the upstream.
    expect((await auditLines()).map((a) => `${a.outcome} ${a.status} ${a.code ?? ''}`)).toEqual([
      'refused 403 CSRF_REJECTED',
      'refused 403 ROLE_REQUIRED',
      'refused 400 REQUEST_REFUSED',
    ]);
  });

  it('validates the body against LiveMigrationRequest20240530 before forwarding', async () => {
    const body = migrationRequest(M);
    const bad = await call(
      'validateMigration',
      { groupId },
      { body: { ...body, migrationHosts: [M.migrationHost, 'second.host'] } },
    );
    expect(bad.status).toBe(400);
    expect(proxyErrorSchema.parse(bad.json).detail).toContain('migrationHosts');
    const unknown = await call(
      'createMigration',
      { groupId },
      { body: { ...body, source: { ...body.source, extra: 1 } } },
    );
    expect(unknown.status).toBe(400);
    expect(h.sim.stats.byOperation).toEqual({});
  });

  it('never logs or echoes the source password, whatever happens to the request', async () => {
    const body = migrationRequest(M);
    const texts: string[] = [];
    for (const password of [CREDS.password, CREDS.wrongPassword]) {
      const withPw = { ...body, source: { ...body.source, password } };
      texts.push((await call('validateMigration', { groupId }, { body: withPw })).text);
      texts.push((await call('createMigration', { groupId }, { body: withPw })).text);
      // Refused by the proxy with the password in the body.
      const refused = await call(
        'validateMigration',
        { groupId },
        { body: { ...withPw, source: { ...withPw.source, ssl: 'yes' } } },
      );
      expect(refused.status).toBe(400);
      texts.push(refused.text);
    }
    await sleep(150);
    expect(findSecrets([...texts, ...h.logs, ...h.answers])).toEqual([]);
    expect(h.logs.some((l) => l.includes('"op":"validateMigration"'))).toBe(true);
  });
});

it('pino redacts a password wherever a log object carries one', () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  const log = createLogger({ ...testConfig(), logLevel: 'info' }, stream);
  log.info({ password: CREDS.password }, 'top');
  log.info({ body: { password: CREDS.password } }, 'one deep');
  log.info({ req: { body: { source: { password: CREDS.password } } } }, 'three deep');
  expect(lines).toHaveLength(3);
  expect(findSecrets(lines)).toEqual([]);
  expect(lines.every((l) => l.includes('[redacted]'))).toBe(true);
  expect(LOG_REDACT_PATHS).toContain('*.*.password');
  expect(SECRETS).toContain(CREDS.password);
});

describe('rate limit through the proxy', () => {
  it('passes RateLimit-* on, and a 429 with Retry-After', async () => {
    const limited = await startSimHarness({
      sim: { ...testConfig().sim, rateLimitPerMin: 2 },
      statusCacheMs: 0,
    });
    try {
      const url = proxyUrl(routes.getLinkStatus, { orgId: F.opsOrgSynced });
      const first = await limited.call('GET', url);
      expect(first.status).toBe(200);
      expect(first.headers['ratelimit-limit']).toBe('2');
      expect(first.headers['ratelimit-remaining']).toBe('1');
      await limited.call('GET', url);
      const third = await limited.call('GET', url);
      expect(third.status).toBe(429);
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      expect(third.headers['ratelimit-remaining']).toBe('0');
      expect(third.json).toMatchObject({ errorCode: 'RATE_LIMITED' });
    } finally {
      await limited.close();
      // The store is one per process: the limit must not outlive this test.
      configureStore({ rateLimitPerMin: null });
    }
  });
});
