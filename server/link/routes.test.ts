// Generate and connect through the whole proxy in front of the simulated upstream: its two steps
// audited, the failure in the middle (the token exists, the answer says so, deleting it works and
// is recorded), refusals (role, CSRF, sign-in, body) before anything is sent, and the link-token
// never in an answer, a log line, an audit record or a database row. Also the ledger of the manual
// path (Generate, Connect with a pasted token, Delete) as the proxy records it from its answers.
import { getTableName, sql } from 'drizzle-orm';
import { FIXTURE_IDS } from '../../mocks/db/fixtures';
import { linkTokensOf } from '../../mocks/db/cloud';
import type { AuditEntry } from '#contract/audit-contract';
import {
  LINK_ENDPOINTS,
  linkFailureSchema,
  linkResultSchema,
  linkTokenLedgerSchema,
  linkedToSchema,
  type LinkRequest,
} from '#contract/link-contract';
import { CSRF_HEADER, CSRF_VALUE, proxyErrorSchema } from '#contract/proxy-contract';
import { proxyUrl, routes } from '#contract/route-table';
import type { Access } from '../access/access';
import { parseEnv } from '../env';
import type { Store } from '../store/connect';
import { getFleetOrg } from '../store/fleet';
import { TABLES } from '../store/schema';
import { openTestStore, truncateAll } from '../testing/engines';
import { testAccess, testConfig } from '../testing/harness';
import { ManualClock } from '../testing/manual-clock';
import { findKeyLeaks, startSimHarness, type SimHarness } from '../testing/sim-harness';
import { fingerprintOf } from './fingerprint';
import { TEST_PROXY_ORIGIN, proxyRequest } from '../../mocks/handlers/test-helpers';

const USER_HEADER = 'x-test-user';
const OPERATOR = { [USER_HEADER]: 'olga' };
const VIEWER = { [USER_HEADER]: 'vera' };
const JSON_CSRF = { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_VALUE };
const F = FIXTURE_IDS;

let store: Store;
let access: Access;
let h: SimHarness;
const clock = new ManualClock();

beforeAll(async () => {
  store = await openTestStore();
  const auth = parseEnv({
    TRUST_USER_HEADER: USER_HEADER,
    TRUSTED_PROXIES: '127.0.0.1',
    TRUSTED_OPERATORS: 'olga',
  }).auth;
  access = testAccess(testConfig({ auth }));
  h = await startSimHarness(
    { auth },
    { access, fleet: { store, sweepIntervalMs: 300_000, clock } },
  );
}, 60_000);
afterAll(async () => {
  await h.close();
  await store.close();
});
let auditSeen = 0;
beforeEach(async () => {
  await h.resetSim();
  await truncateAll(store);
  auditSeen = (await access.audit.recent({ limit: '500' })).entries.length;
});

function link(body: unknown, headers: Record<string, string> = { ...OPERATOR, ...JSON_CSRF }) {
  return h.call('POST', LINK_ENDPOINTS.link, { headers, body: JSON.stringify(body) });
}

/** The audit records of this test, oldest first. */
async function auditLines(): Promise<AuditEntry[]> {
  return (await access.audit.recent({ limit: '500' })).entries.reverse().slice(auditSeen);
}

/** Every row of every table of the store, as text. */
async function databaseText(): Promise<string> {
  const parts: string[] = [];
  for (const t of TABLES) {
    const result = await store.db.execute(sql.raw(`SELECT * FROM ${getTableName(t)}`));
    parts.push(JSON.stringify((result as unknown as { rows: unknown[] }).rows));
  }
  return parts.join('\n');
}

/** The one link-token the fake Atlas holds for an org (issued during the test). */
function issuedToken(atlasOrgId: string): string {
  const tokens = linkTokensOf(atlasOrgId);
  expect(tokens).toHaveLength(1);
  return tokens[0]?.token ?? '';
}

