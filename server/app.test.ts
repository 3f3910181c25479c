// The proxy end to end over real HTTP: browser-side request → proxy → simulated upstream (Digest).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_IDS, SAMPLE_LINK_TOKENS } from '../mocks/db/fixtures';
import { configSchema, proxyErrorSchema } from '#contract/proxy-contract';
import { proxyUrl, routes } from '#contract/route-table';
import { linkStatusSchema, orgPageSchema } from '#contract/schemas';
import { startDigestTestServer } from './testing/digest-server';
import { SIM_PRIVATE_KEY, SIM_PUBLIC_KEY } from '../mocks/sim-keys';
import { digestUpstream, startHarness } from './testing/harness';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findKeyLeaks, findSecrets, startSimHarness, type SimHarness } from './testing/sim-harness';

const CSRF = { 'x-orglink-csrf': '1', 'content-type': 'application/json' };
const orgsUrl = proxyUrl(routes.listOrgs, {});
const statusUrl = (orgId: string) => proxyUrl(routes.getLinkStatus, { orgId });
const connectUrl = (orgId: string) => proxyUrl(routes.connectOrg, { orgId });

let h: SimHarness;

beforeAll(async () => {
  // Trace level: whatever the proxy would log at any level is checked for secrets below.
  h = await startSimHarness({ upstreamTimeoutMs: 1000, statusCacheMs: 300, logLevel: 'trace' });
});
afterAll(async () => {
  await h.close();
  // No key in any answer or log line of this file (the public key only in /api/config's answer),
  // and no link-token in any log line.
  expect(h.logs.length).toBeGreaterThan(40);
  expect(findKeyLeaks(h)).toEqual([]);
  expect(findSecrets(h.logs, [SAMPLE_LINK_TOKENS.valid])).toEqual([]);
});
beforeEach(async () => {
  await h.resetSim();
});

