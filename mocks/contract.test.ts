// Contract test: the fakes' real answers, success and error, validated against the response
// schemas of the Atlas Admin API OpenAPI excerpt (docs/contract/atlas-admin-api-excerpt.yaml)
// with ajv. Where the excerpt and contract/FACTS.md disagree, FACTS.md (what real servers send)
// wins; every such patch is listed beside the excerpt below.
import type { ValidateFunction } from 'ajv';
import { beforeEach, describe, expect, it } from 'vitest';
import { routes, type OperationId } from '#contract/route-table';
import { FIXTURE_IDS as F } from './db/fixtures';
import { callUpstream, type CallInput, type CallResult } from './handlers/test-helpers';
import { resetMocks } from './node';
import { applyFactsPatches, OpenApiExcerpt, schemaOf } from './openapi-excerpt';
import { SCENARIO_HEADER } from './scenarios';

/**
 * Where FACTS.md (observed answers) overrides the excerpt: see applyFactsPatches (parameters null,
 * 401 without errorCode, 20/24-hex or null identityProviderId, userConflicts array or null), and:
 * - createLinkToken answers 201, the excerpt documents 200 (checked against the 200 schema).
 * - Ops Manager's own GET /orgs is not in this Atlas excerpt; it is checked against
 *   PaginatedOrganization without the Atlas org name pattern (Ops Manager names have spaces).
 */
const excerpt = new OpenApiExcerpt(
  new URL('../docs/contract/atlas-admin-api-excerpt.yaml', import.meta.url),
  {
    atlas: applyFactsPatches,
    opsmanager: (c) => {
      applyFactsPatches(c);
      delete schemaOf(c, 'AtlasOrganization').properties.name?.pattern;
    },
  },
);
const ajv = excerpt.ajv;
const findOperation = (id: string) => excerpt.find(id);
const responseSchema = (
  op: Parameters<OpenApiExcerpt['response']>[0],
  status: string,
  docId: string,
) => excerpt.response(op, status, docId);

/** Excerpt operationId → our route-table operation (the excerpt uses /api/atlas/v2 paths). */
const OPERATION_MAP: Record<string, OperationId> = {
  createLinkToken: 'createLinkToken',
  deleteLinkTokens: 'deleteLinkToken',
  listConnectedOrgConfigs: 'listConnectedOrgs',
  removeConnectedOrgConfig: 'removeConnectedOrg',
  getFederationSettings: 'getOrgFederation',
  listOrgs: 'listCloudOrgs',
};

const scenario = (name: string, input: CallInput): CallInput => ({
  ...input,
  headers: { [SCENARIO_HEADER]: name },
});

/** Real answers of the fakes for each excerpt operation: successes and every error they send. */
const CASES: Record<string, { label: string; input: () => CallInput }[]> = {
  createLinkToken: [
    {
      label: 'created',
      input: () => ({
        params: { orgId: F.cloudOrgWithoutToken },
        body: { accessListIps: ['192.0.2.1'] },
      }),
    },
    {
      label: 'bad access list',
      input: () => ({ params: { orgId: F.cloudOrgWithoutToken }, body: { accessListIps: ['x'] } }),
    },
    { label: 'bad JSON', input: () => ({ params: { orgId: F.cloudOrgWithoutToken }, body: '{' }) },
    { label: 'bad ID', input: () => ({ params: { orgId: 'XYZ' }, body: {} }) },
    { label: 'unknown org', input: () => ({ params: { orgId: F.cloudOrgUnknown }, body: {} }) },
  ],
  deleteLinkTokens: [
    { label: 'deleted', input: () => ({ params: { orgId: F.cloudOrgWithToken } }) },
    { label: 'none to delete', input: () => ({ params: { orgId: F.cloudOrgWithoutToken } }) },
    { label: 'unknown org', input: () => ({ params: { orgId: F.cloudOrgUnknown } }) },
  ],
  listConnectedOrgConfigs: [
    { label: 'large', input: () => ({ params: { federationId: F.federationLarge } }) },
    {
      label: 'paged',
      input: () => ({
        params: { federationId: F.federationLarge },
        query: { itemsPerPage: 2, pageNum: 2 },
      }),
    },
    { label: 'medium', input: () => ({ params: { federationId: F.federationMedium } }) },
    { label: 'pair', input: () => ({ params: { federationId: F.federationPair } }) },
    { label: 'single', input: () => ({ params: { federationId: F.federationSingle } }) },
    {
      label: 'bad paging',
      input: () => ({ params: { federationId: F.federationLarge }, query: { itemsPerPage: 9999 } }),
    },
    { label: 'unknown', input: () => ({ params: { federationId: F.federationUnknown } }) },
  ],
  removeConnectedOrgConfig: [
    {
      label: 'removed',
      input: () => ({
        params: { federationId: F.federationLarge, orgId: F.federationLargeOrgs[2] ?? '' },
      }),
    },
    {
      label: 'last org',
      input: () => ({ params: { federationId: F.federationSingle, orgId: F.federationSingleOrg } }),
    },
    {
      label: 'not connected',
      input: () => ({ params: { federationId: F.federationLarge, orgId: F.cloudOrgNoFederation } }),
    },
  ],
  getFederationSettings: [
    { label: 'in a federation', input: () => ({ params: { orgId: F.cloudOrgInFederation } }) },
    {
      label: 'inactive IdP',
      input: () => ({ params: { orgId: F.federationMediumOrgs[0] ?? '' } }),
    },
    { label: 'in none', input: () => ({ params: { orgId: F.cloudOrgNoFederation } }) },
  ],
  listOrgs: [
    { label: 'all', input: () => ({}) },
    { label: 'paged', input: () => ({ query: { itemsPerPage: 5, pageNum: 2 } }) },
    { label: 'bad paging', input: () => ({ query: { pageNum: -1 } }) },
  ],
};