async function expectTokenNowhere(token: string) {
  expect(token.length).toBeGreaterThan(16);
  expect(h.answers.filter((a) => a.includes(token))).toEqual([]);
  expect(h.logs.filter((l) => l.includes(token))).toEqual([]);
  expect(JSON.stringify(await auditLines())).not.toContain(token);
  expect(await databaseText()).not.toContain(token);
  expect(findKeyLeaks(h)).toEqual([]);
}

describe('Generate and connect', () => {
  it('links an Ops Manager org: two audited steps, a ledger entry, the fleet told; no token anywhere', async () => {
    const atlasOrgId = F.cloudOrgsWithoutToken[0] ?? '';
    const sourceOrgId = F.opsOrgsUnlinked[0] ?? '';
    const res = await link({
      source: 'opsmanager',
      sourceOrgId,
      atlasOrgId,
      accessListIps: ['203.0.113.7', '10.0.0.0/8'],
    } satisfies LinkRequest);
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const result = linkResultSchema.parse(res.json);
    const token = issuedToken(atlasOrgId);
    expect(result).toMatchObject({
      source: 'opsmanager',
      sourceOrgId,
      atlasOrgId,
      status: 'NOT_SYNCED',
      token: {
        atlasOrgId,
        fingerprint: fingerprintOf(token),
        accessListIps: ['203.0.113.7', '10.0.0.0/8'],
        generatedBy: 'olga',
        via: 'link',
        deletedAt: null,
        connections: [
          { source: 'opsmanager', orgId: sourceOrgId, connectedBy: 'olga', via: 'link' },
        ],
      },
    });
    // The fake Atlas made the token with that access list, and the source org is linked.
    expect(linkTokensOf(atlasOrgId)[0]?.accessListIps).toEqual(['203.0.113.7', '10.0.0.0/8']);
    const status = await h.call('GET', proxyUrl(routes.getLinkStatus, { orgId: sourceOrgId }), {
      headers: OPERATOR,
    });
    expect(status.status).toBe(200);

    // Audited: the action's attempt, each step's attempt and outcome, the action's outcome.
    const lines = await auditLines();
    expect(lines.map((l) => [l.operation, l.orgId, l.outcome, l.status, l.user])).toEqual([
      ['createLinkToken', atlasOrgId, 'success', 201, 'olga'],
      ['connectOrg', sourceOrgId, 'success', 201, 'olga'],
      ['linkOrg', undefined, 'success', 201, 'olga'],
    ]);
    // The fleet saw the connect's status (a mutation).
    expect(await getFleetOrg(store.db, 'opsmanager', sourceOrgId)).toMatchObject({
      linkStatus: 'NOT_SYNCED',
    });
    await expectTokenNowhere(token);
  });

  it('links a Cloud Manager org the same way, through its own connect operation', async () => {
    const atlasOrgId = F.cloudOrgsWithoutToken[1] ?? '';
    const sourceOrgId = F.cmOrgsUnlinked[0] ?? '';
    const res = await link({ source: 'cloudmanager', sourceOrgId, atlasOrgId });
    expect(res.status).toBe(201);
    expect(linkResultSchema.parse(res.json).token?.accessListIps).toEqual([]);
    expect((await auditLines()).map((l) => [l.operation, l.orgId, l.outcome])).toEqual([
      ['createLinkToken', atlasOrgId, 'success'],
      ['connectCloudManagerOrg', sourceOrgId, 'success'],
      ['linkOrg', undefined, 'success'],
    ]);
    expect(h.sim.stats.byOperation.connectCloudManagerOrg).toBe(1);
    expect(h.sim.stats.byOperation.connectOrg).toBeUndefined();
    expect((await getFleetOrg(store.db, 'cloudmanager', sourceOrgId))?.linkStatus).toBe(
      'NOT_SYNCED',
    );

    // What the org page reads: linked to that Atlas org, by olga, through the console.
    const linked = await h.call(
      'GET',
      `${LINK_ENDPOINTS.linkedTo}?source=cloudmanager&orgId=${sourceOrgId}`,
      { headers: VIEWER },
    );
    expect(linked.status).toBe(200);
    expect(linkedToSchema.parse(linked.json)).toMatchObject({
      status: 'NOT_SYNCED',
      connection: { connectedBy: 'olga', via: 'link', token: { atlasOrgId } },
    });
    await expectTokenNowhere(issuedToken(atlasOrgId));
  });

  it('connect refused after the token was made: says so, keeps the ledger entry; deleting it works', async () => {
    const atlasOrgId = F.cloudOrgsWithoutToken[2] ?? '';
    const sourceOrgId = F.opsOrgsUnlinked[1] ?? '';
    const res = await link(
      { source: 'opsmanager', sourceOrgId, atlasOrgId },
      { ...OPERATOR, ...JSON_CSRF, 'x-mock-scenario': 'connect-forbidden' },
    );
    expect(res.status).toBe(403);
    const failure = linkFailureSchema.parse(res.json);
    const token = issuedToken(atlasOrgId);
    expect(failure).toMatchObject({
      source: 'link',
      step: 'connect',
      upstream: 'opsmanager',
      upstreamStatus: 403,
      code: 'USER_UNAUTHORIZED',
      tokenCreated: 'yes',
      atlasOrgId,
      token: { fingerprint: fingerprintOf(token), connections: [], deletedAt: null },
    });
    expect(failure.detail).toMatch(/Organization Owner/);
    expect((await auditLines()).map((l) => [l.operation, l.outcome, l.upstreamStatus])).toEqual([
      ['createLinkToken', 'success', 201],
      ['connectOrg', 'upstream_error', 403],
      ['linkOrg', 'upstream_error', 403],
    ]);

    // Delete the new link-token (the existing route): Atlas has none left; the ledger says by whom.
    const del = await h.call('DELETE', proxyUrl(routes.deleteLinkToken, { orgId: atlasOrgId }), {
      headers: { ...OPERATOR, [CSRF_HEADER]: CSRF_VALUE },
    });
    expect(del.status).toBe(204);
    expect(linkTokensOf(atlasOrgId)).toEqual([]);
    const ledger = await h.call('GET', `${LINK_ENDPOINTS.linkTokens}?atlasOrgId=${atlasOrgId}`, {
      headers: VIEWER,
    });
    expect(linkTokenLedgerSchema.parse(ledger.json).entries).toMatchObject([
      { fingerprint: fingerprintOf(token), deletedBy: 'olga' },
    ]);
    await expectTokenNowhere(token);
  });

  it('a refused generate: nothing is connected, no ledger entry, the upstream’s words', async () => {
    const res = await link({
      source: 'opsmanager',
      sourceOrgId: F.opsOrgsUnlinked[2] ?? '',
      atlasOrgId: F.cloudOrgUnknown,
    });
    expect(res.status).toBe(404);
    expect(linkFailureSchema.parse(res.json)).toMatchObject({
      step: 'createLinkToken',
      upstream: 'cloud',
      upstreamStatus: 404,
      tokenCreated: 'no',
      token: null,
    });
    expect(h.sim.stats.byOperation.connectOrg).toBeUndefined();
    expect((await auditLines()).map((l) => [l.operation, l.outcome])).toEqual([
      ['createLinkToken', 'upstream_error'],
      ['linkOrg', 'upstream_error'],
    ]);
    expect(await databaseText()).not.toMatch(/"fingerprint"/);
  });

  it('refuses a viewer, a request without the CSRF header and a stranger before anything is sent', async () => {
    const body = {
      source: 'opsmanager',
      sourceOrgId: F.opsOrgsUnlinked[3] ?? '',
      atlasOrgId: F.cloudOrgsWithoutToken[3] ?? '',
    };
    const viewer = await link(body, { ...VIEWER, ...JSON_CSRF });
    expect(viewer.status).toBe(403);
    expect(proxyErrorSchema.parse(viewer.json).code).toBe('ROLE_REQUIRED');
    const noCsrf = await link(body, { ...OPERATOR, 'content-type': 'application/json' });
    expect(noCsrf.status).toBe(403);
    expect(proxyErrorSchema.parse(noCsrf.json).code).toBe('CSRF_REJECTED');
    const stranger = await link(body, JSON_CSRF);
    expect(stranger.status).toBe(401);
    expect(proxyErrorSchema.parse(stranger.json).code).toBe('NOT_SIGNED_IN');
    expect(h.sim.stats.byOperation).toEqual({});
    expect((await auditLines()).map((l) => [l.operation, l.outcome, l.user])).toEqual([
      ['linkOrg', 'refused', 'vera'],
      ['linkOrg', 'refused', 'olga'],
      ['linkOrg', 'refused', null],
    ]);
  });

  it.each([
    ['an unknown source', { source: 'atlas' }, 'source'],
    ['a malformed source org ID', { sourceOrgId: 'ABC' }, 'sourceOrgId'],
    ['a bad access list entry', { accessListIps: ['10.0.0.300'] }, 'accessListIps'],
    ['an unknown field', { linkToken: 'eyJhYmMiOiJkZWYifQ' }, 'linkToken'],
  ])('refuses %s with the field named, sending nothing', async (_name, patch, field) => {
    const res = await link({
      source: 'opsmanager',
      sourceOrgId: F.opsOrgsUnlinked[3] ?? '',
      atlasOrgId: F.cloudOrgsWithoutToken[3] ?? '',
      ...patch,
    });
    expect(res.status).toBe(400);
    const e = proxyErrorSchema.parse(res.json);
    expect(e.code).toBe('REQUEST_REFUSED');
    expect(e.detail).toMatch(/^Invalid body: /);
    expect(e.detail).toContain(field);
    expect(h.sim.stats.byOperation).toEqual({});
  });
});

