// The upstream fakes, in-process: state changes, pagination, envelope, pretty, errors, checks.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { operationIds, routes } from '#contract/route-table';
import {
  connectedOrgPageSchema,
  federationSettingsSchema,
  linkTokenSchema,
  orgPageSchema,
  upstreamErrorSchema,
} from '#contract/schemas';
import { FIXTURE_IDS as F, SAMPLE_LINK_TOKENS } from '../db/fixtures';
import { configureStore } from '../db/store';
import { resetMocks } from '../node';
import { callUpstream, successCall, TEST_OPSMANAGER_BASE, type CallResult } from './test-helpers';

beforeEach(() => resetMocks());
afterEach(() => vi.useRealTimers());

const NO_LINK = {
  detail: 'Could not find the requested external organization link.',
  error: 404,
  errorCode: 'UNEXPECTED_ERROR',
  parameters: null,
  reason: 'Not Found',
};

/** Every error carries the upstream shape and its code in X-Error-Code. */
function expectError(res: CallResult, status: number, errorCode: string) {
  expect(res.status).toBe(status);
  const body = upstreamErrorSchema.parse(res.json);
  expect(body).toMatchObject({ error: status, errorCode, parameters: null });
  expect(typeof body.detail).toBe('string');
  expect(res.headers.get('x-error-code')).toBe(errorCode);
  return body;
}

const status = (orgId: string) => callUpstream('getLinkStatus', { params: { orgId } });
const connect = (orgId: string, linkToken: string) =>
  callUpstream('connectOrg', { params: { orgId }, body: { linkToken } });

describe('Ops Manager orgs', () => {
  it('lists the seeded orgs on one default page, each with a self link', async () => {
    const res = await callUpstream('listOrgs');
    expect(res.status).toBe(200);
    const page = orgPageSchema.parse(res.json);
    expect(page.totalCount).toBeGreaterThanOrEqual(40);
    expect(page.results).toHaveLength(page.totalCount);
    expect(page.links).toEqual([
      {
        href: `${TEST_OPSMANAGER_BASE}${routes.listOrgs.path}?pageNum=1&itemsPerPage=100`,
        rel: 'self',
      },
    ]);
    const first = page.results[0];
    expect(first?.links?.[0]?.href).toBe(
      `${TEST_OPSMANAGER_BASE}${routes.listOrgs.path}/${first?.id}`,
    );
    expect(new Set(page.results.map((o) => o.id)).size).toBe(page.totalCount);
  });

  it('pages with pageNum/itemsPerPage and next/previous links', async () => {
    const all = orgPageSchema.parse((await callUpstream('listOrgs')).json);
    const res = await callUpstream('listOrgs', { query: { pageNum: 2, itemsPerPage: 10 } });
    const page = orgPageSchema.parse(res.json);
    expect(page.results.map((o) => o.id)).toEqual(all.results.slice(10, 20).map((o) => o.id));
    expect(page.links?.map((l) => l.rel)).toEqual(['self', 'next', 'previous']);
    expect(page.links?.[1]?.href).toContain('pageNum=3&itemsPerPage=10');
    expect(page.links?.[2]?.href).toContain('pageNum=1&itemsPerPage=10');

    const lastPage = Math.ceil(all.totalCount / 10);
    const last = orgPageSchema.parse(
      (await callUpstream('listOrgs', { query: { pageNum: lastPage, itemsPerPage: 10 } })).json,
    );
    expect(last.results).toHaveLength(all.totalCount - (lastPage - 1) * 10);
    expect(last.links?.map((l) => l.rel)).toEqual(['self', 'previous']);

    const beyond = orgPageSchema.parse(
      (await callUpstream('listOrgs', { query: { pageNum: lastPage + 1, itemsPerPage: 10 } })).json,
    );
    expect(beyond.results).toEqual([]);
    expect(beyond.totalCount).toBe(all.totalCount);
  });

  it('caps itemsPerPage at 500 and refuses bad paging values', async () => {
    expect((await callUpstream('listOrgs', { query: { itemsPerPage: 500 } })).status).toBe(200);
    expectError(
      await callUpstream('listOrgs', { query: { itemsPerPage: 501 } }),
      400,
      'INVALID_QUERY_PARAMETER',
    );
    expectError(
      await callUpstream('listOrgs', { query: { pageNum: 0 } }),
      400,
      'INVALID_QUERY_PARAMETER',
    );
    expectError(
      await callUpstream('listOrgs', { query: { itemsPerPage: 'ten' } }),
      400,
      'INVALID_QUERY_PARAMETER',
    );
  });

  it('reads one org, and 404 ORG_NOT_FOUND for an unknown one', async () => {
    const res = await callUpstream('getOrg', { params: { orgId: F.opsOrgSynced } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: F.opsOrgSynced, isDeleted: false });
    const missing = expectError(
      await callUpstream('getOrg', { params: { orgId: F.opsOrgUnknown } }),
      404,
      'ORG_NOT_FOUND',
    );
    expect(missing.reason).toBe('Not Found');
  });
});

