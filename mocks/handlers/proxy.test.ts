// The proxy-path fakes: the proxy's own endpoints and refusals, upstream answers passed through.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  FLEET_ENDPOINTS,
  fleetSchema,
  orgHistorySchema,
  sweepProgressSchema,
} from '#contract/fleet-contract';
import {
  CSRF_HEADER,
  PROXY_ENDPOINTS,
  configSchema,
  proxyErrorSchema,
  sessionSchema,
} from '#contract/proxy-contract';
import { operationIds, routes } from '#contract/route-table';
import { orgPageSchema } from '#contract/schemas';
import { setStoreClock } from '../db/clock';
import { FAKE_QUEUE_MS, FAKE_SWEEP_MS } from '../db/fleet';
import {
  FIXTURE_IDS as F,
  MIGRATION_FIXTURES,
  SAMPLE_LINK_TOKENS,
  SAMPLE_MIGRATION_CREDENTIALS,
  migrationRequest,
} from '../db/fixtures';
import { getStoreConfig } from '../db/store';
import { resetMocks } from '../node';
import { SCENARIO_HEADER, setDefaultScenario } from '../scenarios';
import { TEST_PROXY_ORIGIN, callProxyOp, callUpstream, proxyRequest } from './test-helpers';

beforeEach(() => resetMocks());

describe('proxy endpoints', () => {
  it('GET /api/config: simulated digest upstreams, demo operator, poll intervals', async () => {
    const res = await proxyRequest(new Request(TEST_PROXY_ORIGIN + PROXY_ENDPOINTS.config));
    expect(res.status).toBe(200);
    const config = configSchema.parse(res.json);
    expect(config.upstreams.map((u) => u.name)).toEqual(['opsmanager', 'cloudmanager', 'cloud']);
    expect(config.upstreams.map((u) => u.label)).toEqual([
      'Ops Manager',
      'Cloud Manager',
      'MongoDB Cloud',
    ]);
    for (const u of config.upstreams) {
      expect(u).toMatchObject({ simulated: true, authKind: 'digest', reachable: true });
    }
    expect(config).toMatchObject({
      session: { user: 'demo', role: 'operator', method: 'demo' },
      signInRequired: false,
      pollIntervalsMs: { fast: 3000, slow: 30000 },
      statusCacheMs: 1000,
    });
    // As the proxy: the key's public part (for naming a refused key), never its private part.
    expect(config.upstreams.every((u) => u.publicKey === 'orglinkdemo')).toBe(true);
    expect(res.text).not.toMatch(/7c1b2e44/);
  });

  it('reports the upstreams unreachable under upstream-down', async () => {
    setDefaultScenario('upstream-down');
    const res = await proxyRequest(new Request(TEST_PROXY_ORIGIN + PROXY_ENDPOINTS.config));
    expect(configSchema.parse(res.json).upstreams.every((u) => u.reachable === false)).toBe(true);
  });

  it('GET /api/session', async () => {
    const res = await proxyRequest(new Request(TEST_PROXY_ORIGIN + PROXY_ENDPOINTS.session));
    expect(sessionSchema.parse(res.json)).toEqual({
      user: 'demo',
      role: 'operator',
      method: 'demo',
    });
  });
});