describe('the ledger of the manual path', () => {
  it('records a Generate from the proxy’s answer, matches a Connect by fingerprint, marks a Delete', async () => {
    const atlasOrgId = F.cloudOrgsWithoutToken[4] ?? '';
    const sourceOrgId = F.opsOrgsUnlinked[4] ?? '';
    const gen = await h.call('POST', proxyUrl(routes.createLinkToken, { orgId: atlasOrgId }), {
      headers: { ...OPERATOR, ...JSON_CSRF },
      body: JSON.stringify({ accessListIps: ['198.51.100.0/24'] }),
    });
    expect(gen.status).toBe(201);
    const token = (gen.json as { linkToken: string }).linkToken;
    // A second Generate: Atlas keeps both (one org may hold several link-tokens).
    await h.call('POST', proxyUrl(routes.createLinkToken, { orgId: atlasOrgId }), {
      headers: { ...OPERATOR, ...JSON_CSRF },
      body: '{}',
    });
    const connect = await h.call('POST', proxyUrl(routes.connectOrg, { orgId: sourceOrgId }), {
      headers: { ...OPERATOR, ...JSON_CSRF },
      body: JSON.stringify({ linkToken: token }),
    });
    expect(connect.status).toBe(201);

    const read = async () =>
      linkTokenLedgerSchema.parse(
        (
          await h.call('GET', `${LINK_ENDPOINTS.linkTokens}?atlasOrgId=${atlasOrgId}`, {
            headers: VIEWER,
          })
        ).json,
      ).entries;
    const entries = await read();
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({
      fingerprint: fingerprintOf(token),
      accessListIps: ['198.51.100.0/24'],
      generatedBy: 'olga',
      via: 'generate',
      connections: [{ source: 'opsmanager', orgId: sourceOrgId, via: 'connect' }],
    });
    expect(entries[0]?.connections).toEqual([]);

    // A pasted token the console did not make: a connection without a ledger entry.
    const other = F.opsOrgsUnlinked[5] ?? '';
    await h.call('POST', proxyUrl(routes.connectOrg, { orgId: other }), {
      headers: { ...OPERATOR, ...JSON_CSRF },
      body: JSON.stringify({ linkToken: 'eyJ2IjoxLCJvcmdJZCI6ImFhYWFhYWFhYWFhYSJ9' }),
    });
    const linked = linkedToSchema.parse(
      (
        await h.call('GET', `${LINK_ENDPOINTS.linkedTo}?source=opsmanager&orgId=${other}`, {
          headers: VIEWER,
        })
      ).json,
    );
    expect(linked.connection).toMatchObject({ connectedBy: 'olga', via: 'connect', token: null });

    // Delete: both entries are gone (Atlas deletes all of an org's link-tokens); again: 404.
    const headers = { ...OPERATOR, [CSRF_HEADER]: CSRF_VALUE };
    const url = proxyUrl(routes.deleteLinkToken, { orgId: atlasOrgId });
    expect((await h.call('DELETE', url, { headers })).status).toBe(204);
    expect((await read()).map((e) => e.deletedBy)).toEqual(['olga', 'olga']);
    expect((await h.call('DELETE', url, { headers })).status).toBe(404);
    expect((await read()).map((e) => e.deletedBy)).toEqual(['olga', 'olga']);

    // The generate answer carries the token (the one place it may); nothing else does.
    const elsewhere = h.answers.filter(
      (a) =>
        a.includes(token) &&
        !a.startsWith(`POST ${proxyUrl(routes.createLinkToken, { orgId: atlasOrgId })} 201`),
    );
    expect(elsewhere).toEqual([]);
    expect(h.logs.filter((l) => l.includes(token))).toEqual([]);
    expect(await databaseText()).not.toContain(token);
  });

  it('reads need a signed-in user and well-formed IDs', async () => {
    const stranger = await h.call(
      'GET',
      `${LINK_ENDPOINTS.linkTokens}?atlasOrgId=${F.cloudOrgWithToken}`,
    );
    expect(stranger.status).toBe(401);
    const bad = await h.call('GET', `${LINK_ENDPOINTS.linkTokens}?atlasOrgId=nope`, {
      headers: VIEWER,
    });
    expect(bad.status).toBe(400);
    expect(proxyErrorSchema.parse(bad.json).detail).toMatch(/^Invalid query: atlasOrgId/);
    const badSource = await h.call(
      'GET',
      `${LINK_ENDPOINTS.linkedTo}?source=cloud&orgId=${F.opsOrgSynced}`,
      { headers: VIEWER },
    );
    expect(badSource.status).toBe(400);
    const none = linkedToSchema.parse(
      (
        await h.call(
          'GET',
          `${LINK_ENDPOINTS.linkedTo}?source=opsmanager&orgId=${F.opsOrgSynced}`,
          {
            headers: VIEWER,
          },
        )
      ).json,
    );
    expect(none).toEqual({
      source: 'opsmanager',
      orgId: F.opsOrgSynced,
      status: null,
      statusSince: null,
      connection: null,
    });
  });
});

