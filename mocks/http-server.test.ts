// The simulated upstream as a real HTTP server: Digest auth (RFC 7616), stats, scenarios, hooks.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { atlasMediaType, routerPath, routes } from '#contract/route-table';
import { linkTokenSchema, orgPageSchema } from '#contract/schemas';
import { FIXTURE_IDS as F, SAMPLE_LINK_TOKENS } from './db/fixtures';
import { configureStore } from './db/store';
import { parseDigestHeader } from './digest-verifier.node.ts';
import { startSimulatedUpstream, type SimulatedUpstream } from './http-server';
import { resetMocks } from './node';
import {
  SIM_CLOUDMANAGER_PRIVATE_KEY,
  SIM_CLOUDMANAGER_PUBLIC_KEY,
  SIM_PRIVATE_KEY,
  SIM_PUBLIC_KEY,
} from './sim-keys';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const ORGS = routerPath(routes.listOrgs, 'upstream');
const CHALLENGE =
  /^Digest realm="MMS Public API", domain="", nonce="[^"]+", algorithm=MD5, qop="auth", stale=(true|false)$/;

/** A small Digest client that keeps the nonce and counts nc, as the proxy should. */
class DigestClient {
  nonce: string | null = null;
  nc = 0;
  constructor(
    private readonly user = SIM_PUBLIC_KEY,
    private readonly pass = SIM_PRIVATE_KEY,
  ) {}

  authorization(method: string, uri: string, nc = ++this.nc): string {
    const cnonce = randomBytes(8).toString('hex');
    const ncHex = nc.toString(16).padStart(8, '0');
    const ha1 = md5(`${this.user}:MMS Public API:${this.pass}`);
    const ha2 = md5(`${method}:${uri}`);
    const response = md5(`${ha1}:${this.nonce}:${ncHex}:${cnonce}:auth:${ha2}`);
    return `Digest username="${this.user}", realm="MMS Public API", nonce="${this.nonce}", uri="${uri}", algorithm=MD5, qop=auth, nc=${ncHex}, cnonce="${cnonce}", response="${response}"`;
  }

  takeChallenge(res: Response): void {
    const p = parseDigestHeader(res.headers.get('www-authenticate') ?? '');
    this.nonce = p?.nonce ?? null;
    this.nc = 0;
  }

  /** One call; with no nonce yet it takes the challenge first (two round trips). */
  async fetch(base: string, uri: string, init: RequestInit = {}): Promise<Response> {
    const method = init.method ?? 'GET';
    if (!this.nonce) {
      const first = await fetch(base + uri, init);
      if (first.status !== 401) return first;
      await first.arrayBuffer();
      this.takeChallenge(first);
    }
    const headers = new Headers(init.headers);
    headers.set('authorization', this.authorization(method, uri));
    return fetch(base + uri, { ...init, headers });
  }
}

let sim: SimulatedUpstream;
beforeAll(async () => {
  sim = await startSimulatedUpstream({ opsmanagerPort: 0, cloudPort: 0, linkSyncDelayMs: 300 });
});
afterAll(async () => {
  await sim.close();
  resetMocks();
});
beforeEach(() => {
  // resetMocks also resets the store config the server was started with.
  resetMocks();
  configureStore({ linkSyncDelayMs: 300 });
  sim.resetStats();
});