describe('operations at proxy paths', () => {
  it('answer exactly as the upstream fakes do', async () => {
    const viaProxy = await callProxyOp('listCloudOrgs', { query: { itemsPerPage: 5 } });
    const direct = await callUpstream('listCloudOrgs', { query: { itemsPerPage: 5 } });
    expect(viaProxy.status).toBe(200);
    const a = orgPageSchema.parse(viaProxy.json);
    const b = orgPageSchema.parse(direct.json);
    expect(a.results.map((o) => [o.id, o.name])).toEqual(b.results.map((o) => [o.id, o.name]));
    expect(a.totalCount).toBe(b.totalCount);
  });

  it('share one store with the upstream handlers', async () => {
    const orgId = F.opsOrgUnlinked;
    const res = await callProxyOp('connectOrg', {
      params: { orgId },
      body: { linkToken: SAMPLE_LINK_TOKENS.valid },
    });
    expect(res.status).toBe(201);
    expect((await callUpstream('getLinkStatus', { params: { orgId } })).json).toEqual({
      status: 'NOT_SYNCED',
    });
    expect((await callProxyOp('removeLink', { params: { orgId } })).status).toBe(204);
    const gone = await callProxyOp('getLinkStatus', { params: { orgId } });
    expect(gone.status).toBe(404);
    expect(gone.json).toMatchObject({ errorCode: 'UNEXPECTED_ERROR' });
    expect(gone.headers.get('x-error-code')).toBe('UNEXPECTED_ERROR');
  });

  it('pass upstream errors, envelope and pretty through', async () => {
    const last = await callProxyOp('removeConnectedOrg', {
      params: { federationId: F.federationSingle, orgId: F.federationSingleOrg },
      query: { envelope: true },
    });
    expect(last.status).toBe(200);
    expect(last.json).toMatchObject({
      status: 400,
      content: { errorCode: 'CANNOT_REMOVE_LAST_CONNECTED_ORG' },
    });
    const pretty = await callProxyOp('getOrg', {
      params: { orgId: F.opsOrgSynced },
      query: { pretty: true },
    });
    expect(pretty.text).toContain('\n  ');
  });

  it.each(operationIds.filter((op) => routes[op].mutation))(
    '%s without the CSRF header → 403 CSRF_REJECTED (proxy error)',
    async (op) => {
      const params = Object.fromEntries(routes[op].params.map((p) => [p, F.cloudOrgInFederation]));
      const res = await callProxyOp(op, {
        params,
        csrf: false,
        body: routes[op].body ? {} : undefined,
      });
      expect(res.status).toBe(403);
      expect(proxyErrorSchema.parse(res.json)).toMatchObject({
        source: 'proxy',
        code: 'CSRF_REJECTED',
      });
      expect(res.json).toMatchObject({ detail: expect.stringContaining(CSRF_HEADER) });
    },
  );

  it('refuses a bad ID or body itself (400 REQUEST_REFUSED), as the proxy does', async () => {
    const badId = await callProxyOp('getOrg', { params: { orgId: 'not-an-id' } });
    expect(badId.status).toBe(400);
    expect(proxyErrorSchema.parse(badId.json)).toMatchObject({ code: 'REQUEST_REFUSED' });
    const badBody = await callProxyOp('connectOrg', {
      params: { orgId: F.opsOrgUnlinked },
      body: { linkToken: 'x y' },
    });
    expect(badBody.status).toBe(400);
    expect(proxyErrorSchema.parse(badBody.json).detail).toContain('linkToken');
    const badJson = await callProxyOp('connectOrg', {
      params: { orgId: F.opsOrgUnlinked },
      body: '{',
    });
    expect(proxyErrorSchema.parse(badJson.json).detail).toContain('JSON');
    // The upstream's own token refusals pass through.
    const expired = await callProxyOp('connectOrg', {
      params: { orgId: F.opsOrgUnlinked },
      body: { linkToken: SAMPLE_LINK_TOKENS.expired },
    });
    expect(expired.json).toMatchObject({ error: 400, errorCode: 'LINK_TOKEN_EXPIRED' });
  });
});

