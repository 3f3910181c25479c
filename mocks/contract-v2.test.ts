// Contract test of the second wave: the fakes' answers (success and error) and the requests the
// console sends, validated with ajv against the Atlas Admin API v2 excerpt
// (docs/contract/atlas-admin-api-v2-excerpt.yaml), and every versioned route's version checked
// against the media types the excerpt documents. Patches where FACTS.md wins: applyFactsPatches,
// and the two below.
import type { ValidateFunction } from 'ajv';
import { beforeEach, describe, expect, it } from 'vitest';
import { atlasMediaType, routes, routeSpec, type OperationId } from '#contract/route-table';
import {
  FIXTURE_IDS as F,
  MIGRATION_FIXTURES,
  migrationRequest,
  SAMPLE_MIGRATION_CREDENTIALS,
} from './db/fixtures';
import {
  callUpstream,
  SAMPLE_CALLS,
  successCall,
  type CallInput,
  type CallResult,
} from './handlers/test-helpers';
import { resetMocks } from './node';
import { applyFactsPatches, OpenApiExcerpt, type OpenApiComponents } from './openapi-excerpt';
import { SCENARIO_HEADER } from './scenarios';

/**
 * - FederationIdentityProvider is a `oneOf` of SAML and two OIDC shapes that all lack
 *   `additionalProperties: false` and a discriminator: a SAML provider matches all three and
 *   `oneOf` fails. Checked as `anyOf` (the SAML branch must hold).
 */
function v2Patches(c: OpenApiComponents): void {
  applyFactsPatches(c);
  const idp = c.schemas.FederationIdentityProvider;
  if (!idp?.oneOf) throw new Error('excerpt lacks FederationIdentityProvider.oneOf');
  idp.anyOf = idp.oneOf;
  delete idp.oneOf;
}

const excerpt = new OpenApiExcerpt(
  new URL('../docs/contract/atlas-admin-api-v2-excerpt.yaml', import.meta.url),
  { atlas: v2Patches },
);

/** Excerpt operationId → our operation. Federation paths are /api/public/v1.0 on our side. */
const OPERATION_MAP: Record<string, OperationId> = {
  listOrgLiveMigrationAvailableProjects: 'listAvailableProjects',
  validateGroupLiveMigrations: 'validateMigration',
  getGroupLiveMigrationValidateStatus: 'getMigrationValidation',
  createGroupLiveMigration: 'createMigration',
  getGroupLiveMigration: 'getMigration',
  cutoverGroupLiveMigration: 'cutOverMigration',
  createOrgLiveMigrationLinkToken: 'createLinkToken',
  deleteOrgLiveMigrationLinkTokens: 'deleteLinkToken',
  listFederationSettingIdentityProviders: 'listIdentityProviders',
  deleteFederationSetting: 'deleteFederation',
  getOrgFederationSettings: 'getOrgFederation',
  listFederationSettingConnectedOrgConfigs: 'listConnectedOrgs',
  removeFederationSettingConnectedOrgConfig: 'removeConnectedOrg',
};

const M = MIGRATION_FIXTURES.cloudManager;
const shape = (p: string) =>
  p.replace(/^\/api\/(atlas|public)\/v[\d.]+/, '').replace(/\{\w+\}/g, '{}');

/** Answers of the fakes for each operation, beyond the success: the errors they send. */
const ERRORS: Partial<Record<OperationId, { label: string; input: () => CallInput }[]>> = {
  listAvailableProjects: [
    { label: 'unknown org', input: () => ({ params: { orgId: F.cloudOrgUnknown } }) },
  ],
  validateMigration: [
    {
      label: 'unknown project',
      input: () => ({ params: { groupId: F.opsOrgUnknown }, body: migrationRequest(M) }),
    },
    {
      label: 'bad body',
      input: () => ({ params: { groupId: M.atlasProjectId }, body: { source: {} } }),
    },
    {
      label: 'unversioned',
      input: () => ({ ...SAMPLE_CALLS.validateMigration, atlas: false }),
    },
  ],
  getMigrationValidation: [
    { label: 'unknown job', input: () => SAMPLE_CALLS.getMigrationValidation },
  ],
  createMigration: [
    {
      label: 'would fail validation',
      input: () => ({
        params: { groupId: M.atlasProjectId },
        body: migrationRequest(M, { destination: { clusterName: M.smallTargetCluster } }),
      }),
    },
    {
      label: 'unknown cluster',
      input: () => ({
        params: { groupId: M.atlasProjectId },
        body: migrationRequest(M, { destination: { clusterName: 'nope' } }),
      }),
    },
  ],
  getMigration: [{ label: 'unknown migration', input: () => SAMPLE_CALLS.getMigration }],
  cutOverMigration: [{ label: 'unknown migration', input: () => SAMPLE_CALLS.cutOverMigration }],
  listIdentityProviders: [
    { label: 'unknown', input: () => ({ params: { federationId: F.federationUnknown } }) },
  ],
  deleteFederation: [
    { label: 'two orgs connected', input: () => ({ params: { federationId: F.federationPair } }) },
    { label: 'unknown', input: () => ({ params: { federationId: F.federationUnknown } }) },
  ],
  deleteLinkToken: [
    { label: 'none to delete', input: () => ({ params: { orgId: F.cloudOrgWithoutToken } }) },
  ],
};