describe('Digest auth', () => {
  it('challenges a request without credentials', async () => {
    const res = await fetch(sim.opsmanagerUrl + ORGS);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(CHALLENGE);
    expect(res.headers.get('www-authenticate')).toContain('stale=false');
    expect(await res.json()).toEqual({
      detail: 'You are not authorized for this resource.',
      error: 401,
      parameters: null,
      reason: 'Unauthorized',
    });
    expect(sim.stats).toMatchObject({ requests: 1, challenges: 1, byOperation: {} });
  });

  it('accepts the demo key pair, then one round trip per call with the cached nonce', async () => {
    const client = new DigestClient();
    const first = await client.fetch(sim.opsmanagerUrl, ORGS);
    expect(first.status).toBe(200);
    expect(orgPageSchema.parse(await first.json()).totalCount).toBeGreaterThanOrEqual(40);
    expect(sim.stats).toMatchObject({ requests: 2, challenges: 1 });
    for (let i = 0; i < 3; i++)
      expect((await client.fetch(sim.opsmanagerUrl, ORGS)).status).toBe(200);
    expect(sim.stats).toMatchObject({ requests: 5, challenges: 1, byOperation: { listOrgs: 4 } });
    expect(sim.publicKey).toBe(SIM_PUBLIC_KEY);
    expect(sim.privateKey).toBe(SIM_PRIVATE_KEY);
  });

  it('rejects a wrong private key and a wrong user', async () => {
    for (const client of [
      new DigestClient(SIM_PUBLIC_KEY, 'wrong'),
      new DigestClient('someone', SIM_PRIVATE_KEY),
    ]) {
      const res = await client.fetch(sim.opsmanagerUrl, ORGS);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(CHALLENGE);
      expect(res.headers.get('www-authenticate')).toContain('stale=false');
    }
    expect(sim.stats.byOperation).toEqual({});
  });

  it('rejects a reused nc for the same nonce', async () => {
    const client = new DigestClient();
    expect((await client.fetch(sim.opsmanagerUrl, ORGS)).status).toBe(200);
    const replay = await fetch(sim.opsmanagerUrl + ORGS, {
      headers: { authorization: client.authorization('GET', ORGS, 1) },
    });
    expect(replay.status).toBe(401);
    // A higher nc on the same nonce still works.
    expect((await client.fetch(sim.opsmanagerUrl, ORGS)).status).toBe(200);
  });

  it('rejects an answer for another URI or method', async () => {
    const client = new DigestClient();
    await client.fetch(sim.opsmanagerUrl, ORGS);
    const res = await fetch(`${sim.opsmanagerUrl}${ORGS}?pageNum=2`, {
      headers: { authorization: client.authorization('GET', ORGS) },
    });
    expect(res.status).toBe(401);
  });

  it('answers stale=true for an expired nonce; the new nonce works', async () => {
    const short = await startSimulatedUpstream({ nonceTtlMs: 100 });
    try {
      const client = new DigestClient();
      expect((await client.fetch(short.opsmanagerUrl, ORGS)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 150));
      const stale = await client.fetch(short.opsmanagerUrl, ORGS);
      expect(stale.status).toBe(401);
      expect(stale.headers.get('www-authenticate')).toMatch(CHALLENGE);
      expect(stale.headers.get('www-authenticate')).toContain('stale=true');
      client.takeChallenge(stale);
      expect((await client.fetch(short.opsmanagerUrl, ORGS)).status).toBe(200);
    } finally {
      await short.close();
    }
  });

  it('works with curl --digest', async () => {
    if (!existsSync('/usr/bin/curl')) return;
    const run = promisify(execFile);
    const ok = await run('curl', [
      '-s',
      '--digest',
      '-u',
      `${SIM_PUBLIC_KEY}:${SIM_PRIVATE_KEY}`,
      '-w',
      '\n%{http_code}',
      sim.opsmanagerUrl + ORGS,
    ]);
    expect(ok.stdout.trim().split('\n').at(-1)).toBe('200');
    expect(ok.stdout).toContain('"totalCount"');
    const bad = await run('curl', [
      '-s',
      '--digest',
      '-u',
      `${SIM_PUBLIC_KEY}:nope`,
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      sim.opsmanagerUrl + ORGS,
    ]);
    expect(bad.stdout).toBe('401');
  });
});