// Scenario errors, for every operation (listing orgs is exempt from 403/429 by design).
for (const [excerptId, cases] of Object.entries(CASES)) {
  const valid = cases[0]?.input ?? (() => ({}));
  cases.push({ label: 'unauthorized', input: () => scenario('unauthorized', valid()) });
  if (excerptId !== 'listOrgs') {
    cases.push({ label: 'forbidden', input: () => scenario('forbidden', valid()) });
    cases.push({ label: 'rate-limited', input: () => scenario('rate-limited', valid()) });
  }
}

function expectValid(validate: ValidateFunction | null, res: CallResult) {
  if (validate === null) {
    expect(res.text).toBe('');
    return;
  }
  const valid = validate(res.json);
  expect(validate.errors ?? [], JSON.stringify(res.json)).toEqual([]);
  expect(valid).toBe(true);
}

beforeEach(() => resetMocks());

it('the excerpt holds every operation this test maps, at the same path and method', () => {
  const shape = (p: string) =>
    p.replace(/^\/api\/(atlas|public)\/v[\d.]+/, '').replace(/\{\w+\}/g, '{}');
  for (const [excerptId, ours] of Object.entries(OPERATION_MAP)) {
    const { path, method } = findOperation(excerptId);
    expect(method).toBe(routes[ours].method);
    expect(shape(path)).toBe(shape(routes[ours].path));
  }
});

describe.each(Object.entries(OPERATION_MAP))('%s (our %s)', (excerptId, ours) => {
  const { op } = findOperation(excerptId);
  it.each(CASES[excerptId] ?? [])('$label', async ({ input }) => {
    const res = await callUpstream(ours, input());
    // FACTS.md: real servers answer 201 to createLinkToken; the excerpt documents 200.
    const documented =
      excerptId === 'createLinkToken' && res.status === 201 ? '200' : String(res.status);
    expect(Object.keys(op.responses)).toContain(documented);
    expectValid(responseSchema(op, documented, 'atlas'), res);
    if (res.status >= 400 && res.status !== 401) {
      expect(res.headers.get('x-error-code')).toBe((res.json as { errorCode: string }).errorCode);
    }
  });
});

describe('schemas outside the mapped operations', () => {
  it('Ops Manager GET /orgs matches PaginatedOrganization (names may have spaces)', async () => {
    const validate = ajv.compile({ $ref: 'opsmanager#/components/schemas/PaginatedOrganization' });
    const res = await callUpstream('listOrgs', { query: { itemsPerPage: 500 } });
    expectValid(validate, res);
    // The strict Atlas pattern would refuse them: the patch is needed, not decoration.
    const strict = ajv.compile({ $ref: 'atlas#/components/schemas/PaginatedOrganization' });
    expect(strict(res.json)).toBe(false);
  });

  it('one org (Ops Manager and Cloud) matches AtlasOrganization', async () => {
    expectValid(
      ajv.compile({ $ref: 'opsmanager#/components/schemas/AtlasOrganization' }),
      await callUpstream('getOrg', { params: { orgId: F.opsOrgSynced } }),
    );
    expectValid(
      ajv.compile({ $ref: 'atlas#/components/schemas/AtlasOrganization' }),
      await callUpstream('getCloudOrg', { params: { orgId: F.cloudOrgNoFederation } }),
    );
  });

  it('the validator is not vacuous', () => {
    const validate = responseSchema(findOperation('getFederationSettings').op, '200', 'atlas');
    expect(validate?.({ id: 'nope', federatedDomains: [] })).toBe(false);
    const notFound = responseSchema(findOperation('getFederationSettings').op, '404', 'atlas');
    expect(notFound?.({ error: 404, detail: 'x' })).toBe(false); // errorCode required
  });
});
