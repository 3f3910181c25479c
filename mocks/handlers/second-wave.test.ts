// The second wave of the fakes (FACTS.md "Second wave"), in-process: Cloud Manager as a source,
// link-tokens across products, Atlas v2 versions, the migration lifecycles, the 409s, identity
// providers and deleting a federation, the rate limit. Time comes from the store's clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atlasMediaType, operationIds, routeSpec, type OperationId } from '#contract/route-table';
import {
  atlasClusterPageSchema,
  atlasProjectPageSchema,
  availableProjectsSchema,
  identityProviderPageSchema,
  liveMigrationSchema,
  migrationValidationSchema,
  orgPageSchema,
  upstreamErrorSchema,
  type LiveMigration,
} from '#contract/schemas';
import { setStoreClock } from '../db/clock';
import {
  FIXTURE_IDS as F,
  MIGRATION_FIXTURES,
  SAMPLE_LINK_TOKENS,
  SAMPLE_MIGRATION_CREDENTIALS as CREDS,
  fixtureName,
  migrationRequest,
  type MigrationFixture,
} from '../db/fixtures';
import { allMigrationRecords, INITIAL_LAG_S, SHORT_WINDOW_MS } from '../db/migrations';
import { configureStore, getStoreConfig } from '../db/store';
import { resetMocks } from '../node';
import { SCENARIO_HEADER, type ScenarioName } from '../scenarios';
import { callProxyOp, callUpstream, SAMPLE_CALLS, type CallResult } from './test-helpers';

const M = MIGRATION_FIXTURES.cloudManager;
const T0 = Date.UTC(2025, 5, 2, 8, 0);
let now = T0;
const at = (ms: number) => {
  now = T0 + ms;
};

beforeEach(() => {
  resetMocks();
  now = T0;
  setStoreClock(() => now);
});
afterEach(() => resetMocks());

function expectError(res: CallResult, status: number, errorCode: string) {
  expect(res.status, res.text).toBe(status);
  const body = upstreamErrorSchema.parse(res.json);
  expect(body).toMatchObject({ error: status, errorCode, parameters: null });
  expect(res.headers.get('x-error-code')).toBe(errorCode);
  return body;
}

describe('Cloud Manager source orgs', () => {
  it('lists seeded orgs whose names no Ops Manager org has', async () => {
    const cm = orgPageSchema.parse((await callUpstream('listCloudManagerOrgs')).json);
    const om = orgPageSchema.parse((await callUpstream('listOrgs')).json);
    expect(cm.totalCount).toBeGreaterThanOrEqual(10);
    const omNames = new Set(om.results.map((o) => o.name));
    expect(cm.results.filter((o) => omNames.has(o.name))).toEqual([]);
    expect(cm.results.map((o) => o.id)).toContain(F.cmOrgUnlinked);
    const one = await callUpstream('getCloudManagerOrg', { params: { orgId: F.cmOrgSynced } });
    expect(one.json).toMatchObject({ id: F.cmOrgSynced, name: fixtureName(F.cmOrgSynced) });
    // Ops Manager does not know a Cloud Manager org.
    expectError(
      await callUpstream('getOrg', { params: { orgId: F.cmOrgSynced } }),
      404,
      'ORG_NOT_FOUND',
    );
  });

  it('seeds linked SYNCED, linked NOT_SYNCED and unlinked orgs', async () => {
    const status = (orgId: string) =>
      callUpstream('getCloudManagerLinkStatus', { params: { orgId } });
    expect((await status(F.cmOrgSynced)).json).toEqual({ status: 'SYNCED' });
    expect((await status(F.cmOrgNotSynced)).json).toEqual({ status: 'NOT_SYNCED' });
    expectError(await status(F.cmOrgUnlinked), 404, 'UNEXPECTED_ERROR');
    expect(F.cmOrgsUnlinked.length).toBeGreaterThanOrEqual(3);
  });

  it('has the Ops Manager link state machine: NOT_SYNCED, SYNCED after the delay, removed', async () => {
    const orgId = F.cmOrgsUnlinked[0] ?? '';
    const connect = () =>
      callUpstream('connectCloudManagerOrg', {
        params: { orgId },
        body: { linkToken: SAMPLE_LINK_TOKENS.valid },
      });
    const res = await connect();
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ status: 'NOT_SYNCED' });
    expectError(await connect(), 409, 'ORG_ALREADY_LINKED');
    const status = () => callUpstream('getCloudManagerLinkStatus', { params: { orgId } });
    at(getStoreConfig().linkSyncDelayMs - 1);
    expect((await status()).json).toEqual({ status: 'NOT_SYNCED' });
    at(getStoreConfig().linkSyncDelayMs);
    expect((await status()).json).toEqual({ status: 'SYNCED' });
    expect((await callUpstream('removeCloudManagerLink', { params: { orgId } })).status).toBe(204);
    expectError(await status(), 404, 'UNEXPECTED_ERROR');
    expectError(
      await callUpstream('removeCloudManagerLink', { params: { orgId } }),
      404,
      'UNEXPECTED_ERROR',
    );
    // The Ops Manager side never saw any of it.
    expectError(await callUpstream('getLinkStatus', { params: { orgId } }), 404, 'ORG_NOT_FOUND');
  });

  it('refuses the same bad tokens as Ops Manager', async () => {
    const orgId = F.cmOrgsUnlinked[1] ?? '';
    const connect = (linkToken: string) =>
      callUpstream('connectCloudManagerOrg', { params: { orgId }, body: { linkToken } });
    expectError(await connect(SAMPLE_LINK_TOKENS.expired), 400, 'LINK_TOKEN_EXPIRED');
    expectError(await connect(SAMPLE_LINK_TOKENS.notBase64), 400, 'INVALID_LINK_TOKEN');
    expectError(await connect(SAMPLE_LINK_TOKENS.tooShort), 400, 'VALIDATION_ERROR');
  });
});