describe('the API over HTTP', () => {
  it('serves Ops Manager and MongoDB Cloud on their own ports', async () => {
    const client = new DigestClient();
    const om = orgPageSchema.parse(await (await client.fetch(sim.opsmanagerUrl, ORGS)).json());
    const cloudOrgs = routerPath(routes.listCloudOrgs, 'upstream');
    expect(cloudOrgs).toBe(ORGS);
    const cloud = orgPageSchema.parse(await (await client.fetch(sim.cloudUrl, cloudOrgs)).json());
    expect(om.results[0]?.id).not.toBe(cloud.results[0]?.id);
    expect(om.results[0]?.links?.[0]?.href.startsWith(sim.opsmanagerUrl)).toBe(true);
    expect(sim.stats.byOperation).toEqual({ listOrgs: 1, listCloudOrgs: 1 });
  });

  it('connects (body sent), counts getLinkStatus, syncs after linkSyncDelayMs', async () => {
    const client = new DigestClient();
    const orgId = F.opsOrgsUnlinked[0] ?? '';
    const linkPath = routes.connectOrg.path.replace('{orgId}', orgId);
    const statusPath = routes.getLinkStatus.path.replace('{orgId}', orgId);
    const res = await client.fetch(sim.opsmanagerUrl, linkPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ linkToken: SAMPLE_LINK_TOKENS.valid }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ status: 'NOT_SYNCED' });
    await new Promise((r) => setTimeout(r, 350));
    const status = await client.fetch(sim.opsmanagerUrl, statusPath);
    expect(await status.json()).toEqual({ status: 'SYNCED' });
    expect(sim.stats.byOperation).toMatchObject({ connectOrg: 1, getLinkStatus: 1 });
    const removed = await client.fetch(sim.opsmanagerUrl, linkPath, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe('');
  });

  it('generates a link-token on the Cloud port (201)', async () => {
    const client = new DigestClient();
    const path = routes.createLinkToken.path.replace('{orgId}', F.cloudOrgWithoutToken);
    const v2 = atlasMediaType(routes.createLinkToken.version);
    const res = await client.fetch(sim.cloudUrl, path, {
      method: 'POST',
      headers: { accept: v2, 'content-type': v2 },
      body: JSON.stringify({ accessListIps: ['192.0.2.10'] }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe(v2);
    expect(linkTokenSchema.safeParse(await res.json()).success).toBe(true);
  });

  it('with linkTokensFile, appends each link-token it issues (and nothing else) to that file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-tokens-'));
    const file = join(dir, 'issued.txt');
    const own = await startSimulatedUpstream({ linkTokensFile: file });
    try {
      const client = new DigestClient();
      const path = routes.createLinkToken.path.replace('{orgId}', F.cloudOrgWithoutToken);
      const v2 = atlasMediaType(routes.createLinkToken.version);
      const made: string[] = [];
      for (let i = 0; i < 2; i++) {
        const res = await client.fetch(own.cloudUrl, path, {
          method: 'POST',
          headers: { accept: v2, 'content-type': v2 },
          body: '{}',
        });
        made.push(linkTokenSchema.parse(await res.json()).linkToken);
      }
      // A refused one (unknown org) writes nothing.
      const refused = await client.fetch(
        own.cloudUrl,
        routes.createLinkToken.path.replace('{orgId}', F.cloudOrgUnknown),
        { method: 'POST', headers: { accept: v2, 'content-type': v2 }, body: '{}' },
      );
      expect(refused.status).toBe(404);
      expect(readFileSync(file, 'utf8')).toBe(`${made.join('\n')}\n`);
    } finally {
      await own.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('404 RESOURCE_NOT_FOUND for a path that is no operation; X-Error-Code header', async () => {
    const client = new DigestClient();
    const res = await client.fetch(sim.opsmanagerUrl, '/api/public/v1.0/groups');
    expect(res.status).toBe(404);
    expect(res.headers.get('x-error-code')).toBe('RESOURCE_NOT_FOUND');
    expect(await res.json()).toMatchObject({
      error: 404,
      errorCode: 'RESOURCE_NOT_FOUND',
      parameters: null,
    });
  });
});

describe('scenarios over HTTP', () => {
  it('upstream-down resets the connection', async () => {
    await expect(
      fetch(sim.opsmanagerUrl + ORGS, { headers: { 'x-mock-scenario': 'upstream-down' } }),
    ).rejects.toThrow();
    expect(sim.stats.requests).toBe(1);
  });

  it('unauthorized refuses even the right key', async () => {
    const client = new DigestClient();
    const res = await client.fetch(sim.opsmanagerUrl, ORGS, {
      headers: { 'x-mock-scenario': 'unauthorized' },
    });
    expect(res.status).toBe(401);
    expect(sim.stats.byOperation).toEqual({});
  });

  it('takes the server default scenario when the header is absent; "none" turns it off', async () => {
    const forbidden = await startSimulatedUpstream({ scenario: 'forbidden' });
    try {
      const client = new DigestClient();
      const path = routes.getLinkStatus.path.replace('{orgId}', F.opsOrgSynced);
      const res = await client.fetch(forbidden.opsmanagerUrl, path);
      expect(res.status).toBe(403);
      expect(res.headers.get('x-error-code')).toBe('USER_UNAUTHORIZED');
      const normal = await client.fetch(forbidden.opsmanagerUrl, path, {
        headers: { 'x-mock-scenario': 'none' },
      });
      expect(normal.status).toBe(200);
    } finally {
      await forbidden.close();
    }
    await expect(startSimulatedUpstream({ scenario: 'bogus' })).rejects.toThrow(/Unknown scenario/);
  });

  it('latencyMs delays every answer', async () => {
    const slow = await startSimulatedUpstream({ latencyMs: 60 });
    try {
      const started = performance.now();
      const res = await fetch(slow.opsmanagerUrl + ORGS);
      expect(res.status).toBe(401);
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    } finally {
      await slow.close();
    }
  });
});

describe('test hooks', () => {
  it('POST /__sim/reset restores the seed and zeroes stats; GET /__sim/stats reads them', async () => {
    const client = new DigestClient();
    const path = routes.removeLink.path.replace('{orgId}', F.opsOrgSynced);
    expect((await client.fetch(sim.opsmanagerUrl, path, { method: 'DELETE' })).status).toBe(204);
    const stats = await (await fetch(`${sim.cloudUrl}/__sim/stats`)).json();
    expect(stats).toMatchObject({ byOperation: { removeLink: 1 } });
    expect((await fetch(`${sim.cloudUrl}/__sim/reset`, { method: 'POST' })).status).toBe(204);
    expect(sim.stats).toEqual({
      requests: 0,
      challenges: 0,
      byOperation: {},
      rateLimitedByOperation: {},
    });
    const status = await client.fetch(
      sim.opsmanagerUrl,
      routes.getLinkStatus.path.replace('{orgId}', F.opsOrgSynced),
    );
    expect(await status.json()).toEqual({ status: 'SYNCED' });
  });
});

describe('MongoDB Cloud as Atlas and as Cloud Manager, told apart by the key', () => {
  const cm = () => new DigestClient(SIM_CLOUDMANAGER_PUBLIC_KEY, SIM_CLOUDMANAGER_PRIVATE_KEY);

  it('lists Cloud Manager orgs with the Cloud Manager key, Atlas orgs with the Atlas key', async () => {
    expect(sim.cloudmanagerUrl).toBe(sim.cloudUrl);
    const sources = orgPageSchema.parse(await (await cm().fetch(sim.cloudUrl, ORGS)).json());
    const targets = orgPageSchema.parse(
      await (await new DigestClient().fetch(sim.cloudUrl, ORGS)).json(),
    );
    expect(sources.results.map((o) => o.id)).toContain(F.cmOrgSynced);
    expect(targets.results.map((o) => o.id)).not.toContain(F.cmOrgSynced);
    expect(targets.results.map((o) => o.id)).toContain(F.cloudOrgWithToken);
    expect(sim.stats.byOperation).toEqual({ listCloudManagerOrgs: 1, listCloudOrgs: 1 });
  });

  it('answers the org-link operations only to the Cloud Manager key', async () => {
    const path = routes.getCloudManagerLinkStatus.path.replace('{orgId}', F.cmOrgSynced);
    expect(await (await cm().fetch(sim.cloudUrl, path)).json()).toEqual({ status: 'SYNCED' });
    // With the Atlas key the same path is no operation of Atlas.
    expect((await new DigestClient().fetch(sim.cloudUrl, path)).status).toBe(404);
  });

  it('refuses the Cloud Manager key on the Ops Manager port', async () => {
    const res = await cm().fetch(sim.opsmanagerUrl, ORGS);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(CHALLENGE);
  });
});

describe('Atlas v2 versions over HTTP', () => {
  it('refuses an unversioned v2 call with 406 INVALID_VERSION_DATE; the v1.0 path answers', async () => {
    const client = new DigestClient();
    const v2 = routes.createLinkToken.path.replace('{orgId}', F.cloudOrgWithoutToken);
    const plain = { 'content-type': 'application/json', accept: 'application/json' };
    const refused = await client.fetch(sim.cloudUrl, v2, {
      method: 'POST',
      headers: plain,
      body: '{}',
    });
    expect(refused.status).toBe(406);
    expect(await refused.json()).toMatchObject({ error: 406, errorCode: 'INVALID_VERSION_DATE' });
    const v1 = routes.createLinkToken.v1Path.replace('{orgId}', F.cloudOrgWithoutToken);
    const res = await client.fetch(sim.cloudUrl, v1, {
      method: 'POST',
      headers: plain,
      body: '{}',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(sim.stats.byOperation).toEqual({ createLinkToken: 2 });
  });
});

describe('rate limit', () => {
  it('MongoDB Cloud answers carry RateLimit-* (limit 500) even when nothing is enforced', async () => {
    const client = new DigestClient();
    const first = await client.fetch(sim.cloudUrl, ORGS);
    expect(first.headers.get('ratelimit-limit')).toBe('500');
    expect(first.headers.get('ratelimit-remaining')).toBe('499');
    const second = await client.fetch(sim.cloudUrl, ORGS);
    expect(second.headers.get('ratelimit-remaining')).toBe('498');
    // Ops Manager sends none unless a limit is set.
    expect((await client.fetch(sim.opsmanagerUrl, ORGS)).headers.get('ratelimit-limit')).toBeNull();
  });

  it('with a limit: headers on every answer, 429 RATE_LIMITED with Retry-After past it, per key', async () => {
    configureStore({ rateLimitPerMin: 3 });
    const client = new DigestClient();
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await client.fetch(sim.opsmanagerUrl, ORGS);
      expect(res.status).toBe(200);
      remaining.push(res.headers.get('ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await client.fetch(sim.opsmanagerUrl, ORGS);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-limit')).toBe('3');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect(await limited.json()).toMatchObject({ error: 429, errorCode: 'RATE_LIMITED' });
    expect(sim.stats.rateLimitedByOperation).toEqual({ listOrgs: 1 });
    // Another product's key has its own window.
    const cmRes = await new DigestClient(
      SIM_CLOUDMANAGER_PUBLIC_KEY,
      SIM_CLOUDMANAGER_PRIVATE_KEY,
    ).fetch(sim.cloudUrl, ORGS);
    expect(cmRes.status).toBe(200);
    expect(cmRes.headers.get('ratelimit-remaining')).toBe('2');
    // A reset starts the windows over.
    await fetch(`${sim.opsmanagerUrl}/__sim/reset`, { method: 'POST' });
    configureStore({ rateLimitPerMin: 3 });
    expect((await client.fetch(sim.opsmanagerUrl, ORGS)).status).toBe(200);
  });
});