describe('forwarding', () => {
  it('lists Ops Manager orgs through the proxy, one upstream round trip per call', async () => {
    await h.call('GET', orgsUrl); // warm the Digest lane
    h.sim.resetStats();
    const res = await h.call('GET', `${orgsUrl}?itemsPerPage=5&pageNum=1`);
    expect(res.status).toBe(200);
    const page = orgPageSchema.parse(res.json);
    expect(page.results).toHaveLength(5);
    expect(h.sim.stats.requests).toBe(1);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('passes upstream errors through unchanged: 404 body, X-Error-Code', async () => {
    const res = await h.call('GET', statusUrl(FIXTURE_IDS.opsOrgUnlinked));
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error: 404, parameters: null });
    expect(res.headers['x-error-code']).toBeDefined();
  });

  it('passes envelope answers through', async () => {
    const res = await h.call('GET', `${statusUrl(FIXTURE_IDS.opsOrgSynced)}?envelope=true`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 200, content: { status: 'SYNCED' } });
  });

  it('passes 401 through without the Digest challenge (no browser password prompt)', async () => {
    const res = await h.call('GET', orgsUrl, { headers: { 'x-mock-scenario': 'unauthorized' } });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(res.json).toMatchObject({ error: 401 });
  });

  it('passes 403 and 429 with Retry-After through', async () => {
    const id = FIXTURE_IDS.opsOrgSynced;
    const forbidden = await h.call('GET', statusUrl(id), {
      headers: { 'x-mock-scenario': 'forbidden' },
    });
    expect(forbidden.status).toBe(403);
    const limited = await h.call('GET', statusUrl(id), {
      headers: { 'x-mock-scenario': 'rate-limited' },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
  });

  it('connects an org (POST, CSRF header) and forwards the validated body', async () => {
    const id = FIXTURE_IDS.opsOrgsUnlinked[0]!;
    const res = await h.call('POST', connectUrl(id), {
      headers: CSRF,
      body: JSON.stringify({ linkToken: SAMPLE_LINK_TOKENS.valid }),
    });
    expect(res.status).toBe(201);
    expect(linkStatusSchema.parse(res.json).status).toBe('NOT_SYNCED');
    const status = await h.call('GET', statusUrl(id));
    expect(status.status).toBe(200);
  });

  it('answers 503 naming the upstream when it is not configured', async () => {
    const solo = await startHarness({
      upstreams: { opsmanager: null, cloudmanager: null, cloud: null },
    });
    const res = await solo.app.inject({ url: proxyUrl(routes.listCloudOrgs, {}) });
    await solo.close();
    expect(res.statusCode).toBe(503);
    expect(proxyErrorSchema.parse(res.json())).toMatchObject({
      code: 'UPSTREAM_NOT_CONFIGURED',
      upstream: 'cloud',
    });
  });
});

describe('failures of the upstream', () => {
  it('times out with 504 naming the upstream', async () => {
    const res = await h.call('GET', orgsUrl, { headers: { 'x-mock-scenario': 'slow' } });
    expect(res.status).toBe(504);
    expect(proxyErrorSchema.parse(res.json)).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      upstream: 'opsmanager',
    });
  });

  it('retries a GET once after a reset, then answers 502', async () => {
    h.sim.resetStats();
    const res = await h.call('GET', orgsUrl, { headers: { 'x-mock-scenario': 'upstream-down' } });
    expect(res.status).toBe(502);
    expect(proxyErrorSchema.parse(res.json)).toMatchObject({
      code: 'UPSTREAM_UNREACHABLE',
      upstream: 'opsmanager',
    });
    expect(h.sim.stats.requests).toBe(2);
  });

  it('never retries a POST or DELETE', async () => {
    const id = FIXTURE_IDS.opsOrgsUnlinked[1]!;
    h.sim.resetStats();
    const post = await h.call('POST', connectUrl(id), {
      headers: { ...CSRF, 'x-mock-scenario': 'upstream-down' },
      body: JSON.stringify({ linkToken: SAMPLE_LINK_TOKENS.valid }),
    });
    expect(post.status).toBe(502);
    // Sent, then the connection was cut: it may have been done (check before retrying).
    expect(proxyErrorSchema.parse(post.json).code).toBe('OUTCOME_UNKNOWN');
    expect(h.sim.stats.requests).toBe(1);
    const del = await h.call('DELETE', proxyUrl(routes.removeLink, { orgId: id }), {
      headers: { 'x-orglink-csrf': '1', 'x-mock-scenario': 'upstream-down' },
    });
    expect(del.status).toBe(502);
    expect(h.sim.stats.requests).toBe(2);
  });

  it('/api/config never waits for an upstream: it says what is known and probes in the background', async () => {
    // An upstream that takes connections and never answers.
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    const slow = await startHarness({
      upstreams: {
        opsmanager: digestUpstream('opsmanager', `http://127.0.0.1:${port}`, 'k', 's'),
        cloudmanager: null,
        cloud: null,
      },
    });
    try {
      const probes = () => slow.app.upstreams.opsmanager?.stats.calls ?? 0;
      const first = await slow.app.inject({ url: '/api/config' });
      expect(first.statusCode).toBe(200);
      expect(configSchema.parse(first.json()).upstreams[0]?.reachable).toBeNull();
      // A probe went out, and the answer did not wait for it (it never ends).
      expect(probes()).toBe(1);
      const again = await slow.app.inject({ url: '/api/config' });
      expect(configSchema.parse(again.json()).upstreams[0]?.reachable).toBeNull();
      // One probe at a time.
      expect(probes()).toBe(1);
    } finally {
      silent.closeAllConnections();
      silent.close();
      await slow.close();
    }
  });

  it('answers 502 when nothing listens, and /readyz says not ready', async () => {
    const dead = await startHarness({
      upstreams: {
        opsmanager: digestUpstream('opsmanager', 'http://127.0.0.1:9', 'k', 's'),
        cloudmanager: null,
        cloud: null,
      },
    });
    const res = await dead.app.inject({ url: orgsUrl });
    const ready = await dead.app.inject({ url: '/readyz' });
    await dead.close();
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ code: 'UPSTREAM_UNREACHABLE', upstream: 'opsmanager' });
    expect(res.json().detail).toContain('connection refused');
    expect(ready.statusCode).toBe(503);
  });
});