describe('link lifecycle', () => {
  it('seeded fixtures read SYNCED, NOT_SYNCED and not linked', async () => {
    expect((await status(F.opsOrgSynced)).json).toEqual({ status: 'SYNCED' });
    expect((await status(F.opsOrgNotSynced)).json).toEqual({ status: 'NOT_SYNCED' });
    const unlinked = await status(F.opsOrgUnlinked);
    expect(unlinked.status).toBe(404);
    expect(unlinked.json).toEqual(NO_LINK);
    expect(unlinked.headers.get('x-error-code')).toBe('UNEXPECTED_ERROR');
  });

  it('connect → 201 NOT_SYNCED → SYNCED once linkSyncDelayMs has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-03-01T10:00:00Z'));
    const orgId = F.opsOrgsUnlinked[0] ?? '';
    const res = await connect(orgId, SAMPLE_LINK_TOKENS.valid);
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ status: 'NOT_SYNCED' });
    vi.setSystemTime(Date.now() + 5999);
    expect((await status(orgId)).json).toEqual({ status: 'NOT_SYNCED' });
    vi.setSystemTime(Date.now() + 1);
    expect((await status(orgId)).json).toEqual({ status: 'SYNCED' });
  });

  it('honours a configured linkSyncDelayMs (0 = SYNCED at once)', async () => {
    configureStore({ linkSyncDelayMs: 0 });
    const res = await connect(F.opsOrgsUnlinked[1] ?? '', SAMPLE_LINK_TOKENS.valid);
    expect(res.json).toEqual({ status: 'SYNCED' });
    expect(() => configureStore({ linkSyncDelayMs: -1 })).toThrow();
  });

  it('remove → 204, then status and a second remove are 404', async () => {
    const orgId = F.opsOrgsSynced[0] ?? '';
    const removed = await callUpstream('removeLink', { params: { orgId } });
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    expect((await status(orgId)).json).toEqual(NO_LINK);
    const again = await callUpstream('removeLink', { params: { orgId } });
    expect(again.status).toBe(404);
    expect(again.json).toEqual(NO_LINK);
  });

  it('refuses to connect an org that is already linked (409)', async () => {
    expectError(await connect(F.opsOrgSynced, SAMPLE_LINK_TOKENS.valid), 409, 'ORG_ALREADY_LINKED');
    expectError(await connect(F.opsOrgUnknown, SAMPLE_LINK_TOKENS.valid), 404, 'ORG_NOT_FOUND');
  });

  it('validates the link-token: expired, not base64, too short, unknown keys, bad JSON', async () => {
    const orgId = F.opsOrgUnlinked;
    expectError(await connect(orgId, SAMPLE_LINK_TOKENS.expired), 400, 'LINK_TOKEN_EXPIRED');
    expectError(await connect(orgId, SAMPLE_LINK_TOKENS.notBase64), 400, 'INVALID_LINK_TOKEN');
    const short = expectError(
      await connect(orgId, SAMPLE_LINK_TOKENS.tooShort),
      400,
      'VALIDATION_ERROR',
    );
    expect(short.badRequestDetail?.fields).toEqual([
      { field: 'linkToken', description: expect.stringContaining('shorter') },
    ]);
    const spaced = expectError(
      await connect(orgId, 'abcdefgh ijklmnopqrstu'),
      400,
      'VALIDATION_ERROR',
    );
    expect(spaced.badRequestDetail?.fields?.[0]?.field).toBe('linkToken');
    const extra = await callUpstream('connectOrg', {
      params: { orgId },
      body: { linkToken: SAMPLE_LINK_TOKENS.valid, note: 'x' },
    });
    expect(expectError(extra, 400, 'VALIDATION_ERROR').badRequestDetail?.fields).toEqual([
      { field: 'note', description: 'is not a known attribute' },
    ]);
    const missing = await callUpstream('connectOrg', { params: { orgId }, body: {} });
    expect(expectError(missing, 400, 'VALIDATION_ERROR').badRequestDetail?.fields?.[0]?.field).toBe(
      'linkToken',
    );
    expectError(
      await callUpstream('connectOrg', { params: { orgId }, body: '{"linkToken":' }),
      400,
      'MALFORMED_JSON',
    );
    // Nothing above connected it.
    expect((await status(orgId)).status).toBe(404);
  });

  it('connects with a token the fake generated, and refuses it once deleted', async () => {
    const cloudOrg = F.cloudOrgsWithoutToken[0] ?? '';
    const created = await callUpstream('createLinkToken', {
      params: { orgId: cloudOrg },
      body: {},
    });
    const { linkToken } = linkTokenSchema.parse(created.json);
    const [a, b] = F.opsOrgsUnlinked.slice(2, 4);
    expect((await connect(a ?? '', linkToken)).status).toBe(201);
    expect((await callUpstream('deleteLinkToken', { params: { orgId: cloudOrg } })).status).toBe(
      204,
    );
    expectError(await connect(b ?? '', linkToken), 400, 'INVALID_LINK_TOKEN');
  });
});

