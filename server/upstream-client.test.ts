import type { ServerResponse } from 'node:http';
import type { UpstreamSettings } from './env';
import { ProxyError } from './errors';
import { startDigestTestServer, type DigestTestServer } from './testing/digest-server';
import { UpstreamClient, type UpstreamClientOptions } from './upstream-client';

const creds = { username: 'pub', password: 'priv' };
let server: DigestTestServer;
let client: UpstreamClient;

function makeClient(
  opts: Partial<UpstreamClientOptions> = {},
  settings: Partial<UpstreamSettings> = {},
) {
  return new UpstreamClient(
    {
      name: 'opsmanager',
      baseUrl: server.url,
      auth: { kind: 'digest', publicKey: creds.username, privateKey: creds.password },
      simulated: false,
      ...settings,
    },
    { timeoutMs: 1000, cacheMs: 200, cacheableOps: new Set(['getLinkStatus']), ...opts },
  );
}

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const STATUS = '/api/public/v1.0/orgs/0123456789abcdef01234567/liveExport/migrationLink/status';
const get = (path: string, op: 'getLinkStatus' | 'listOrgs' = 'listOrgs') =>
  client.call({ op, method: 'GET', path });
const authorized = () => server.seen.filter((s) => s.authorized).length;

beforeEach(async () => {
  server = await startDigestTestServer(creds);
  client = makeClient();
});
afterEach(async () => {
  await client.close();
  await server.close();
});

describe('connections', () => {
  it('reuses one kept-alive connection for sequential calls', async () => {
    for (let i = 0; i < 20; i++) expect((await get(`/a?i=${i}`)).status).toBe(200);
    expect(server.connections).toBeLessThanOrEqual(2);
    expect(server.seen).toHaveLength(21);
  });

  it('prepends the base URL path and signs the full request-target', async () => {
    await client.close();
    client = makeClient({}, { baseUrl: `${server.url}/om` });
    const res = await get('/api/public/v1.0/orgs?itemsPerPage=1');
    expect(res.status).toBe(200);
    expect(server.seen.at(-1)!.url).toBe('/om/api/public/v1.0/orgs?itemsPerPage=1');
  });
});

describe('coalescing and cache', () => {
  it('shares one upstream call among identical concurrent GETs', async () => {
    server.handler = (_req, res) => setTimeout(() => reply(res, 200, { n: 1 }), 50);
    await get('/warm');
    server.seen.length = 0;
    const answers = await Promise.all(Array.from({ length: 25 }, () => get('/same?x=1')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.served === 'coalesced')).toHaveLength(24);
    expect(server.seen).toHaveLength(1);
    expect(client.stats.coalesced).toBe(24);
  });

  it('does not share different GETs, nor POSTs', async () => {
    server.handler = (_req, res) => setTimeout(() => reply(res, 201, {}), 20);
    await get('/warm');
    server.seen.length = 0;
    await Promise.all([get('/a'), get('/b'), get('/a?x=1')]);
    await Promise.all(
      [1, 2].map(() => client.call({ op: 'connectOrg', method: 'POST', path: '/p', body: '{}' })),
    );
    expect(authorized()).toBe(5);
  });

  it('caches link status answers (200 and 404) for cacheMs only', async () => {
    let n = 0;
    server.handler = (_req, res) => reply(res, n++ % 2 ? 404 : 200, { n });
    await get(STATUS, 'getLinkStatus');
    for (let i = 0; i < 5; i++) {
      const a = await get(STATUS, 'getLinkStatus');
      expect(a.served).toBe('cache');
      expect(a.roundTrips).toBe(0);
    }
    expect(authorized()).toBe(1);
    await new Promise((r) => setTimeout(r, 220));
    expect((await get(STATUS, 'getLinkStatus')).status).toBe(404);
    expect((await get(STATUS, 'getLinkStatus')).served).toBe('cache');
    expect(authorized()).toBe(2);
  });

  it('never caches other operations or other statuses', async () => {
    server.handler = (_req, res) => reply(res, 500, { error: 500 });
    await get(STATUS, 'getLinkStatus');
    await get(STATUS, 'getLinkStatus');
    await get('/api/public/v1.0/orgs');
    await get('/api/public/v1.0/orgs');
    expect(authorized()).toBe(4);
  });

  it('forgets cached answers when a mutation passes', async () => {
    await get(STATUS, 'getLinkStatus');
    await client.call({ op: 'removeLink', method: 'DELETE', path: STATUS.replace('/status', '') });
    await get(STATUS, 'getLinkStatus');
    expect(authorized()).toBe(3);
  });
});