describe('link-tokens across products', () => {
  async function generate(orgId: string): Promise<string> {
    const res = await callUpstream('createLinkToken', { params: { orgId }, body: {} });
    expect(res.status).toBe(201);
    return (res.json as { linkToken: string }).linkToken;
  }

  it('a token the fake Atlas made connects either source; deleted, it connects neither', async () => {
    const atlasOrg = F.cloudOrgsWithoutToken[0] ?? '';
    const token = await generate(atlasOrg);
    const om = F.opsOrgsUnlinked[0] ?? '';
    const cm = F.cmOrgsUnlinked[0] ?? '';
    expect(
      (await callUpstream('connectOrg', { params: { orgId: om }, body: { linkToken: token } }))
        .status,
    ).toBe(201);
    expect(
      (
        await callUpstream('connectCloudManagerOrg', {
          params: { orgId: cm },
          body: { linkToken: token },
        })
      ).status,
    ).toBe(201);

    expect((await callUpstream('deleteLinkToken', { params: { orgId: atlasOrg } })).status).toBe(
      204,
    );
    const om2 = F.opsOrgsUnlinked[1] ?? '';
    const cm2 = F.cmOrgsUnlinked[1] ?? '';
    const refusedOm = await callUpstream('connectOrg', {
      params: { orgId: om2 },
      body: { linkToken: token },
    });
    expect(expectError(refusedOm, 400, 'INVALID_LINK_TOKEN').detail).toMatch(/deleted/);
    expectError(
      await callUpstream('connectCloudManagerOrg', {
        params: { orgId: cm2 },
        body: { linkToken: token },
      }),
      400,
      'INVALID_LINK_TOKEN',
    );
  });

  it('links made with a token that is later deleted stop syncing (Assumed)', async () => {
    const atlasOrg = F.cloudOrgsWithoutToken[1] ?? '';
    const token = await generate(atlasOrg);
    const orgId = F.cmOrgsUnlinked[2] ?? '';
    await callUpstream('connectCloudManagerOrg', { params: { orgId }, body: { linkToken: token } });
    at(getStoreConfig().linkSyncDelayMs);
    const status = () => callUpstream('getCloudManagerLinkStatus', { params: { orgId } });
    expect((await status()).json).toEqual({ status: 'SYNCED' });
    await callUpstream('deleteLinkToken', { params: { orgId: atlasOrg } });
    expect((await status()).json).toEqual({ status: 'NOT_SYNCED' });
  });

  it("connecting records the Atlas org: its availableProjects list the source's projects once synced", async () => {
    const atlasOrg = F.cloudOrgsWithoutToken[2] ?? '';
    const other = F.cloudOrgsWithoutToken[3] ?? '';
    const projects = async (orgId: string) =>
      availableProjectsSchema
        .parse((await callUpstream('listAvailableProjects', { params: { orgId } })).json)
        .map((p) => p.projectId);
    const before = await projects(atlasOrg);
    const token = await generate(atlasOrg);
    const orgId = F.cmOrgsUnlinked[3] ?? '';
    await callUpstream('connectCloudManagerOrg', { params: { orgId }, body: { linkToken: token } });
    // Not synced yet: nothing new to migrate.
    expect(await projects(atlasOrg)).toEqual(before);
    at(getStoreConfig().linkSyncDelayMs);
    const after = await projects(atlasOrg);
    expect(after.length).toBeGreaterThan(before.length);
    const otherProjects = await projects(other);
    expect(after.filter((p) => !before.includes(p)).some((p) => otherProjects.includes(p))).toBe(
      false,
    );
  });

  it('a pasted token names its Atlas org in its base64 JSON, as real ones do', async () => {
    const atlasOrg = F.cloudOrgsWithoutToken[4] ?? '';
    const pasted = btoa(JSON.stringify({ v: 1, orgId: atlasOrg, nonce: 'abcdef0123456789' }));
    const orgId = F.opsOrgsUnlinked[2] ?? '';
    expect(
      (await callUpstream('connectOrg', { params: { orgId }, body: { linkToken: pasted } })).status,
    ).toBe(201);
    at(getStoreConfig().linkSyncDelayMs);
    const listed = availableProjectsSchema.parse(
      (await callUpstream('listAvailableProjects', { params: { orgId: atlasOrg } })).json,
    );
    expect(listed.length).toBeGreaterThan(0);
  });
});