describe('sharing upstream calls', () => {
  it('serves a link status from a short cache, and a mutation clears it', async () => {
    // The cache's age is the subject: the clock (Date) stands still unless the test moves it, so a
    // slow machine cannot expire the 300 ms cache half-way through the loop.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const id = FIXTURE_IDS.opsOrgsSynced[0]!;
      await h.call('GET', statusUrl(id));
      h.sim.resetStats();
      for (let i = 0; i < 10; i++) expect((await h.call('GET', statusUrl(id))).status).toBe(200);
      expect(h.sim.stats.byOperation.getLinkStatus ?? 0).toBe(0);
      vi.advanceTimersByTime(299);
      await h.call('GET', statusUrl(id));
      expect(h.sim.stats.byOperation.getLinkStatus ?? 0).toBe(0);
      await h.call('DELETE', proxyUrl(routes.removeLink, { orgId: id }), {
        headers: { 'x-orglink-csrf': '1' },
      });
      const after = await h.call('GET', statusUrl(id));
      expect(after.status).toBe(404);
      expect(h.sim.stats.byOperation.getLinkStatus).toBe(1);
      await h.call('GET', statusUrl(id));
      expect(h.sim.stats.byOperation.getLinkStatus).toBe(1);
      vi.advanceTimersByTime(300);
      await h.call('GET', statusUrl(id));
      expect(h.sim.stats.byOperation.getLinkStatus).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps scenarios apart in the cache', async () => {
    const id = FIXTURE_IDS.opsOrgSynced;
    expect((await h.call('GET', statusUrl(id))).status).toBe(200);
    const limited = await h.call('GET', statusUrl(id), {
      headers: { 'x-mock-scenario': 'rate-limited' },
    });
    expect(limited.status).toBe(429);
  });
});

describe('CSRF on mutations', () => {
  const body = JSON.stringify({ linkToken: SAMPLE_LINK_TOKENS.valid });
  const id = 'abcdefabcdefabcdefabcdef';

  it.each([
    ['no header', { 'content-type': 'application/json' }],
    ['wrong value', { ...CSRF, 'x-orglink-csrf': 'yes' }],
    ['cross-site fetch', { ...CSRF, 'sec-fetch-site': 'cross-site' }],
    ['same-site subdomain', { ...CSRF, 'sec-fetch-site': 'same-site' }],
    ['foreign Origin', { ...CSRF, origin: 'https://evil.example' }],
    ['null Origin', { ...CSRF, origin: 'null' }],
  ])('refuses %s before forwarding', async (_name, headers) => {
    h.sim.resetStats();
    const res = await h.call('POST', connectUrl(id), { headers, body });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ source: 'proxy', code: 'CSRF_REJECTED' });
    expect(h.sim.stats.requests).toBe(0);
  });

  it('accepts same-origin Origin and Sec-Fetch-Site', async () => {
    const host = new URL(h.url).host;
    const res = await h.call('POST', connectUrl(FIXTURE_IDS.opsOrgsUnlinked[2]!), {
      headers: { ...CSRF, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' },
      body,
    });
    expect(res.status).toBe(201);
  });
});