describe('failures', () => {
  it('gives up after timeoutMs with 504', async () => {
    await client.close();
    client = makeClient({ timeoutMs: 300 });
    server.handler = () => undefined; // never answers
    const started = Date.now();
    const e = await get('/hang').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProxyError);
    expect(e).toMatchObject({ status: 504, code: 'UPSTREAM_TIMEOUT', upstream: 'opsmanager' });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(client.reachable).toBe(false);
  });

  it('retries a GET once on a reset; never a POST', async () => {
    let resets = 0;
    server.handler = (req, res) => {
      if (resets++ === 0) return req.socket.destroy();
      reply(res, 200, { ok: true });
    };
    expect((await get('/flaky')).status).toBe(200);
    expect(client.stats.connectionRetries).toBe(1);

    resets = 0;
    const e = await client
      .call({ op: 'connectOrg', method: 'POST', path: '/p', body: '{"linkToken":"x"}' })
      .catch((x: unknown) => x);
    // The POST was sent before the reset: it may have been made, so its outcome is unknown.
    expect(e).toMatchObject({ status: 502, code: 'OUTCOME_UNKNOWN' });
    expect((e as Error).message).toMatch(/may or may not have been made.*check the status/);
    expect(server.seen.filter((s) => s.method === 'POST' && s.authorized)).toHaveLength(1);
  });

  it('calls a change sent without an answer in time unknown (504), never failed', async () => {
    await client.close();
    client = makeClient({ timeoutMs: 300 });
    let made = 0;
    server.handler = () => void made++; // makes the change, never answers
    const e = await client
      .call({ op: 'removeLink', method: 'DELETE', path: '/x' })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 504, code: 'OUTCOME_UNKNOWN', upstream: 'opsmanager' });
    expect((e as Error).message).toContain(
      'did not answer within 300 ms after the change was sent',
    );
    expect(made).toBe(1);
  });

  it('calls a change that could not even connect failed (nothing was sent)', async () => {
    await client.close();
    client = makeClient({}, { baseUrl: 'http://127.0.0.1:9' });
    const e = await client
      .call({ op: 'removeLink', method: 'DELETE', path: '/x' })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 502, code: 'UPSTREAM_UNREACHABLE' });
  });

  it('a retried GET never reuses a nonce+nc pair', async () => {
    let calls = 0;
    server.handler = (req, res) => {
      if (calls++ === 0) return req.socket.destroy();
      reply(res, 200, {});
    };
    await get('/x');
    expect(server.pairs.size).toBe(2);
  });

  it('answers 502 naming the cause when nothing listens', async () => {
    await client.close();
    client = makeClient({}, { baseUrl: 'http://127.0.0.1:9' });
    const e = await get('/x').catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 502, code: 'UPSTREAM_UNREACHABLE' });
    expect((e as Error).message).toContain('connection refused');
  });
});

describe('answers', () => {
  it('passes only safe headers on: no Set-Cookie, no WWW-Authenticate', async () => {
    server.handler = (_req, res) =>
      reply(
        res,
        429,
        { error: 429 },
        {
          'retry-after': '7',
          'x-error-code': 'RATE_LIMITED',
          'set-cookie': 'upstream=1',
          'ratelimit-remaining': '0',
          server: 'Jetty',
        },
      );
    const a = await get('/x');
    expect(a.status).toBe(429);
    expect(a.headers).toEqual({
      'content-type': 'application/json',
      'retry-after': '7',
      'x-error-code': 'RATE_LIMITED',
      'ratelimit-remaining': '0',
    });
  });

  it('sends x-mock-scenario only to a simulated upstream', async () => {
    await client.call({ op: 'listOrgs', method: 'GET', path: '/a', scenario: 'slow' });
    expect(server.seen.every((s) => s.headers['x-mock-scenario'] === undefined)).toBe(true);
    await client.close();
    client = makeClient({}, { simulated: true });
    await client.call({ op: 'listOrgs', method: 'GET', path: '/b', scenario: 'slow' });
    expect(server.seen.at(-1)!.headers['x-mock-scenario']).toBe('slow');
  });
});