describe('Atlas v2 versions in the upstream fakes', () => {
  const versioned = operationIds.filter((op) => routeSpec(op).version !== undefined);

  it.each(versioned)('%s: unversioned → 406 INVALID_VERSION_DATE', async (op) => {
    const res = await callUpstream(op, { ...SAMPLE_CALLS[op], atlas: false });
    const body = expectError(res, 406, 'INVALID_VERSION_DATE');
    expect(body.detail).toContain(atlasMediaType(routeSpec(op).version ?? ''));
  });

  it('refuses a wrong version and a body without the versioned Content-Type', async () => {
    const wrong = await callUpstream('getMigration', {
      ...SAMPLE_CALLS.getMigration,
      headers: { accept: atlasMediaType('2024-05-30') },
    });
    expect(expectError(wrong, 406, 'INVALID_VERSION_DATE').detail).toContain('2024-05-30');
    const noType = await callUpstream('validateMigration', {
      ...SAMPLE_CALLS.validateMigration,
      headers: { 'content-type': 'application/json' },
    });
    expect(expectError(noType, 406, 'INVALID_VERSION_DATE').detail).toContain('Content-Type');
  });

  it('answers a right version with that media type; the v1.0 path answers plain JSON', async () => {
    const v2 = await callUpstream('createLinkToken', SAMPLE_CALLS.createLinkToken);
    expect(v2.status).toBe(201);
    expect(v2.headers.get('content-type')).toBe(atlasMediaType('2023-01-01'));
    const v1 = await callUpstream('deleteLinkToken', {
      ...SAMPLE_CALLS.deleteLinkToken,
      atlas: 'v1Path',
    });
    expect(v1.status).toBe(204);
    // Errors are plain JSON, versioned route or not.
    const gone = await callUpstream('deleteLinkToken', SAMPLE_CALLS.deleteLinkToken);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toBe('application/json');
  });

  it('does not version public v1.0 paths', async () => {
    const res = await callUpstream('listIdentityProviders', {
      ...SAMPLE_CALLS.listIdentityProviders,
      atlas: false,
    });
    expect(res.status).toBe(200);
  });
});

describe('targets: Atlas projects and clusters', () => {
  it("lists an Atlas org's projects with cluster counts, and a project's clusters", async () => {
    const page = atlasProjectPageSchema.parse(
      (await callUpstream('listAtlasProjects', { params: { orgId: M.atlasOrgId } })).json,
    );
    const target = page.results.find((p) => p.id === M.atlasProjectId);
    expect(target).toMatchObject({ orgId: M.atlasOrgId });
    const clusters = atlasClusterPageSchema.parse(
      (await callUpstream('listClusters', { params: { groupId: M.atlasProjectId } })).json,
    );
    expect(clusters.totalCount).toBe(target?.clusterCount);
    const names = clusters.results.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining([M.targetCluster, M.smallTargetCluster]));
    expect(clusters.results.find((c) => c.name === M.smallTargetCluster)?.diskSizeGB).toBe(10);
    expectError(
      await callUpstream('listClusters', { params: { groupId: F.opsOrgUnknown } }),
      404,
      'GROUP_NOT_FOUND',
    );
  });
});

