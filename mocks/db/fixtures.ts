// Well-known IDs of the seeded data, for unit, integration and e2e tests. Derived from the same
// deterministic seed the store loads, so they always match. Lists are disjoint from the single IDs
// beside them: a test that changes state takes its own entry from a list (parallel e2e tests share
// one simulated upstream); the single IDs are for tests that only read.
import { pushMigrationSupport } from '#contract/push-support';
import type { SourceUpstream } from '#contract/route-table';
import type { LiveMigrationRequest } from '#contract/schemas';
import { buildSeedData, type FederationKey, type OrgRecord, type SeedLinkState } from './seed-data';

const data = buildSeedData();

// ---------- migrations (first: the orgs they use are kept out of the lists tests change) ----------

/** A source deployment that validates, an Atlas project and clusters to migrate it to. */
export interface MigrationFixture {
  atlasOrgId: string;
  atlasProjectId: string;
  /** Large enough for the source's data. */
  targetCluster: string;
  /** 10 GB: validating against it fails with "not enough disk". */
  smallTargetCluster: string;
  sourceUpstream: SourceUpstream;
  sourceOrgId: string;
  sourceProjectId: string;
  deployment: string;
  mongoDBVersion: string;
  tlsEnabled: boolean;
  migrationHost: string;
}

const GB = 1024 ** 3;
const tokenOrgs = new Set(data.linkTokens.keys());

function migrationFixture(
  upstream: SourceUpstream,
  wanted: 'supported' | 'deprecated' | 'unsupported',
): MigrationFixture {
  const orgs = upstream === 'opsmanager' ? data.opsOrgs : data.cmOrgs;
  const links = upstream === 'opsmanager' ? data.links : data.cmLinks;
  const states = upstream === 'opsmanager' ? data.opsLinkStates : data.cmLinkStates;
  for (const org of orgs) {
    const link = links.get(org.id);
    // Atlas orgs without a seeded link-token: no link-token test deletes anything there.
    if (states.get(org.id) !== 'synced' || !link?.atlasOrgId || tokenOrgs.has(link.atlasOrgId)) {
      continue;
    }
    const target = data.atlasProjects.find((p) => p.orgId === link.atlasOrgId);
    const [big, small] = target?.clusters ?? [];
    if (!target || !big || !small) continue;
    for (const project of data.sourceProjects.get(org.id) ?? []) {
      const d = project.deployments.find(
        (x) =>
          pushMigrationSupport(upstream, x.mongoDBVersion).level === wanted &&
          x.dbSizeBytes > small.diskSizeGB * GB &&
          x.dbSizeBytes < big.diskSizeGB * GB,
      );
      const host = project.migrationHosts[0];
      if (!d || !host) continue;
      return {
        atlasOrgId: link.atlasOrgId,
        atlasProjectId: target.id,
        targetCluster: big.name,
        smallTargetCluster: small.name,
        sourceUpstream: upstream,
        sourceOrgId: org.id,
        sourceProjectId: project.id,
        deployment: d.name,
        mongoDBVersion: d.mongoDBVersion,
        tlsEnabled: d.tlsEnabled,
        migrationHost: host,
      };
    }
  }
  throw new Error(`seed lacks a ${wanted} ${upstream} migration source`);
}

/**
 * Migration sources, one per kind: from Cloud Manager (supported), from Ops Manager below 6.0
 * (deprecated but allowed) and from Ops Manager on 6.0+ (validation fails: not supported).
 */
export const MIGRATION_FIXTURES = Object.freeze({
  cloudManager: Object.freeze(migrationFixture('cloudmanager', 'supported')),
  opsManager: Object.freeze(migrationFixture('opsmanager', 'deprecated')),
  unsupported: Object.freeze(migrationFixture('opsmanager', 'unsupported')),
});

/** Orgs the migration fixtures rely on: never in the lists tests change. */
const reserved = new Set(
  Object.values(MIGRATION_FIXTURES).flatMap((f) => [f.sourceOrgId, f.atlasOrgId]),
);
const mutable = (ids: string[]) => ids.filter((id) => !reserved.has(id));

/** Source database credentials for tests. Write-only: check-no-secrets looks for both. */
export const SAMPLE_MIGRATION_CREDENTIALS = Object.freeze({
  username: 'migration-user',
  password: 'S0urce-Db-Pa55-e2e-4f9c',
  /** Contains "wrong": the fake's validation answers "Authentication … failed". */
  wrongPassword: 'wrong-S0urce-Db-Pa55-7d1e',
});