describe('what reaches the upstream', () => {
  it('sends only its own headers: no cookie, Authorization or scenario to a real upstream', async () => {
    const up = await startDigestTestServer({ username: 'pub', password: 'priv' });
    const real = await startHarness({
      upstreams: {
        opsmanager: digestUpstream('opsmanager', up.url, 'pub', 'priv'),
        cloudmanager: null,
        cloud: null,
      },
    });
    const res = await real.app.inject({
      url: orgsUrl,
      headers: {
        cookie: 'orglink_session=abc',
        authorization: 'Bearer browser-token',
        'x-mock-scenario': 'slow',
        'x-forwarded-for': '10.0.0.1',
        'x-custom': 'y',
        accept: 'text/html',
      },
    });
    await real.close();
    await up.close();
    expect(res.statusCode).toBe(200);
    for (const seen of up.seen) {
      expect(Object.keys(seen.headers).sort()).toEqual(
        expect.arrayContaining(['accept', 'host', 'user-agent']),
      );
      expect(seen.headers.cookie).toBeUndefined();
      expect(seen.headers['x-mock-scenario']).toBeUndefined();
      expect(seen.headers['x-forwarded-for']).toBeUndefined();
      expect(seen.headers['x-custom']).toBeUndefined();
      expect(seen.headers.accept).toBe('application/json');
      // The browser's Authorization never travels; only the proxy's own Digest answer does.
      if (seen.authorized) expect(seen.headers.authorization).toMatch(/^Digest /);
      else expect(seen.headers.authorization).toBeUndefined();
    }
  });
});

describe('own endpoints', () => {
  it('/api/config describes the simulated upstreams and never a key', async () => {
    const read = async () => configSchema.parse((await h.call('GET', '/api/config')).json);
    // Reachability is probed in the background: known by a later answer, if not this one.
    await expect
      .poll(async () => (await read()).upstreams.map((u) => u.reachable))
      .toEqual([true, true, true]);
    const config = await read();
    expect(config.upstreams.map((u) => [u.name, u.authKind, u.simulated, u.reachable])).toEqual([
      ['opsmanager', 'digest', true, true],
      ['cloudmanager', 'digest', true, true],
      ['cloud', 'digest', true, true],
    ]);
    // Cloud Manager and Atlas: one simulated MongoDB Cloud, told apart by the key.
    expect(config.upstreams[1]?.baseUrl).toBe(config.upstreams[2]?.baseUrl);
    expect(config.session).toEqual({ user: 'demo', role: 'operator', method: 'demo' });
    expect(config.pollIntervalsMs).toEqual({ fast: 3000, slow: 30000 });
    expect(config.statusCacheMs).toBe(300);
  });

  it('/api/config says when each key was last accepted and refused, naming its public part only', async () => {
    const keyFacts = async () =>
      configSchema.parse((await h.call('GET', '/api/config')).json).upstreams.map((u) => ({
        name: u.name,
        publicKey: u.publicKey,
        accepted: u.keyAcceptedAt ? Date.parse(u.keyAcceptedAt) : null,
        refused: u.keyRefusedAt ? Date.parse(u.keyRefusedAt) : null,
      }));
    const before = Date.now();
    expect((await h.call('GET', orgsUrl)).status).toBe(200);
    let [ops] = await keyFacts();
    expect(ops).toMatchObject({ name: 'opsmanager', publicKey: SIM_PUBLIC_KEY });
    expect(ops!.accepted).toBeGreaterThanOrEqual(before - 1000);

    // A refused key (the simulated upstream's 401, Digest challenge and all) is the newer fact.
    const refused = await h.call('GET', orgsUrl, {
      headers: { 'x-mock-scenario': 'unauthorized' },
    });
    expect(refused.status).toBe(401);
    [ops] = await keyFacts();
    expect(ops!.refused).toBeGreaterThanOrEqual(ops!.accepted ?? 0);
    const text = (await h.call('GET', '/api/config')).text;
    expect(text).not.toContain(SIM_PRIVATE_KEY);
  });

  it('/healthz and /readyz', async () => {
    expect((await h.call('GET', '/healthz')).json).toMatchObject({ status: 'ok' });
    const ready = await h.call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json).toMatchObject({ status: 'ready' });
  });

  it('sets strict security headers on every answer', async () => {
    for (const path of ['/api/config', '/orgs', `${orgsUrl}/nope`, '/healthz']) {
      const res = await h.call('GET', path);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });
});