const scenario = (name: string, input: CallInput): CallInput => ({
  ...input,
  headers: { ...input.headers, [SCENARIO_HEADER]: name },
});

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

it('the excerpt holds every mapped operation at the same path and method', () => {
  for (const [excerptId, ours] of Object.entries(OPERATION_MAP)) {
    const { path, method } = excerpt.find(excerptId);
    expect(method, excerptId).toBe(routes[ours].method);
    expect(shape(path), excerptId).toBe(shape(routes[ours].path));
  }
});

it('every versioned route asks for a version the excerpt documents for its success answer', () => {
  for (const [excerptId, ours] of Object.entries(OPERATION_MAP)) {
    const version = routeSpec(ours).version;
    if (version === undefined) continue;
    const { op } = excerpt.find(excerptId);
    const status = String(ours === 'createLinkToken' ? 200 : routes[ours].successStatus);
    expect(excerpt.mediaTypes(op, status), ours).toContain(atlasMediaType(version));
    if (routes[ours].body !== null && ours !== 'createLinkToken') {
      expect(Object.keys(op.requestBody?.content ?? {}), ours).toContain(atlasMediaType(version));
    }
  }
});

describe.each(Object.entries(OPERATION_MAP))('%s (our %s)', (excerptId, ours) => {
  const { op } = excerpt.find(excerptId);
  const documented = (status: number) =>
    // FACTS.md: real servers answer 201 to createLinkToken; the excerpt documents 200.
    ours === 'createLinkToken' && status === 201 ? '200' : String(status);

  it('success', async () => {
    const res = await callUpstream(ours, await successCall(ours));
    expect(res.status, res.text).toBe(routes[ours].successStatus);
    expectValid(excerpt.response(op, documented(res.status), 'atlas'), res);
  });

  const cases = [
    ...(ERRORS[ours] ?? []),
    { label: 'unauthorized', input: () => scenario('unauthorized', SAMPLE_CALLS[ours]) },
    { label: 'forbidden', input: () => scenario('forbidden', SAMPLE_CALLS[ours]) },
    { label: 'rate-limited', input: () => scenario('rate-limited', SAMPLE_CALLS[ours]) },
  ];
  it.each(cases)('$label', async ({ input }) => {
    const res = await callUpstream(ours, input());
    expect(res.status).toBeGreaterThanOrEqual(400);
    // 406 is not documented per operation: it is checked as an ApiError.
    const status = res.status === 406 ? '400' : documented(res.status);
    expect(Object.keys(op.responses), `${res.status} ${res.text}`).toContain(status);
    expectValid(excerpt.response(op, status, 'atlas'), res);
    if (res.status !== 401) {
      expect(res.headers.get('x-error-code')).toBe((res.json as { errorCode: string }).errorCode);
    }
  });
});

describe('what the console sends', () => {
  const body = excerpt.requestBody(
    excerpt.find('createGroupLiveMigration').op,
    atlasMediaType('2024-05-30'),
    'atlas',
  );

  it('a migration request matches LiveMigrationRequest20240530 (and our zod schema)', () => {
    for (const f of Object.values(MIGRATION_FIXTURES)) {
      for (const req of [
        migrationRequest(f),
        migrationRequest(f, {
          source: { managedAuthentication: true, username: null, password: null },
          destination: { hostnameSchemaType: 'PRIVATE_LINK', privateLinkId: 'pl-123' },
          dropDestinationData: true,
        }),
      ]) {
        expect(body(req), JSON.stringify(body.errors)).toBe(true);
        expect(routes.createMigration.body.safeParse(req).success).toBe(true);
      }
    }
  });

  it('our schema refuses what the excerpt refuses', () => {
    const base = migrationRequest(M);
    const bad = [
      { ...base, migrationHosts: [] },
      { ...base, migrationHosts: ['a', 'b'] },
      { ...base, destination: { ...base.destination, hostnameSchemaType: 'CARRIER_PIGEON' } },
      { ...base, source: { ...base.source, groupId: 'not-hex' } },
      { ...base, destination: { ...base.destination, clusterName: '' } },
    ];
    for (const req of bad) {
      expect(body(req), JSON.stringify(req)).toBe(false);
      expect(routes.createMigration.body.safeParse(req).success).toBe(false);
    }
    expect(JSON.stringify(base)).toContain(SAMPLE_MIGRATION_CREDENTIALS.password);
  });
});