/** A request that validates SUCCESS for the fixture (change parts with `patch`). */
export function migrationRequest(
  f: MigrationFixture,
  patch: {
    source?: Partial<LiveMigrationRequest['source']>;
    destination?: Partial<LiveMigrationRequest['destination']>;
    migrationHosts?: string[];
    dropDestinationData?: boolean;
  } = {},
): LiveMigrationRequest {
  return {
    source: {
      clusterName: f.deployment,
      groupId: f.sourceProjectId,
      managedAuthentication: false,
      ssl: f.tlsEnabled,
      username: SAMPLE_MIGRATION_CREDENTIALS.username,
      password: SAMPLE_MIGRATION_CREDENTIALS.password,
      ...patch.source,
    },
    destination: {
      clusterName: f.targetCluster,
      groupId: f.atlasProjectId,
      hostnameSchemaType: 'PUBLIC',
      ...patch.destination,
    },
    migrationHosts: patch.migrationHosts ?? [f.migrationHost],
    dropDestinationData: patch.dropDestinationData ?? false,
  };
}

// ---------- source orgs ----------

const byState = (orgs: OrgRecord[], states: Map<string, SeedLinkState>, state: SeedLinkState) =>
  orgs.filter((o) => states.get(o.id) === state).map((o) => o.id);
const opsByState = (state: SeedLinkState) => byState(data.opsOrgs, data.opsLinkStates, state);
const synced = opsByState('synced');
const notSynced = opsByState('not-synced');
const unlinked = opsByState('none');
const cmByState = (state: SeedLinkState) => byState(data.cmOrgs, data.cmLinkStates, state);
const cmSynced = cmByState('synced');
const cmNotSynced = cmByState('not-synced');
const cmUnlinked = cmByState('none');

const fed = (key: FederationKey) => {
  const f = data.federations.find((x) => x.key === key);
  if (!f) throw new Error(`no ${key} federation in the seed`);
  return { id: f.id, orgIds: f.connectedOrgs.map((c) => c.orgId) };
};
const single = fed('single');
const pair = fed('pair');
const large = fed('large');
const medium = fed('medium');
const lone = (['lone-1', 'lone-2', 'lone-3', 'lone-4'] as const).map(fed);
const loneOrgs = new Set(lone.flatMap((f) => f.orgIds));
const inFederation = new Set([single, pair, large, medium, ...lone].flatMap((f) => f.orgIds));
// The lone federations' orgs are in no other list: only the tests that delete them touch them.
const otherCloudOrgs = data.cloudOrgs.filter((o) => !loneOrgs.has(o.id));
const withToken = otherCloudOrgs.filter((o) => data.linkTokens.has(o.id)).map((o) => o.id);
const withoutToken = otherCloudOrgs.filter((o) => !data.linkTokens.has(o.id)).map((o) => o.id);
const noFederation = data.cloudOrgs.filter((o) => !inFederation.has(o.id)).map((o) => o.id);

function first(ids: string[]): string {
  const id = ids[0];
  if (id === undefined) throw new Error('seed lacks a fixture');
  return id;
}