describe('availableProjects', () => {
  it('lists deployments with the FACTS.md fields, and sources push migration no longer supports', async () => {
    const projects = availableProjectsSchema.parse(
      (await callUpstream('listAvailableProjects', { params: { orgId: M.atlasOrgId } })).json,
    );
    const project = projects.find((p) => p.projectId === M.sourceProjectId);
    expect(project?.migrationHosts).toContain(M.migrationHost);
    const d = project?.deployments.find((x) => x.name === M.deployment);
    expect(Object.keys(d ?? {}).sort()).toEqual(
      [
        'agentVersion',
        'clusterId',
        'dbSizeBytes',
        'featureCompatibilityVersion',
        'managed',
        'mongoDBVersion',
        'name',
        'oplogSizeMB',
        'sharded',
        'shardsSize',
        'tlsEnabled',
      ].sort(),
    );
    const u = MIGRATION_FIXTURES.unsupported;
    const om = availableProjectsSchema.parse(
      (await callUpstream('listAvailableProjects', { params: { orgId: u.atlasOrgId } })).json,
    );
    const old = om.flatMap((p) => p.deployments).find((x) => x.name === u.deployment);
    expect(Number(old?.mongoDBVersion.split('.')[0])).toBeGreaterThanOrEqual(6);
  });
});

// ---------- validation ----------

const validate = (f: MigrationFixture, body = migrationRequest(f), scenario?: ScenarioName) =>
  callUpstream('validateMigration', {
    params: { groupId: f.atlasProjectId },
    body,
    ...(scenario ? { headers: { [SCENARIO_HEADER]: scenario } } : {}),
  });
const getValidation = (groupId: string, validationId: string) =>
  callUpstream('getMigrationValidation', { params: { groupId, validationId } });