describe('logs', () => {
  it('writes one line per request with operation, upstream status and duration', async () => {
    const before = h.logs.length;
    await h.call('GET', `${orgsUrl}?itemsPerPage=2`);
    const lines = h.logs.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const requestLines = lines.filter((l) => l.msg === 'request');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      op: 'listOrgs',
      upstream: 'opsmanager',
      upstreamStatus: 200,
      status: 200,
      url: `${orgsUrl}?itemsPerPage=2`,
    });
    expect(typeof requestLines[0]!.ms).toBe('number');
  });

  it('logs route templates and validated IDs, never a link-token pasted into a path', async () => {
    const token = SAMPLE_LINK_TOKENS.valid;
    const before = h.logs.length;
    const asId = await h.call('GET', `/api/opsmanager/public/v1.0/orgs/${token}`);
    expect(asId.status).toBe(400);
    await h.call('GET', `/orgs/${token}`); // a page path (the SPA's fallback)
    await h.call('GET', `/api/opsmanager/${token}/x`); // no such operation
    const id = FIXTURE_IDS.opsOrgsSynced[0]!;
    await h.call('GET', statusUrl(id));
    const lines = h.logs.slice(before);
    expect(lines.join('\n')).not.toContain(token);
    const requests = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'request');
    expect(requests.map((l) => l.url)).toEqual([
      '/api/opsmanager/public/v1.0/orgs/:orgId',
      '/orgs/…',
      '/api/opsmanager/…/x',
      '/api/opsmanager/public/v1.0/orgs/:orgId/liveExport/migrationLink/status',
    ]);
    expect(requests[3]).toMatchObject({ ids: { orgId: id } });
    expect(requests[0]).not.toHaveProperty('ids');
  });

  it('does not log the values of unknown query parameters', async () => {
    const before = h.logs.length;
    await h.call('GET', `${orgsUrl}?linkToken=secret-looking-value`);
    expect(h.logs.slice(before).join('\n')).not.toContain('secret-looking-value');
  });
});

describe('the SPA', () => {
  let dir: string;
  let site: Awaited<ReturnType<typeof startHarness>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'orglink-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><title>Orglink</title><div id="root"></div>',
    );
    writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    site = await startHarness({
      staticDir: dir,
      upstreams: { opsmanager: null, cloudmanager: null, cloud: null },
    });
  });
  afterAll(async () => {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html for pages (history fallback), revalidated every time', async () => {
    for (const url of [
      '/',
      '/orgs',
      `/orgs/${FIXTURE_IDS.opsOrgSynced}?scenario=slow`,
      '/settings',
    ]) {
      const res = await site.app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('caches hashed assets for a year', async () => {
    const res = await site.app.inject({ url: '/assets/index-AbC123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await site.app.inject({ url: '/favicon.svg' })).headers['cache-control']).toBe(
      'no-cache',
    );
    expect(
      (await site.app.inject({ method: 'HEAD', url: '/assets/index-AbC123.js' })).statusCode,
    ).toBe(200);
  });

  it('serves files of a rebuild made while running, and nothing outside dist/', async () => {
    writeFileSync(join(dir, 'assets', 'index-New456.js'), 'console.log(2)');
    expect((await site.app.inject({ url: '/assets/index-New456.js' })).statusCode).toBe(200);
    for (const url of [
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2fetc/passwd',
    ]) {
      const res = await site.app.inject({ url });
      expect(res.body).not.toContain('root:');
    }
    expect((await site.app.inject({ url: '/mockServiceWorker.js' })).statusCode).toBe(404);
  });

  it('never serves a source map', async () => {
    writeFileSync(join(dir, 'assets', 'index-AbC123.js.map'), '{"version":3,"sources":["src/x"]}');
    const res = await site.app.inject({ url: '/assets/index-AbC123.js.map' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('sources');
  });

  it('answers 404 for a missing file instead of index.html', async () => {
    const res = await site.app.inject({ url: '/assets/gone-123.js' });
    expect(res.statusCode).toBe(404);
  });

  it('refuses other methods on pages', async () => {
    const res = await site.app.inject({ method: 'POST', url: '/orgs' });
    expect(res.statusCode).toBe(405);
  });
});