describe('link-tokens', () => {
  it('create → 201 with a token; delete → 204; delete again → the observed 404', async () => {
    const orgId = F.cloudOrgWithoutToken;
    expect((await callUpstream('deleteLinkToken', { params: { orgId } })).json).toEqual(NO_LINK);
    const created = await callUpstream('createLinkToken', {
      params: { orgId },
      body: { accessListIps: ['203.0.113.7', '10.0.0.0/8', '2001:db8::/32'] },
    });
    expect(created.status).toBe(201);
    const token = linkTokenSchema.parse(created.json).linkToken;
    expect(token.length).toBeGreaterThan(100);
    expect(token).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(JSON.parse(atob(token))).toMatchObject({
      orgId,
      accessListIps: ['203.0.113.7', '10.0.0.0/8', '2001:db8::/32'],
    });

    const second = await callUpstream('createLinkToken', { params: { orgId }, body: {} });
    expect(linkTokenSchema.parse(second.json).linkToken).not.toBe(token);

    const deleted = await callUpstream('deleteLinkToken', { params: { orgId } });
    expect(deleted.status).toBe(204);
    const again = await callUpstream('deleteLinkToken', { params: { orgId } });
    expect(again.status).toBe(404);
    expect(again.json).toEqual(NO_LINK);
  });

  it('deletes a seeded link-token', async () => {
    expect(
      (await callUpstream('deleteLinkToken', { params: { orgId: F.cloudOrgWithToken } })).status,
    ).toBe(204);
  });

  it('validates accessListIps and names the bad entry', async () => {
    const res = await callUpstream('createLinkToken', {
      params: { orgId: F.cloudOrgWithoutToken },
      body: { accessListIps: ['10.0.0.1', '999.1.1.1'] },
    });
    const body = expectError(res, 400, 'VALIDATION_ERROR');
    expect(body.badRequestDetail?.fields?.[0]?.field).toBe('accessListIps.1');
    expectError(
      await callUpstream('createLinkToken', { params: { orgId: F.cloudOrgUnknown }, body: {} }),
      404,
      'ORG_NOT_FOUND',
    );
  });
});

