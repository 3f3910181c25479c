// Well-known IDs of the seeded data, for unit, integration and e2e tests. Derived from the same
// deterministic seed the store loads, so they always match. Lists are disjoint from the single IDs
// beside them: a test that changes state takes its own entry from a list (parallel e2e tests share
// one simulated upstream); the single IDs are for tests that only read.
import { buildSeedData, type FederationKey } from './seed-data';

const data = buildSeedData();

const opsByState = (state: string) =>
  data.opsOrgs.filter((o) => data.opsLinkStates.get(o.id) === state).map((o) => o.id);
const synced = opsByState('synced');
const notSynced = opsByState('not-synced');
const unlinked = opsByState('none');

const fed = (key: FederationKey) => {
  const f = data.federations.find((x) => x.key === key);
  if (!f) throw new Error(`no ${key} federation in the seed`);
  return { id: f.id, orgIds: f.connectedOrgs.map((c) => c.orgId) };
};
const single = fed('single');
const pair = fed('pair');
const large = fed('large');
const medium = fed('medium');
const inFederation = new Set([single, pair, large, medium].flatMap((f) => f.orgIds));
const withToken = data.cloudOrgs.filter((o) => data.linkTokens.has(o.id)).map((o) => o.id);
const withoutToken = data.cloudOrgs.filter((o) => !data.linkTokens.has(o.id)).map((o) => o.id);
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
  opsOrgsSynced: Object.freeze(synced.slice(1)),
  opsOrgsNotSynced: Object.freeze(notSynced.slice(1)),
  opsOrgsUnlinked: Object.freeze(unlinked.slice(1)),
  /** Well-formed, but no such org: 404 ORG_NOT_FOUND. */
  opsOrgUnknown: 'aaaaaaaaaaaaaaaaaaaaaaaa',

  // MongoDB Cloud orgs.
  cloudOrgWithToken: first(withToken),
  cloudOrgWithoutToken: first(withoutToken),
  cloudOrgsWithToken: Object.freeze(withToken.slice(1)),
  cloudOrgsWithoutToken: Object.freeze(withoutToken.slice(1)),
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
});

/** The seeded name of an org (Ops Manager or MongoDB Cloud), for tests that look rows up by name. */
export function fixtureName(id: string): string {
  const org = [...data.opsOrgs, ...data.cloudOrgs].find((o) => o.id === id);
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