describe('Atlas v2 versions and the v1.0 setting', () => {
  const ORG = '0123456789abcdef01234567';
  const GROUP = '89abcdef0123456789abcdef';
  const v2Path = `/api/atlas/v2/orgs/${ORG}/liveMigrations/linkTokens`;
  const lastAuthorized = () => server.seen.filter((s) => s.authorized).at(-1)!;

  beforeEach(async () => {
    await client.close();
    client = makeClient({}, { name: 'cloud' });
  });

  it('sends the route version as Accept and, with a body, as Content-Type', async () => {
    await client.call({ op: 'createLinkToken', method: 'POST', path: v2Path, body: '{}' });
    const seen = lastAuthorized();
    expect(seen.url).toBe(v2Path);
    expect(seen.headers.accept).toBe('application/vnd.atlas.2023-01-01+json');
    expect(seen.headers['content-type']).toBe('application/vnd.atlas.2023-01-01+json');

    const validate = `/api/atlas/v2/groups/${GROUP}/liveMigrations/validate`;
    await client.call({ op: 'validateMigration', method: 'POST', path: validate, body: '{}' });
    expect(lastAuthorized().headers['content-type']).toBe('application/vnd.atlas.2024-05-30+json');

    const cutover = `/api/atlas/v2/groups/${GROUP}/liveMigrations/${ORG}/cutover`;
    await client.call({ op: 'cutOverMigration', method: 'PUT', path: cutover });
    const put = lastAuthorized();
    expect([put.method, put.url, put.headers.accept]).toEqual([
      'PUT',
      cutover,
      'application/vnd.atlas.2023-01-01+json',
    ]);
    expect(put.headers['content-type']).toBeUndefined();

    // Unversioned routes keep plain JSON.
    await client.call({ op: 'listCloudOrgs', method: 'GET', path: '/api/public/v1.0/orgs' });
    expect(lastAuthorized().headers.accept).toBe('application/json');
  });

  it('with ATLAS_API_VERSION=v1.0 calls the v1.0 path unversioned where there is one', async () => {
    await client.close();
    client = makeClient({}, { name: 'cloud', atlasApiVersion: 'v1.0' });
    await client.call({
      op: 'deleteLinkToken',
      method: 'DELETE',
      path: `${v2Path}?envelope=true`,
    });
    const seen = lastAuthorized();
    expect(seen.url).toBe(`/api/atlas/v1.0/orgs/${ORG}/liveMigrations/linkTokens?envelope=true`);
    expect(seen.headers.accept).toBe('application/json');
    // Migration operations have no v1.0 path: still v2, versioned.
    const get = `/api/atlas/v2/groups/${GROUP}/liveMigrations/${ORG}`;
    await client.call({ op: 'getMigration', method: 'GET', path: get });
    expect([lastAuthorized().url, lastAuthorized().headers.accept]).toEqual([
      get,
      'application/vnd.atlas.2023-01-01+json',
    ]);
  });

  it('never retries a PUT and treats it as a mutation (clears the status cache)', async () => {
    await client.close();
    client = makeClient({}, { name: 'opsmanager' });
    await get(STATUS, 'getLinkStatus');
    await get(STATUS, 'getLinkStatus');
    expect(client.stats.cacheHits).toBe(1);
    let resets = 0;
    server.handler = (req, res) => {
      if (resets++ === 0) return req.socket.destroy();
      reply(res, 200, {});
    };
    const cutover = `/api/atlas/v2/groups/${GROUP}/liveMigrations/${ORG}/cutover`;
    const e = await client
      .call({ op: 'cutOverMigration', method: 'PUT', path: cutover })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 502, code: 'OUTCOME_UNKNOWN' });
    expect(client.stats.connectionRetries).toBe(0);
    expect((await get(STATUS, 'getLinkStatus')).served).toBe('upstream');
  });

  it('passes RateLimit-* and Retry-After through on success and on 429', async () => {
    server.handler = (_req, res) =>
      reply(res, 200, {}, { 'RateLimit-Limit': '500', 'RateLimit-Remaining': '12' });
    const ok = await client.call({ op: 'listCloudOrgs', method: 'GET', path: '/o' });
    expect(ok.headers).toMatchObject({ 'ratelimit-limit': '500', 'ratelimit-remaining': '12' });
    server.handler = (_req, res) =>
      reply(
        res,
        429,
        { error: 429, errorCode: 'RATE_LIMITED' },
        { 'Retry-After': '41', 'RateLimit-Limit': '500', 'RateLimit-Remaining': '0' },
      );
    const limited = await client.call({ op: 'listCloudOrgs', method: 'GET', path: '/p' });
    expect(limited.headers).toMatchObject({
      'retry-after': '41',
      'ratelimit-limit': '500',
      'ratelimit-remaining': '0',
    });
  });
});