describe('federations', () => {
  const list = (federationId: string, query?: Record<string, number>) =>
    callUpstream('listConnectedOrgs', { params: { federationId }, query });
  const remove = (federationId: string, orgId: string) =>
    callUpstream('removeConnectedOrg', { params: { federationId, orgId } });

  it('has federations of 1, 2 and 5+ connected orgs with realistic configs', async () => {
    const single = connectedOrgPageSchema.parse((await list(F.federationSingle)).json);
    const pair = connectedOrgPageSchema.parse((await list(F.federationPair)).json);
    const large = connectedOrgPageSchema.parse((await list(F.federationLarge)).json);
    expect([single.totalCount, pair.totalCount]).toEqual([1, 2]);
    expect(large.totalCount).toBeGreaterThanOrEqual(5);
    expect(large.results.map((c) => c.orgId)).toEqual(F.federationLargeOrgs);
    const idps = large.results.map((c) => c.identityProviderId);
    expect(idps).toContain(null);
    expect(idps.some((id) => id?.length === 20)).toBe(true);
    expect(idps.some((id) => id?.length === 24)).toBe(true);
    expect(large.results.some((c) => (c.domainAllowList?.length ?? 0) > 0)).toBe(true);
    expect(large.results.some((c) => (c.roleMappings?.length ?? 0) > 0)).toBe(true);
  });

  it('pages connected orgs', async () => {
    const page = connectedOrgPageSchema.parse(
      (await list(F.federationLarge, { itemsPerPage: 4, pageNum: 2 })).json,
    );
    expect(page.results.map((c) => c.orgId)).toEqual(F.federationLargeOrgs.slice(4, 8));
    expect(page.links?.map((l) => l.rel)).toEqual(['self', 'previous']);
  });

  it("reads an org's federation; 404 for an org in none", async () => {
    const res = await callUpstream('getOrgFederation', {
      params: { orgId: F.cloudOrgInFederation },
    });
    expect(res.status).toBe(200);
    const settings = federationSettingsSchema.parse(res.json);
    expect(settings.id).toBe(F.federationLarge);
    expect(settings.federatedDomains.length).toBeGreaterThan(0);
    expectError(
      await callUpstream('getOrgFederation', { params: { orgId: F.cloudOrgNoFederation } }),
      404,
      'FEDERATION_SETTINGS_NOT_FOUND',
    );
  });

  it('removes a connected org (204), which then has no federation', async () => {
    const orgId = F.federationLargeOrgs[1] ?? '';
    expect((await remove(F.federationLarge, orgId)).status).toBe(204);
    const after = connectedOrgPageSchema.parse((await list(F.federationLarge)).json);
    expect(after.totalCount).toBe(F.federationLargeOrgs.length - 1);
    expect(after.results.map((c) => c.orgId)).not.toContain(orgId);
    expect((await callUpstream('getOrgFederation', { params: { orgId } })).status).toBe(404);
    expectError(await remove(F.federationLarge, orgId), 404, 'CONNECTED_ORG_CONFIG_NOT_FOUND');
  });

  it('refuses to remove the last connected org (400 CANNOT_REMOVE_LAST_CONNECTED_ORG)', async () => {
    const body = expectError(
      await remove(F.federationSingle, F.federationSingleOrg),
      400,
      'CANNOT_REMOVE_LAST_CONNECTED_ORG',
    );
    expect(body.detail).toBe('A federation must keep at least one connected organization.');
    const [a, b] = F.federationPairOrgs;
    expect((await remove(F.federationPair, a ?? '')).status).toBe(204);
    expectError(await remove(F.federationPair, b ?? ''), 400, 'CANNOT_REMOVE_LAST_CONNECTED_ORG');
    expect(connectedOrgPageSchema.parse((await list(F.federationPair)).json).totalCount).toBe(1);
  });

  it('404 for an unknown federation', async () => {
    expectError(await list(F.federationUnknown), 404, 'FEDERATION_SETTINGS_NOT_FOUND');
    expectError(
      await remove(F.federationUnknown, F.cloudOrgInFederation),
      404,
      'FEDERATION_SETTINGS_NOT_FOUND',
    );
  });
});