describe('scenarios at proxy paths', () => {
  it('upstream-down → 502 UPSTREAM_UNREACHABLE naming the upstream', async () => {
    const om = await callProxyOp('listOrgs', { headers: { [SCENARIO_HEADER]: 'upstream-down' } });
    expect(om.status).toBe(502);
    expect(om.json).toEqual({
      source: 'proxy',
      error: 502,
      code: 'UPSTREAM_UNREACHABLE',
      detail: 'Ops Manager could not be reached (connection refused).',
      upstream: 'opsmanager',
    });
    const cloud = await callProxyOp('listCloudOrgs', {
      headers: { [SCENARIO_HEADER]: 'upstream-down' },
    });
    expect(cloud.json).toMatchObject({
      upstream: 'cloud',
      detail: 'MongoDB Cloud could not be reached (connection refused).',
    });
  });

  it('unauthorized passes the 401 through, without a Digest challenge', async () => {
    const res = await callProxyOp('listOrgs', { headers: { [SCENARIO_HEADER]: 'unauthorized' } });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      detail: 'You are not authorized for this resource.',
      error: 401,
      parameters: null,
      reason: 'Unauthorized',
    });
    expect(res.headers.get('www-authenticate')).toBeNull();
  });

  it('rate-limited keeps Retry-After; lists still load', async () => {
    setDefaultScenario('rate-limited');
    const res = await callProxyOp('getLinkStatus', { params: { orgId: F.opsOrgSynced } });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect((await callProxyOp('listOrgs')).status).toBe(200);
  });
});