describe('validation: PENDING → SUCCESS | FAILED', () => {
  it('stays PENDING for validationMs, then SUCCESS for a good request', async () => {
    const res = await validate(M);
    expect(res.status).toBe(200);
    const v = migrationValidationSchema.parse(res.json);
    expect(v).toMatchObject({
      groupId: M.atlasProjectId,
      sourceGroupId: M.sourceProjectId,
      status: 'PENDING',
      errorMessage: null,
    });
    at(getStoreConfig().validationMs - 1);
    expect((await getValidation(M.atlasProjectId, v._id)).json).toMatchObject({
      status: 'PENDING',
    });
    at(getStoreConfig().validationMs);
    expect((await getValidation(M.atlasProjectId, v._id)).json).toMatchObject({
      status: 'SUCCESS',
      errorMessage: null,
    });
    // Another project's path does not find it.
    expectError(
      await getValidation(MIGRATION_FIXTURES.opsManager.atlasProjectId, v._id),
      404,
      'RESOURCE_NOT_FOUND',
    );
  });

  const causes: [string, () => Parameters<typeof validate>, RegExp][] = [
    [
      'migration host unreachable',
      () => [M, migrationRequest(M, { migrationHosts: ['mig-9z.nowhere.internal'] })],
      /Migration host mig-9z\.nowhere\.internal is unreachable/,
    ],
    ['TLS mismatch', () => [M, migrationRequest(M, { source: { ssl: !M.tlsEnabled } })], /TLS/],
    [
      'missing credentials',
      () => [M, migrationRequest(M, { source: { password: null } })],
      /needs a username and password/,
    ],
    [
      'wrong password',
      () => [M, migrationRequest(M, { source: { password: CREDS.wrongPassword } })],
      /Authentication to the source cluster failed/,
    ],
    [
      'not enough disk on the target',
      () => [M, migrationRequest(M, { destination: { clusterName: M.smallTargetCluster } })],
      /Not enough disk on the target: cluster ".*" has 10 GB/,
    ],
    [
      'a source push migration no longer supports',
      () => [MIGRATION_FIXTURES.unsupported, migrationRequest(MIGRATION_FIXTURES.unsupported)],
      /does not support MongoDB 6\.0 and later/,
    ],
    [
      'an unknown source cluster',
      () => [M, migrationRequest(M, { source: { clusterName: 'no-such-rs' } })],
      /Source cluster "no-such-rs" was not found/,
    ],
    [
      'a source project of an org not linked to this Atlas org',
      () => [
        M,
        migrationRequest(M, { source: { groupId: MIGRATION_FIXTURES.opsManager.sourceProjectId } }),
      ],
      /not available for migration to this Atlas organization/,
    ],
  ];

  it.each(causes)('FAILED with a plain errorMessage: %s', async (_label, args, message) => {
    const [f, body] = args();
    const v = migrationValidationSchema.parse((await validate(f, body)).json);
    expect(v.status).toBe('PENDING');
    at(getStoreConfig().validationMs);
    const done = migrationValidationSchema.parse(
      (await getValidation(f.atlasProjectId, v._id)).json,
    );
    expect(done.status).toBe('FAILED');
    expect(done.errorMessage).toMatch(message);
    for (const secret of [CREDS.password, CREDS.wrongPassword, CREDS.username]) {
      expect(done.errorMessage).not.toContain(secret);
    }
  });

  it('the deprecated Ops Manager source (below 6.0) validates', async () => {
    const o = MIGRATION_FIXTURES.opsManager;
    const v = migrationValidationSchema.parse((await validate(o)).json);
    at(getStoreConfig().validationMs);
    expect((await getValidation(o.atlasProjectId, v._id)).json).toMatchObject({
      status: 'SUCCESS',
    });
  });

  it('answers at once what is wrong with the request itself', async () => {
    expectError(
      await callUpstream('validateMigration', {
        params: { groupId: F.opsOrgUnknown },
        body: migrationRequest(M),
      }),
      404,
      'GROUP_NOT_FOUND',
    );
    const mismatch = await callUpstream('validateMigration', {
      params: { groupId: MIGRATION_FIXTURES.opsManager.atlasProjectId },
      body: migrationRequest(M),
    });
    expect(expectError(mismatch, 400, 'VALIDATION_ERROR').badRequestDetail?.fields).toEqual([
      { field: 'destination.groupId', description: 'must be the project in the request path' },
    ]);
    expectError(
      await validate(M, migrationRequest(M, { destination: { clusterName: 'nope' } })),
      404,
      'CLUSTER_NOT_FOUND',
    );
    const twoHosts = await validate(M, {
      ...migrationRequest(M),
      migrationHosts: [M.migrationHost, M.migrationHost],
    });
    expect(expectError(twoHosts, 400, 'VALIDATION_ERROR').detail).toContain('migrationHosts');
  });
});

// ---------- migrations ----------

const create = (f: MigrationFixture = M, scenario?: ScenarioName, body = migrationRequest(f)) =>
  callUpstream('createMigration', {
    params: { groupId: f.atlasProjectId },
    body,
    ...(scenario ? { headers: { [SCENARIO_HEADER]: scenario } } : {}),
  });
const read = async (id: string, f: MigrationFixture = M): Promise<LiveMigration> =>
  liveMigrationSchema.parse(
    (
      await callUpstream('getMigration', {
        params: { groupId: f.atlasProjectId, liveMigrationId: id },
      })
    ).json,
  );
const cutOver = (id: string, f: MigrationFixture = M) =>
  callUpstream('cutOverMigration', { params: { groupId: f.atlasProjectId, liveMigrationId: id } });

async function started(scenario?: ScenarioName): Promise<string> {
  const res = await create(M, scenario);
  expect(res.status).toBe(201);
  return liveMigrationSchema.parse(res.json)._id;
}