describe('MongoDB Cloud orgs', () => {
  it('lists 12+ orgs and reads one', async () => {
    const page = orgPageSchema.parse((await callUpstream('listCloudOrgs')).json);
    expect(page.totalCount).toBeGreaterThanOrEqual(12);
    const res = await callUpstream('getCloudOrg', { params: { orgId: F.cloudOrgWithToken } });
    expect(res.json).toMatchObject({ id: F.cloudOrgWithToken });
    expectError(
      await callUpstream('getCloudOrg', { params: { orgId: F.opsOrgSynced } }),
      404,
      'ORG_NOT_FOUND',
    );
  });
});

describe('request checks', () => {
  const opsWithParams = operationIds.filter((op) => routes[op].params.length > 0);

  it.each(opsWithParams)('%s refuses a non 24-hex ID with 400 INVALID_ATTRIBUTE', async (op) => {
    for (const bad of ['123', 'ABCDEFABCDEFABCDEFABCDEF', 'zzzzzzzzzzzzzzzzzzzzzzzz']) {
      const params = Object.fromEntries(routes[op].params.map((p) => [p, F.cloudOrgInFederation]));
      params[routes[op].params[0] ?? ''] = bad;
      const body = expectError(
        await callUpstream(op, { params, body: routes[op].body ? {} : undefined }),
        400,
        'INVALID_ATTRIBUTE',
      );
      expect(body.detail).toContain(routes[op].params[0]);
    }
  });
});

describe('envelope and pretty', () => {
  it('wraps a success in {status, content} with HTTP 200', async () => {
    const res = await callUpstream('connectOrg', {
      params: { orgId: F.opsOrgUnlinked },
      body: { linkToken: SAMPLE_LINK_TOKENS.valid },
      query: { envelope: true },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 201, content: { status: 'NOT_SYNCED' } });
  });

  it('wraps an error, keeping X-Error-Code', async () => {
    const res = await callUpstream('getLinkStatus', {
      params: { orgId: F.opsOrgUnlinked },
      query: { envelope: true },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 404, content: NO_LINK });
    expect(res.headers.get('x-error-code')).toBe('UNEXPECTED_ERROR');
  });

  it('wraps a 204 as content null', async () => {
    const res = await callUpstream('removeLink', {
      params: { orgId: F.opsOrgSynced },
      query: { envelope: 'true' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 204, content: null });
  });

  it('pretty=true pretty-prints the same data', async () => {
    const plain = await callUpstream('getOrg', { params: { orgId: F.opsOrgSynced } });
    const pretty = await callUpstream('getOrg', {
      params: { orgId: F.opsOrgSynced },
      query: { pretty: true },
    });
    expect(plain.text).not.toContain('\n');
    expect(pretty.text).toContain('\n  "id": ');
    expect(pretty.json).toEqual(plain.json);
    expect(pretty.headers.get('content-type')).toBe('application/json');
  });
});

describe('every success answer matches the route table schema', () => {
  it.each(operationIds)('%s', async (op) => {
    const res = await callUpstream(op, await successCall(op));
    const r = routes[op];
    expect(res.status).toBe(r.successStatus);
    if (r.response === null) expect(res.text).toBe('');
    else expect(r.response.safeParse(res.json).success).toBe(true);
  });
});