describe('second-wave operations at proxy paths (the browser fakes stand for the proxy)', () => {
  const M = MIGRATION_FIXTURES.cloudManager;

  it('serve versioned routes without version headers: the real proxy adds them', async () => {
    const res = await callProxyOp('listAvailableProjects', { params: { orgId: M.atlasOrgId } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
  });

  it('PUT cutover: refused without CSRF, then answered as the upstream does', async () => {
    const t0 = Date.now();
    setStoreClock(() => t0);
    const made = await callProxyOp('createMigration', {
      params: { groupId: M.atlasProjectId },
      body: migrationRequest(M),
    });
    expect(made.status).toBe(201);
    const liveMigrationId = (made.json as { _id: string })._id;
    const params = { groupId: M.atlasProjectId, liveMigrationId };
    const noCsrf = await callProxyOp('cutOverMigration', { params, csrf: false });
    expect(proxyErrorSchema.parse(noCsrf.json)).toMatchObject({ code: 'CSRF_REJECTED' });
    const early = await callProxyOp('cutOverMigration', { params });
    expect(early.json).toMatchObject({ errorCode: 'CANNOT_CUT_OVER_LIVE_MIGRATION' });
    const c = getStoreConfig();
    setStoreClock(() => t0 + c.migrationNewMs + c.migrationCatchUpMs);
    const done = await callProxyOp('cutOverMigration', { params });
    expect(done.status).toBe(202);
    expect(done.text).toBe('');
  });

  it('refuse a migration body with a bad field without echoing the password', async () => {
    const body = migrationRequest(M);
    const res = await callProxyOp('validateMigration', {
      params: { groupId: M.atlasProjectId },
      body: { ...body, source: { ...body.source, ssl: 'yes' } },
    });
    expect(res.status).toBe(400);
    expect(proxyErrorSchema.parse(res.json).detail).toContain('source.ssl');
    expect(res.text).not.toContain(SAMPLE_MIGRATION_CREDENTIALS.password);
  });
});

describe('the fleet (what the proxy database knows, computed from the store)', () => {
  const get = async (path: string, headers: Record<string, string> = {}) =>
    proxyRequest(new Request(TEST_PROXY_ORIGIN + path, { headers }));
  const post = async (path: string, headers: Record<string, string>) =>
    proxyRequest(new Request(TEST_PROXY_ORIGIN + path, { method: 'POST', headers }));

  it("GET /api/fleet: every source org, with the status the upstream's fake gives", async () => {
    const fleet = fleetSchema.parse((await get(FLEET_ENDPOINTS.fleet)).json);
    const ops = fleet.orgs.filter((o) => o.upstream === 'opsmanager');
    const cm = fleet.orgs.filter((o) => o.upstream === 'cloudmanager');
    expect([ops.length, cm.length]).toEqual([44, 14]);
    const statusOf = (id: string) => fleet.orgs.find((o) => o.orgId === id)?.status;
    expect(statusOf(F.opsOrgSynced)).toBe('SYNCED');
    expect(statusOf(F.opsOrgNotSynced)).toBe('NOT_SYNCED');
    expect(statusOf(F.opsOrgUnlinked)).toBe('NOT_LINKED');
    expect(statusOf(F.cmOrgSynced)).toBe('SYNCED');
    // Ordered by name, as the server orders them.
    const names = fleet.orgs.map((o) => o.name ?? '');
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(fleet.sweep).toMatchObject({ state: 'idle', intervalSeconds: 300 });
    expect(fleet.sweep.last).toMatchObject({ outcome: 'completed', orgsChecked: 58 });
    const many = fleetSchema.parse(
      (await get(FLEET_ENDPOINTS.fleet, { [SCENARIO_HEADER]: 'many-orgs' })).json,
    );
    expect(many.orgs).toHaveLength(5014);
  });

  it('POST /api/fleet/sweep: needs the CSRF header; queues, runs and finishes on the clock', async () => {
    let now = Date.parse('2026-03-01T08:00:00.000Z');
    setStoreClock(() => now);
    const refused = await post(FLEET_ENDPOINTS.sweep, {});
    expect(proxyErrorSchema.parse(refused.json)).toMatchObject({ code: 'CSRF_REJECTED' });
    const asked = await post(FLEET_ENDPOINTS.sweep, { [CSRF_HEADER]: '1' });
    expect(asked.status).toBe(202);
    expect(sweepProgressSchema.parse(asked.json)).toMatchObject({
      state: 'queued',
      current: { cause: 'request', requestedBy: 'demo', startedAt: null },
    });
    // Asking twice queues once.
    const twice = sweepProgressSchema.parse(
      (await post(FLEET_ENDPOINTS.sweep, { [CSRF_HEADER]: '1' })).json,
    );
    expect(twice.current?.id).toBe(sweepProgressSchema.parse(asked.json).current?.id);
    now += FAKE_QUEUE_MS + FAKE_SWEEP_MS / 2;
    expect(sweepProgressSchema.parse((await get(FLEET_ENDPOINTS.sweep)).json)).toMatchObject({
      state: 'running',
      current: { orgsTotal: 58, orgsChecked: 29 },
    });
    now += FAKE_SWEEP_MS;
    const done = sweepProgressSchema.parse((await get(FLEET_ENDPOINTS.sweep)).json);
    expect(done).toMatchObject({
      state: 'idle',
      current: null,
      last: { cause: 'request', outcome: 'completed', orgsChecked: 58, requestedBy: 'demo' },
    });
  });

  it("an org's history records polls and changes made through the proxy, newest first", async () => {
    const id = F.opsOrgsUnlinked[0]!;
    await callProxyOp('getLinkStatus', { params: { orgId: id } });
    const connected = await callProxyOp('connectOrg', {
      params: { orgId: id },
      body: { linkToken: SAMPLE_LINK_TOKENS.valid },
    });
    expect(connected.status).toBe(201);
    const history = orgHistorySchema.parse(
      (await get(FLEET_ENDPOINTS.history('opsmanager', id))).json,
    );
    expect(history.org).toMatchObject({ status: 'NOT_SYNCED' });
    expect(history.changes.map((c) => [c.from, c.to, c.seen])).toEqual([
      ['NOT_LINKED', 'NOT_SYNCED', 'mutation'],
      [null, 'NOT_LINKED', 'sweep'],
    ]);
    const bad = await get('/api/fleet/orgs/cloud/not-an-id/history');
    expect(bad.status).toBe(400);
    expect(proxyErrorSchema.parse(bad.json).detail).toBe(
      'Invalid path: upstream: must be one of opsmanager, cloudmanager; orgId: must be 24 characters: digits 0-9 and letters a-f',
    );
  });
});