describe('the browser fakes refuse Generate and connect as the proxy does', () => {
  it.each([
    ['a bad body', { source: 'atlas', sourceOrgId: 'x', atlasOrgId: F.cloudOrgWithToken }],
    [
      'an unknown field',
      {
        source: 'opsmanager',
        sourceOrgId: F.opsOrgSynced,
        atlasOrgId: F.cloudOrgWithToken,
        extra: 1,
      },
    ],
    [
      'a bad access list',
      {
        source: 'opsmanager',
        sourceOrgId: F.opsOrgSynced,
        atlasOrgId: F.cloudOrgWithToken,
        accessListIps: ['1.2.3'],
      },
    ],
  ])('%s', async (_name, body) => {
    const real = await link(body);
    const fake = await proxyRequest(
      new Request(TEST_PROXY_ORIGIN + LINK_ENDPOINTS.link, {
        method: 'POST',
        headers: JSON_CSRF,
        body: JSON.stringify(body),
      }),
    );
    expect(real.status).toBe(400);
    const pick = (j: unknown) => {
      const { source, error, code, detail } = j as Record<string, unknown>;
      return { source, error, code, detail };
    };
    expect({ status: fake.status, ...pick(fake.json) }).toEqual({
      status: real.status,
      ...pick(real.json),
    });
  });
});
