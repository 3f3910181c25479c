// The browser fakes of the link endpoints answer as the proxy does (server/link/routes.test.ts
// checks the proxy): Generate and connect over the fake upstreams, its failure in the middle, the
// ledger the manual path feeds, "Linked to".
import { beforeEach, describe, expect, it } from 'vitest';
import {
  LINK_ENDPOINTS,
  linkFailureSchema,
  linkResultSchema,
  linkTokenLedgerSchema,
  linkedToSchema,
} from '#contract/link-contract';
import { CSRF_HEADER, CSRF_VALUE, proxyErrorSchema } from '#contract/proxy-contract';
import { linkTokensOf } from '../db/cloud';
import { FIXTURE_IDS as F } from '../db/fixtures';
import { fingerprintOf } from '../db/link-ledger';
import { resetMocks } from '../node';
import { SCENARIO_HEADER } from '../scenarios';
import { TEST_PROXY_ORIGIN, callProxyOp, proxyRequest } from './test-helpers';

beforeEach(() => resetMocks());

function link(body: unknown, headers: Record<string, string> = {}) {
  return proxyRequest(
    new Request(TEST_PROXY_ORIGIN + LINK_ENDPOINTS.link, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_VALUE, ...headers },
      body: JSON.stringify(body),
    }),
  );
}

const ledger = async (atlasOrgId: string) =>
  linkTokenLedgerSchema.parse(
    (
      await proxyRequest(
        new Request(`${TEST_PROXY_ORIGIN}${LINK_ENDPOINTS.linkTokens}?atlasOrgId=${atlasOrgId}`),
      )
    ).json,
  ).entries;

const linkedTo = async (source: string, orgId: string) =>
  linkedToSchema.parse(
    (
      await proxyRequest(
        new Request(
          `${TEST_PROXY_ORIGIN}${LINK_ENDPOINTS.linkedTo}?source=${source}&orgId=${orgId}`,
        ),
      )
    ).json,
  );

describe('Generate and connect (fake)', () => {
  it('makes the token, connects the Cloud Manager org, records both; the answer has no token', async () => {
    const atlasOrgId = F.cloudOrgsWithoutToken[0] ?? '';
    const sourceOrgId = F.cmOrgsUnlinked[0] ?? '';
    const res = await link({ source: 'cloudmanager', sourceOrgId, atlasOrgId });
    expect(res.status).toBe(201);
    const token = linkTokensOf(atlasOrgId)[0]?.token ?? '';
    expect(res.text).not.toContain(token);
    expect(linkResultSchema.parse(res.json)).toMatchObject({
      status: 'NOT_SYNCED',
      token: {
        fingerprint: await fingerprintOf(token),
        via: 'link',
        connections: [{ source: 'cloudmanager', orgId: sourceOrgId, via: 'link' }],
      },
    });
    expect(await linkedTo('cloudmanager', sourceOrgId)).toMatchObject({
      status: 'NOT_SYNCED',
      connection: { via: 'link', token: { atlasOrgId } },
    });
  });

  it('connect-forbidden: 403 with the token made and recorded; deleting it marks it', async () => {
    const atlasOrgId = F.cloudOrgsWithoutToken[1] ?? '';
    const res = await link(
      { source: 'opsmanager', sourceOrgId: F.opsOrgsUnlinked[0], atlasOrgId },
      { [SCENARIO_HEADER]: 'connect-forbidden' },
    );
    expect(res.status).toBe(403);
    expect(linkFailureSchema.parse(res.json)).toMatchObject({
      step: 'connect',
      upstream: 'opsmanager',
      code: 'USER_UNAUTHORIZED',
      tokenCreated: 'yes',
      token: { atlasOrgId, deletedAt: null },
    });
    expect(linkTokensOf(atlasOrgId)).toHaveLength(1);
    expect((await callProxyOp('deleteLinkToken', { params: { orgId: atlasOrgId } })).status).toBe(
      204,
    );
    expect((await ledger(atlasOrgId)).map((e) => e.deletedBy)).toEqual(['demo']);
  });

  it('refuses a bad body and a missing CSRF header as the proxy does', async () => {
    const bad = await link({ source: 'atlas', sourceOrgId: 'x', atlasOrgId: F.cloudOrgWithToken });
    expect(bad.status).toBe(400);
    expect(proxyErrorSchema.parse(bad.json).detail).toMatch(/^Invalid body: source: .*sourceOrgId/);
    const noCsrf = await proxyRequest(
      new Request(TEST_PROXY_ORIGIN + LINK_ENDPOINTS.link, { method: 'POST', body: '{}' }),
    );
    expect(proxyErrorSchema.parse(noCsrf.json).code).toBe('CSRF_REJECTED');
  });
});

describe('the manual path feeds the fake ledger', () => {
  it('Generate, Connect with that token, Delete', async () => {
    const atlasOrgId = F.cloudOrgsWithoutToken[2] ?? '';
    const sourceOrgId = F.opsOrgsUnlinked[1] ?? '';
    const made = await callProxyOp('createLinkToken', {
      params: { orgId: atlasOrgId },
      body: { accessListIps: ['203.0.113.7'] },
    });
    const token = (made.json as { linkToken: string }).linkToken;
    await callProxyOp('connectOrg', { params: { orgId: sourceOrgId }, body: { linkToken: token } });
    expect(await ledger(atlasOrgId)).toMatchObject([
      {
        fingerprint: await fingerprintOf(token),
        accessListIps: ['203.0.113.7'],
        via: 'generate',
        connections: [{ orgId: sourceOrgId, via: 'connect' }],
      },
    ]);
    await callProxyOp('deleteLinkToken', { params: { orgId: atlasOrgId } });
    expect((await ledger(atlasOrgId))[0]?.deletedBy).toBe('demo');
    // The link it made reads NOT_SYNCED from now on (the token's API key is gone).
    expect((await linkedTo('opsmanager', sourceOrgId)).status).toBe('NOT_SYNCED');
  });
});
