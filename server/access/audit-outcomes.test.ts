// Every mutation attempt gets exactly one audit line, whatever stops it, and the line is built from
// what the proxy knew (the upstream's status and X-Error-Code, its own error), never from re-reading
// the answer body: an upstream body that looks like the proxy's own error stays the upstream's.
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '#contract/audit-contract';
import { CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { proxyUrl, routes } from '#contract/route-table';
import { startDigestTestServer, type DigestTestServer } from '../testing/digest-server';
import {
  digestUpstream,
  startHarness,
  testAccess,
  testConfig,
  type Harness,
} from '../testing/harness';

const ORG = '5e1d0c2b3a4f5e6d7c8b9a01';
const LINK_TOKEN = 'bGluay10b2tlbi1mb3ItdGhlLWF1ZGl0LXRlc3Q=';
const CSRF = { [CSRF_HEADER]: CSRF_VALUE };

let upstream: DigestTestServer;
let h: Harness;
let lines: () => Promise<AuditEntry[]>;
/** What the upstream answers next: status, body, headers; status 0 = it makes it, never answers. */
let next: { status: number; body: string; headers: Record<string, string> };
/** Changes the upstream received (it may have made them). */
let received = 0;

beforeAll(async () => {
  upstream = await startDigestTestServer({
    username: 'pub',
    password: 'priv',
    handler: (req, res) => {
      if (req.method !== 'GET') received++;
      if (next.status === 0) return; // the change is made; the answer never comes
      res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
      res.end(next.body);
    },
  });
  const config = testConfig({
    simulated: false,
    upstreamTimeoutMs: 600,
    upstreams: {
      opsmanager: digestUpstream('opsmanager', upstream.url, 'pub', 'priv'),
      cloudmanager: null,
      cloud: null,
    },
  });
  const access = testAccess(config);
  h = await startHarness(config, { access });
  // Oldest first, as they were written.
  lines = async () => (await access.audit.recent({ limit: '500' })).entries.reverse();
});
afterAll(async () => {
  await h.close();
  await upstream.close();
});

async function attempt(o: InjectOptions) {
  const before = (await lines()).length;
  const res = await h.app.inject(o);
  const added = (await lines()).slice(before);
  // Exactly one line per attempt, never two, never none.
  expect(added).toHaveLength(1);
  return { res, line: added[0]! };
}

const removeLink = proxyUrl(routes.removeLink, { orgId: ORG });
const connect = proxyUrl(routes.connectOrg, { orgId: ORG });

describe('the audit line of a mutation', () => {
  it('success: the upstream did it', async () => {
    next = { status: 204, body: '', headers: {} };
    const { res, line } = await attempt({ method: 'DELETE', url: removeLink, headers: CSRF });
    expect(res.statusCode).toBe(204);
    expect(line).toMatchObject({
      operation: 'removeLink',
      orgId: ORG,
      outcome: 'success',
      status: 204,
      upstreamStatus: 204,
      user: 'local',
      auth: 'demo',
      method: 'DELETE',
    });
    expect(line.code).toBeUndefined();
  });

  it("upstream_error with the upstream's X-Error-Code, even when its body looks like the proxy's error", async () => {
    next = {
      status: 409,
      body: JSON.stringify({ source: 'proxy', error: 409, code: 'INTERNAL', detail: 'spoofed' }),
      headers: { 'x-error-code': 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK' },
    };
    const { res, line } = await attempt({ method: 'DELETE', url: removeLink, headers: CSRF });
    expect(res.statusCode).toBe(409);
    expect(line).toMatchObject({
      outcome: 'upstream_error',
      status: 409,
      upstreamStatus: 409,
      code: 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
    });
  });

  it('upstream_error without a code when the upstream sends no X-Error-Code', async () => {
    next = { status: 401, body: '{"error":401,"detail":"You are not authorized."}', headers: {} };
    const { line } = await attempt({ method: 'DELETE', url: removeLink, headers: CSRF });
    expect(line).toMatchObject({ outcome: 'upstream_error', upstreamStatus: 401 });
    expect(line.code).toBeUndefined();
  });

  it('refused before forwarding: CSRF, path ID, body, body type — nothing reaches the upstream', async () => {
    const seen = upstream.seen.length;
    const cases: [InjectOptions, number][] = [
      [{ method: 'DELETE', url: removeLink }, 403],
      [
        { method: 'DELETE', url: removeLink, headers: { ...CSRF, origin: 'https://evil.example' } },
        403,
      ],
      [{ method: 'DELETE', url: removeLink.replace(ORG, 'not-an-id'), headers: CSRF }, 400],
      [{ method: 'POST', url: connect, headers: CSRF, payload: { linkToken: 'x y' } }, 400],
      [
        {
          method: 'POST',
          url: connect,
          headers: { ...CSRF, 'content-type': 'text/plain' },
          payload: 'x',
        },
        415,
      ],
      [{ method: 'DELETE', url: `${removeLink}?_method=GET`, headers: CSRF }, 400],
    ];
    for (const [o, status] of cases) {
      const { res, line } = await attempt(o);
      expect(res.statusCode).toBe(status);
      const code = (res.json() as { code: string }).code;
      expect(line).toMatchObject({ outcome: 'refused', status, upstreamStatus: null, code });
      expect(line.requestId).toBe((res.json() as { requestId: string }).requestId);
    }
    expect(upstream.seen.length).toBe(seen);
    // A refused ID is not recorded as a target; a valid one is.
    const lines_ = await lines();
    expect(lines_.at(-4)?.orgId).toBeUndefined();
    expect(lines_.at(-3)?.orgId).toBe(ORG);
  });

  it('never records the body (a link-token stays out)', async () => {
    next = { status: 201, body: '{"status":"NOT_SYNCED"}', headers: {} };
    const { line } = await attempt({
      method: 'POST',
      url: connect,
      headers: CSRF,
      payload: { linkToken: LINK_TOKEN },
    });
    expect(line).toMatchObject({ operation: 'connectOrg', outcome: 'success', status: 201 });
    expect(JSON.stringify(await lines())).not.toContain(LINK_TOKEN);
  });

  it('failed: the upstream is not configured', async () => {
    const { res, line } = await attempt({
      method: 'POST',
      url: proxyUrl(routes.createLinkToken, { orgId: ORG }),
      headers: { ...CSRF, 'content-type': 'application/json' },
      payload: {},
    });
    expect(res.statusCode).toBe(503);
    expect(line).toMatchObject({
      operation: 'createLinkToken',
      outcome: 'failed',
      status: 503,
      upstreamStatus: null,
      code: 'UPSTREAM_NOT_CONFIGURED',
    });
  });

  it('refused at a non-loopback Host name on the demo dashboard (421)', async () => {
    const { res, line } = await attempt({
      method: 'DELETE',
      url: removeLink,
      headers: { ...CSRF, host: 'rebound.example:8080' },
    });
    expect(res.statusCode).toBe(421);
    expect(line).toMatchObject({ outcome: 'refused', status: 421, code: 'REQUEST_REFUSED' });
  });

  it('unknown: sent, then no answer in time — the answer and the record say check the status', async () => {
    next = { status: 0, body: '', headers: {} };
    const before = received;
    const { res, line } = await attempt({ method: 'DELETE', url: removeLink, headers: CSRF });
    expect(received).toBe(before + 1);
    expect(res.statusCode).toBe(504);
    expect(res.json()).toMatchObject({ code: 'OUTCOME_UNKNOWN', upstream: 'opsmanager' });
    expect((res.json() as { detail: string }).detail).toMatch(
      /may or may not have been made\. Outcome unknown — check the status before retrying/,
    );
    expect(line).toMatchObject({
      outcome: 'unknown',
      status: 504,
      upstreamStatus: null,
      code: 'OUTCOME_UNKNOWN',
    });
  });

  it('unknown: a redirect instead of an answer is 502 naming where it pointed, never passed on', async () => {
    next = {
      status: 302,
      body: '',
      headers: { location: 'https://sso.example.com/login?return=secret-ish#x' },
    };
    const { res, line } = await attempt({ method: 'DELETE', url: removeLink, headers: CSRF });
    expect(res.statusCode).toBe(502);
    expect(res.headers.location).toBeUndefined();
    const body = res.json() as { code: string; detail: string; upstream: string };
    expect(body).toMatchObject({ code: 'UPSTREAM_BAD_ANSWER', upstream: 'opsmanager' });
    expect(body.detail).toContain(
      'Ops Manager answered 302 with a redirect to https://sso.example.com/login',
    );
    expect(body.detail).not.toContain('secret-ish');
    expect(line).toMatchObject({
      outcome: 'unknown',
      status: 502,
      upstreamStatus: 302,
      code: 'UPSTREAM_BAD_ANSWER',
    });
  });

  it('unknown: an HTML page instead of JSON is 502 naming the upstream (not the dashboard)', async () => {
    next = {
      status: 200,
      body: '<!doctype html><title>Sign in</title>',
      headers: { 'content-type': 'text/html; charset=utf-8' },
    };
    const { res, line } = await attempt({ method: 'DELETE', url: removeLink, headers: CSRF });
    expect(res.statusCode).toBe(502);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect((res.json() as { detail: string }).detail).toContain(
      'Ops Manager answered 200 with text/html instead of JSON',
    );
    expect(line).toMatchObject({ outcome: 'unknown', upstreamStatus: 200 });
    // A read gets the same answer (not audited).
    const read = await h.app.inject({ url: proxyUrl(routes.getLinkStatus, { orgId: ORG }) });
    expect(read.statusCode).toBe(502);
    expect(read.json()).toMatchObject({ code: 'UPSTREAM_BAD_ANSWER', upstream: 'opsmanager' });
  });

  it('a bodyless-looking 401 or a 429 still goes back as the upstream said it', async () => {
    next = { status: 401, body: 'Unauthorized', headers: { 'content-type': 'text/plain' } };
    const { res, line } = await attempt({ method: 'DELETE', url: removeLink, headers: CSRF });
    expect(res.statusCode).toBe(401);
    expect(res.body).toBe('Unauthorized');
    expect(line).toMatchObject({ outcome: 'upstream_error', upstreamStatus: 401 });
  });

  it('reads are not audited', async () => {
    next = { status: 200, body: '{"status":"SYNCED"}', headers: {} };
    const before = (await lines()).length;
    const res = await h.app.inject({ url: proxyUrl(routes.getLinkStatus, { orgId: ORG }) });
    expect(res.statusCode).toBe(200);
    expect(await lines()).toHaveLength(before);
  });
});

describe('a mutation whose upstream cannot be reached', () => {
  it('is failed, with the status the dashboard answered', async () => {
    const config = testConfig({
      upstreams: {
        opsmanager: digestUpstream('opsmanager', 'http://127.0.0.1:9', 'k', 's'),
        cloudmanager: null,
        cloud: null,
      },
    });
    const access = testAccess(config);
    const dead = await startHarness(config, { access });
    const res = await dead.app.inject({ method: 'DELETE', url: removeLink, headers: CSRF });
    await dead.close();
    expect(res.statusCode).toBe(502);
    const { entries } = await access.audit.recent({});
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      outcome: 'failed',
      status: 502,
      upstreamStatus: null,
      code: 'UPSTREAM_UNREACHABLE',
    });
  });
});
