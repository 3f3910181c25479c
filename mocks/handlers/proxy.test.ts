// The proxy-path fakes: the proxy's own endpoints and refusals, upstream answers passed through.
import { beforeEach, describe, expect, it } from 'vitest';
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