export const FIXTURE_IDS = Object.freeze({
  // Ops Manager orgs (read-only use).
  opsOrgSynced: first(synced),
  opsOrgNotSynced: first(notSynced),
  opsOrgUnlinked: first(unlinked),
  // Ops Manager orgs for tests that change them, one each.
  opsOrgsSynced: Object.freeze(mutable(synced.slice(1))),
  opsOrgsNotSynced: Object.freeze(mutable(notSynced.slice(1))),
  opsOrgsUnlinked: Object.freeze(mutable(unlinked.slice(1))),
  /** Well-formed, but no such org: 404 ORG_NOT_FOUND. */
  opsOrgUnknown: 'aaaaaaaaaaaaaaaaaaaaaaaa',

  // Cloud Manager orgs (read-only use), then lists for tests that change them.
  cmOrgSynced: first(cmSynced),
  cmOrgNotSynced: first(cmNotSynced),
  cmOrgUnlinked: first(cmUnlinked),
  cmOrgsSynced: Object.freeze(mutable(cmSynced.slice(1))),
  cmOrgsNotSynced: Object.freeze(mutable(cmNotSynced.slice(1))),
  cmOrgsUnlinked: Object.freeze(mutable(cmUnlinked.slice(1))),

  // MongoDB Cloud orgs.
  cloudOrgWithToken: first(withToken),
  cloudOrgWithoutToken: first(withoutToken),
  cloudOrgsWithToken: Object.freeze(mutable(withToken.slice(1))),
  cloudOrgsWithoutToken: Object.freeze(mutable(withoutToken.slice(1))),
  cloudOrgInFederation: first(large.orgIds),
  cloudOrgNoFederation: first(noFederation),
  cloudOrgsNoFederation: Object.freeze(noFederation.slice(1)),
  cloudOrgUnknown: 'bbbbbbbbbbbbbbbbbbbbbbbb',

  // Federations: 1, 2, 6 and 3 connected orgs.
  federationSingle: single.id,
  federationSingleOrg: first(single.orgIds),
  federationPair: pair.id,
  federationPairOrgs: Object.freeze(pair.orgIds),
  federationLarge: large.id,
  federationLargeOrgs: Object.freeze(large.orgIds),
  federationMedium: medium.id,
  federationMediumOrgs: Object.freeze(medium.orgIds),
  federationUnknown: 'cccccccccccccccccccccccc',
  /**
   * Federations of one org each, for tests that delete a federation (the full-stack store lives
   * for the whole run, retries included): e2e's Delete federation journey takes [0..2], one per
   * attempt; its full-stack audit check takes [3].
   */
  federationsLone: Object.freeze(
    lone.map((f) => Object.freeze({ id: f.id, orgId: first(f.orgIds) })),
  ),
});

/**
 * Orgs only e2e/link-flow.spec.ts changes: taken from the ends of the lists, since other specs
 * count from their starts. Each Atlas org is used by one test (Delete removes all of its tokens).
 */
export const LINK_FLOW_FIXTURES = Object.freeze({
  /** Ops Manager orgs linked by mouse, and by the click count. */
  opsOrgs: Object.freeze(FIXTURE_IDS.opsOrgsUnlinked.slice(-4)),
  /** Cloud Manager orgs linked by keyboard, and by the connect that fails. */
  cmOrgs: Object.freeze(FIXTURE_IDS.cmOrgsUnlinked.slice(-2)),
  /** Atlas org the successful links go to. */
  atlasOrgLinked: FIXTURE_IDS.cloudOrgsWithoutToken.at(-2) ?? '',
  /** Atlas org whose new link-token the failed connect leaves, then deletes. */
  atlasOrgFailed: FIXTURE_IDS.cloudOrgsWithoutToken.at(-1) ?? '',
  /** Atlas org the measured journey links to. */
  atlasOrgMeasured: FIXTURE_IDS.cloudOrgsWithToken.at(-3) ?? '',
  /** Atlas org the keyboard journey links to (its own: the summary names the last org linked). */
  atlasOrgKeyboard: FIXTURE_IDS.cloudOrgsWithToken.at(-2) ?? '',
  /** Atlas org of the manual path's checks (e2e/link-tokens.spec.ts): Generate twice, leave. */
  atlasOrgManual: FIXTURE_IDS.cloudOrgsWithToken.at(-1) ?? '',
});

/** The seeded name of an org (any product), for tests that look rows up by name. */
export function fixtureName(id: string): string {
  const org = [...data.opsOrgs, ...data.cmOrgs, ...data.cloudOrgs].find((o) => o.id === id);
  if (!org) throw new Error(`${id} is not a seeded org`);
  return org.name;
}

/** Link-tokens for connect tests (see handlers/operations.ts for the rules the fake applies). */
export const SAMPLE_LINK_TOKENS = Object.freeze({
  /** Base64-looking and long enough: accepted. */
  valid: 'eyJ2IjoxLCJvcmdJZCI6IjY1ZjAwMDAwMDAwMDAwMDAwMDAwMDAwMSJ9',
  /** Starts with "expired": 400 LINK_TOKEN_EXPIRED. */
  expired: 'expiredTokenZXhwaXJlZC1saW5rLXRva2Vu',
  /** No whitespace, long enough, but not base64: 400 INVALID_LINK_TOKEN. */
  notBase64: 'this-is-not-a-link-token!!',
  /** Fails the body schema (too short): 400 VALIDATION_ERROR. */
  tooShort: 'abc',
});