describe('migration lifecycle', () => {
  const c = () => getStoreConfig();
  const readyAt = () => c().migrationNewMs + c().migrationCatchUpMs;

  it('NEW → WORKING with lag falling → readyForCutover → cut over → COMPLETE', async () => {
    const res = await create();
    expect(res.status).toBe(201);
    const m = liveMigrationSchema.parse(res.json);
    expect(m).toEqual({
      _id: m._id,
      status: 'NEW',
      lagTimeSeconds: null,
      readyForCutover: false,
      migrationHosts: [M.migrationHost],
    });
    at(c().migrationNewMs);
    const first = await read(m._id);
    expect(first).toMatchObject({ status: 'WORKING', readyForCutover: false });
    expect(first.lagTimeSeconds).toBeGreaterThanOrEqual(INITIAL_LAG_S);
    // Lag falls all the way through the catch-up.
    let last = first.lagTimeSeconds ?? 0;
    for (let i = 1; i < 10; i++) {
      at(c().migrationNewMs + (c().migrationCatchUpMs * i) / 10);
      const lag = (await read(m._id)).lagTimeSeconds ?? Infinity;
      expect(lag).toBeLessThan(last);
      last = lag;
    }
    expectError(await cutOver(m._id), 400, 'CANNOT_CUT_OVER_LIVE_MIGRATION');
    at(readyAt());
    const ready = await read(m._id);
    expect(ready).toMatchObject({ status: 'WORKING', readyForCutover: true });
    expect(ready.lagTimeSeconds).toBeLessThanOrEqual(3);

    at(readyAt() + 3_600_000); // an hour into the window
    const accepted = await cutOver(m._id);
    expect(accepted.status).toBe(202);
    expect(accepted.text).toBe('');
    expect(await read(m._id)).toMatchObject({
      status: 'WORKING',
      readyForCutover: false,
      lagTimeSeconds: null,
    });
    expectError(await cutOver(m._id), 400, 'CANNOT_CUT_OVER_LIVE_MIGRATION');
    at(readyAt() + 3_600_000 + c().migrationCutoverMs);
    expect(await read(m._id)).toMatchObject({
      status: 'COMPLETE',
      readyForCutover: false,
      lagTimeSeconds: null,
    });
    // Complete stays complete, however long after.
    at(readyAt() + c().cutoverWindowMs * 2);
    expect((await read(m._id)).status).toBe('COMPLETE');
    expect((await cutOver(m._id)).status).toBe(400);
  });

  it('EXPIRED when the 120-hour window runs out without a cutover', async () => {
    expect(c().cutoverWindowMs).toBe(120 * 3600 * 1000);
    const id = await started();
    at(readyAt() + c().cutoverWindowMs - 1);
    expect((await read(id)).readyForCutover).toBe(true);
    at(readyAt() + c().cutoverWindowMs);
    expect(await read(id)).toMatchObject({
      status: 'EXPIRED',
      readyForCutover: false,
      lagTimeSeconds: null,
    });
    expect(expectError(await cutOver(id), 400, 'CANNOT_CUT_OVER_LIVE_MIGRATION').detail).toMatch(
      /window expired/,
    );
  });

  it('compressed timings (SIM_MIGRATION_*, SIM_CUTOVER_WINDOW_S) apply to migrations made after', async () => {
    configureStore({
      migrationNewMs: 1000,
      migrationCatchUpMs: 5000,
      cutoverWindowMs: 10_000,
      migrationCutoverMs: 500,
    });
    const id = await started();
    at(999);
    expect((await read(id)).status).toBe('NEW');
    at(6000);
    expect((await read(id)).readyForCutover).toBe(true);
    at(16_000);
    expect((await read(id)).status).toBe('EXPIRED');
  });

  it('migration-fails: FAILED half-way through the catch-up, then stays FAILED', async () => {
    const id = await started('migration-fails');
    at(c().migrationNewMs + c().migrationCatchUpMs * 0.5 - 1);
    expect((await read(id)).status).toBe('WORKING');
    at(c().migrationNewMs + c().migrationCatchUpMs * 0.5);
    expect(await read(id)).toMatchObject({
      status: 'FAILED',
      lagTimeSeconds: null,
      readyForCutover: false,
    });
    at(readyAt() + 1000);
    expect((await read(id)).status).toBe('FAILED');
  });

  it('migration-lag-spike: lag rises sharply mid-way, then falls to ready as usual', async () => {
    const id = await started('migration-lag-spike');
    const normal = await started();
    const lagAt = async (fraction: number, which = id) => {
      at(c().migrationNewMs + c().migrationCatchUpMs * fraction);
      return (await read(which)).lagTimeSeconds ?? 0;
    };
    const before = await lagAt(0.3);
    const peak = await lagAt(0.5);
    const after = await lagAt(0.8);
    expect(peak).toBeGreaterThan(before * 2);
    expect(after).toBeLessThan(peak);
    expect(await lagAt(0.5, normal)).toBeLessThan(before);
    at(readyAt());
    expect((await read(id)).readyForCutover).toBe(true);
  });

  it('migration-window-short: a short cutover window, then EXPIRED', async () => {
    const id = await started('migration-window-short');
    at(readyAt() + SHORT_WINDOW_MS - 1);
    expect((await read(id)).readyForCutover).toBe(true);
    at(readyAt() + SHORT_WINDOW_MS);
    expect((await read(id)).status).toBe('EXPIRED');
  });

  it('the scenario acts when the migration is made, not when it is read', async () => {
    const id = await started('migration-fails');
    at(readyAt());
    const plain = await callUpstream('getMigration', {
      params: { groupId: M.atlasProjectId, liveMigrationId: id },
      headers: { [SCENARIO_HEADER]: 'none' },
    });
    expect((plain.json as LiveMigration).status).toBe('FAILED');
  });

  it('refuses to start a request that would fail validation, with the same words', async () => {
    const res = await create(
      M,
      undefined,
      migrationRequest(M, { destination: { clusterName: M.smallTargetCluster } }),
    );
    expect(expectError(res, 400, 'LIVE_MIGRATION_VALIDATION_FAILED').detail).toMatch(
      /Not enough disk/,
    );
    expectError(await read404(), 404, 'RESOURCE_NOT_FOUND');
  });

  const read404 = () =>
    callUpstream('getMigration', {
      params: { groupId: M.atlasProjectId, liveMigrationId: 'eeeeeeeeeeeeeeeeeeeeeeee' },
    });
});

