import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuthError, OAuthTokenSource, type TokenFetcher } from './oauth';
import { UpstreamClient } from './upstream-client';

function source(answers: { status: number; body: unknown }[], now: () => number) {
  const calls: Record<string, string>[] = [];
  const fetchToken: TokenFetcher = async (_form, headers) => {
    calls.push(headers);
    const a = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    await new Promise((r) => setTimeout(r, 5));
    return { status: a.status, text: JSON.stringify(a.body) };
  };
  return {
    calls,
    tokens: new OAuthTokenSource({
      clientId: 'mdb_sa_id_1',
      clientSecret: 'mdb_sa_sk_secret',
      fetchToken,
      now,
    }),
  };
}

describe('OAuthTokenSource', () => {
  it('caches the token until shortly before it expires', async () => {
    let t = 0;
    const { tokens, calls } = source(
      [
        { status: 200, body: { access_token: 'A', expires_in: 3600, token_type: 'Bearer' } },
        { status: 200, body: { access_token: 'B', expires_in: 3600, token_type: 'Bearer' } },
      ],
      () => t,
    );
    expect(await tokens.token()).toBe('A');
    t = 3_539_000; // 1 s before the 60 s margin
    expect(await tokens.token()).toBe('A');
    t = 3_540_000;
    expect(await tokens.token()).toBe('B');
    expect(calls).toHaveLength(2);
    expect(calls[0]!.authorization).toBe(
      `Basic ${Buffer.from('mdb_sa_id_1:mdb_sa_sk_secret').toString('base64')}`,
    );
    expect(calls[0]!['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('uses at most 10% of a short lifetime as margin', async () => {
    let t = 0;
    const { tokens, calls } = source(
      [{ status: 200, body: { access_token: 'A', expires_in: 100 } }],
      () => t,
    );
    await tokens.token();
    t = 89_000;
    await tokens.token();
    expect(calls).toHaveLength(1);
    t = 90_000;
    await tokens.token();
    expect(calls).toHaveLength(2);
  });

  it('shares one token request among concurrent callers', async () => {
    const { tokens, calls } = source(
      [{ status: 200, body: { access_token: 'A', expires_in: 3600 } }],
      () => 0,
    );
    const got = await Promise.all(Array.from({ length: 10 }, () => tokens.token()));
    expect(new Set(got)).toEqual(new Set(['A']));
    expect(calls).toHaveLength(1);
  });

  it('fetches a new token after invalidate(token)', async () => {
    const { tokens, calls } = source(
      [
        { status: 200, body: { access_token: 'A', expires_in: 3600 } },
        { status: 200, body: { access_token: 'B', expires_in: 3600 } },
      ],
      () => 0,
    );
    await tokens.token();
    tokens.invalidate('not-the-current-one');
    expect(await tokens.token()).toBe('A');
    tokens.invalidate('A');
    expect(await tokens.token()).toBe('B');
    expect(calls).toHaveLength(2);
  });

  it('refuses a failed or odd answer without echoing a secret', async () => {
    for (const answer of [
      { status: 401, body: { error: 'invalid_client' } },
      { status: 200, body: { nope: true } },
      { status: 200, body: { access_token: 'A', token_type: 'mac' } },
    ]) {
      const { tokens } = source([answer], () => 0);
      const e = await tokens.token().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(OAuthError);
      expect((e as Error).message).not.toContain('mdb_sa_sk_secret');
    }
  });
});

describe('UpstreamClient with a service account', () => {
  let server: Server;
  let url: string;
  let tokenRequests = 0;
  let apiRequests: (string | undefined)[] = [];
  let revoked = new Set<string>();
  let tokenStatus = 200;

  beforeEach(async () => {
    tokenRequests = 0;
    apiRequests = [];
    revoked = new Set();
    tokenStatus = 200;
    server = createServer((req, res) => {
      if (req.url === '/api/oauth/token' && req.method === 'POST') {
        tokenRequests++;
        res.writeHead(tokenStatus, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            tokenStatus === 200
              ? { access_token: `tok-${tokenRequests}`, expires_in: 3600, token_type: 'Bearer' }
              : { error: 'invalid_client' },
          ),
        );
        return;
      }
      apiRequests.push(req.headers.authorization);
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
      const ok = token.startsWith('tok-') && !revoked.has(token);
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { results: [], totalCount: 0 } : { error: 401 }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise<void>((r) => server.close(() => r())));

  const make = () =>
    new UpstreamClient(
      {
        name: 'cloud',
        baseUrl: url,
        auth: { kind: 'oauth', clientId: 'id', clientSecret: 'sk' },
        simulated: false,
      },
      { timeoutMs: 1000 },
    );

  it('sends one bearer token for many calls, one round trip each', async () => {
    const client = make();
    for (let i = 0; i < 5; i++) {
      const a = await client.call({
        op: 'listCloudOrgs',
        method: 'GET',
        path: `/api/public/v1.0/orgs?pageNum=${i + 1}`,
      });
      expect(a.status).toBe(200);
      expect(a.roundTrips).toBe(1);
    }
    await client.close();
    expect(tokenRequests).toBe(1);
    expect(new Set(apiRequests)).toEqual(new Set(['Bearer tok-1']));
  });

  it('takes a new token once when the upstream refuses the cached one', async () => {
    const client = make();
    await client.call({ op: 'listCloudOrgs', method: 'GET', path: '/a' });
    revoked.add('tok-1');
    const a = await client.call({ op: 'listCloudOrgs', method: 'GET', path: '/b' });
    await client.close();
    expect(a.status).toBe(200);
    expect(tokenRequests).toBe(2);
    expect(apiRequests.slice(1)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('answers 502 naming MongoDB Cloud when the token endpoint refuses the credentials', async () => {
    tokenStatus = 401;
    const client = make();
    const e = await client
      .call({ op: 'listCloudOrgs', method: 'GET', path: '/a' })
      .catch((x: unknown) => x);
    await client.close();
    expect(e).toMatchObject({ status: 502, upstream: 'cloud' });
    expect((e as Error).message).toContain('refused the service account credentials');
    expect(apiRequests).toHaveLength(0);
  });
});