describe('409 while a migration is active', () => {
  it('holds the source org link (either source) and the Atlas link-token until it ends', async () => {
    const id = await started();
    // Cloud Manager source.
    const cmRemove = () =>
      callUpstream('removeCloudManagerLink', { params: { orgId: M.sourceOrgId } });
    const body = expectError(
      await cmRemove(),
      409,
      'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
    );
    expect(body.detail).toBe(
      `Cannot delete organization link while there is active migration in following project ids: ${M.atlasProjectId}`,
    );
    // The Atlas side: seed a token there, then try to delete it.
    await callUpstream('createLinkToken', { params: { orgId: M.atlasOrgId }, body: {} });
    expectError(
      await callUpstream('deleteLinkToken', { params: { orgId: M.atlasOrgId } }),
      409,
      'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
    );
    // Still linked: the 409 changed nothing.
    expect(
      (await callUpstream('getCloudManagerLinkStatus', { params: { orgId: M.sourceOrgId } })).json,
    ).toEqual({ status: 'SYNCED' });
    // Once it is complete, both go.
    const c = getStoreConfig();
    at(c.migrationNewMs + c.migrationCatchUpMs);
    expect((await cutOver(id)).status).toBe(202);
    at(c.migrationNewMs + c.migrationCatchUpMs + c.migrationCutoverMs);
    expect((await cmRemove()).status).toBe(204);
    expect(
      (await callUpstream('deleteLinkToken', { params: { orgId: M.atlasOrgId } })).status,
    ).toBe(204);
  });

  it('holds an Ops Manager source org link too; a FAILED migration holds nothing', async () => {
    const o = MIGRATION_FIXTURES.opsManager;
    const res = await create(o, 'migration-fails');
    expect(res.status).toBe(201);
    const remove = () => callUpstream('removeLink', { params: { orgId: o.sourceOrgId } });
    expectError(await remove(), 409, 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK');
    const c = getStoreConfig();
    at(c.migrationNewMs + c.migrationCatchUpMs);
    expect((await remove()).status).toBe(204);
  });
});

describe('the source password is write-only', () => {
  it('is never echoed, never in an error, never kept in the store', async () => {
    const texts: string[] = [];
    const body = migrationRequest(M);
    for (const op of ['validateMigration', 'createMigration'] as const) {
      texts.push((await callUpstream(op, { params: { groupId: M.atlasProjectId }, body })).text);
      // A bad body with the password in it: the error names fields, never values.
      texts.push(
        (
          await callUpstream(op, {
            params: { groupId: M.atlasProjectId },
            body: { ...body, source: { ...body.source, ssl: 'yes' } },
          })
        ).text,
      );
      texts.push((await callProxyOp(op, { params: { groupId: M.atlasProjectId }, body })).text);
    }
    texts.push(JSON.stringify(allMigrationRecords()));
    expect(allMigrationRecords().length).toBeGreaterThan(0);
    for (const t of texts) {
      expect(t).not.toContain(CREDS.password);
      expect(t).not.toContain(CREDS.username);
    }
  });
});

describe('federations: identity providers and delete', () => {
  it('lists identity providers by display name, protocol, domains, orgs and certificate dates', async () => {
    const page = identityProviderPageSchema.parse(
      (await callUpstream('listIdentityProviders', { params: { federationId: F.federationLarge } }))
        .json,
    );
    expect(page.totalCount).toBeGreaterThanOrEqual(2);
    const own = page.results.find((p) => p.oktaIdpId !== null);
    expect(own).toMatchObject({ displayName: 'Contoso Okta Workforce', protocol: 'SAML' });
    expect(own?.associatedDomains).toEqual(['contoso.com', 'contoso.eu', 'contoso-retail.com']);
    expect(own?.associatedOrgs?.map((o) => o.orgId)).toContain(F.federationLargeOrgs[0]);
    expect(own?.pemFileInfo?.certificates?.[0]?.notAfter).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The newer (24-hex) provider a connected org names is listed too.
    expect(page.results.some((p) => p.oktaIdpId === null)).toBe(true);
    const medium = identityProviderPageSchema.parse(
      (
        await callUpstream('listIdentityProviders', {
          params: { federationId: F.federationMedium },
        })
      ).json,
    );
    expect(medium.results[0]?.status).toBe('INACTIVE');
    expectError(
      await callUpstream('listIdentityProviders', {
        params: { federationId: F.federationUnknown },
      }),
      404,
      'FEDERATION_SETTINGS_NOT_FOUND',
    );
  });

  it('deletes a federation only while one org is connected', async () => {
    const refused = await callUpstream('deleteFederation', {
      params: { federationId: F.federationPair },
    });
    expect(
      expectError(refused, 400, 'CANNOT_DELETE_FEDERATION_WITH_MULTIPLE_CONNECTED_ORGS').detail,
    ).toMatch(/2 are/);
    expect(
      (await callUpstream('listConnectedOrgs', { params: { federationId: F.federationPair } }))
        .status,
    ).toBe(200);

    const gone = await callUpstream('deleteFederation', {
      params: { federationId: F.federationSingle },
    });
    expect(gone.status).toBe(204);
    expectError(
      await callUpstream('getOrgFederation', { params: { orgId: F.federationSingleOrg } }),
      404,
      'FEDERATION_SETTINGS_NOT_FOUND',
    );
    expectError(
      await callUpstream('listIdentityProviders', { params: { federationId: F.federationSingle } }),
      404,
      'FEDERATION_SETTINGS_NOT_FOUND',
    );
    expectError(
      await callUpstream('deleteFederation', { params: { federationId: F.federationSingle } }),
      404,
      'FEDERATION_SETTINGS_NOT_FOUND',
    );
  });
});

describe('rate limit (msw upstream handlers)', () => {
  it('MongoDB Cloud answers carry RateLimit-* (500); Ops Manager none, while unset', async () => {
    const a = await callUpstream('listCloudOrgs');
    expect([a.headers.get('ratelimit-limit'), a.headers.get('ratelimit-remaining')]).toEqual([
      '500',
      '499',
    ]);
    const b = await callUpstream('listCloudManagerOrgs');
    expect(b.headers.get('ratelimit-remaining')).toBe('499'); // its own key, its own window
    expect((await callUpstream('listOrgs')).headers.get('ratelimit-limit')).toBeNull();
  });

  it('enforced: 429 RATE_LIMITED with Retry-After until the minute is over', async () => {
    configureStore({ rateLimitPerMin: 2 });
    expect((await callUpstream('listOrgs')).headers.get('ratelimit-remaining')).toBe('1');
    at(10_000);
    expect((await callUpstream('getOrg', SAMPLE_CALLS.getOrg)).status).toBe(200);
    at(20_000);
    const limited = await callUpstream('listOrgs');
    expectError(limited, 429, 'RATE_LIMITED');
    expect(limited.headers.get('retry-after')).toBe('40');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    at(60_000);
    expect((await callUpstream('listOrgs')).status).toBe(200);
  });
});

it('every operation the route table names has a sample call', () => {
  expect(Object.keys(SAMPLE_CALLS).sort()).toEqual([...operationIds].sort());
  const ops: OperationId[] = operationIds;
  expect(ops.length).toBe(27);
});
