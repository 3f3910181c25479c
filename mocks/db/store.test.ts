// The seeded store: deterministic, realistic, and the fixtures it names are what they claim.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OBJECT_ID_PATTERN } from '#contract/schemas';
import {
  federationOfOrg,
  findCloudOrg,
  linkTokensOf,
  listCloudOrgs,
  listFederations,
} from './cloud';
import { FIXTURE_IDS as F, fixtureName } from './fixtures';
import { deleteLink, getLink, linkStatus, listOpsOrgs } from './opsmanager';
import { buildManyOrgs, buildSeedData } from './seed-data';
import { reset, seed } from './store';

afterEach(() => {
  vi.restoreAllMocks();
  reset();
});

describe('seed data', () => {
  it('is deterministic and never uses Math.random', () => {
    const random = vi.spyOn(Math, 'random');
    const a = buildSeedData();
    const b = buildSeedData();
    seed();
    buildManyOrgs(100);
    expect(random).not.toHaveBeenCalled();
    expect(a.opsOrgs).toEqual(b.opsOrgs);
    expect(a.federations).toEqual(b.federations);
    expect([...a.linkTokens.entries()]).toEqual([...b.linkTokens.entries()]);
  });

  it('has 40+ Ops Manager orgs in every link state, unique 24-hex IDs and names', () => {
    const orgs = listOpsOrgs();
    expect(orgs.length).toBeGreaterThanOrEqual(40);
    const ids = [...orgs, ...listCloudOrgs()].map((o) => o.id);
    expect(ids.every((id) => OBJECT_ID_PATTERN.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(orgs.map((o) => o.name)).size).toBe(orgs.length);
    const states = orgs.map((o) => {
      const link = getLink(o.id);
      return link ? linkStatus(link) : 'none';
    });
    for (const s of ['SYNCED', 'NOT_SYNCED', 'none']) {
      expect(states.filter((x) => x === s).length).toBeGreaterThanOrEqual(5);
    }
  });

  it('has 12+ Cloud orgs, some with link-tokens, some in no federation, federations of 1, 2, 5+', () => {
    const orgs = listCloudOrgs();
    expect(orgs.length).toBeGreaterThanOrEqual(12);
    expect(orgs.some((o) => linkTokensOf(o.id).length > 0)).toBe(true);
    expect(orgs.some((o) => linkTokensOf(o.id).length === 0)).toBe(true);
    expect(orgs.some((o) => !federationOfOrg(o.id))).toBe(true);
    const sizes = listFederations().map((f) => f.connectedOrgs.length);
    expect(sizes).toContain(1);
    expect(sizes).toContain(2);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(5);
    // Every connected org is a Cloud org the key can see.
    for (const f of listFederations()) {
      for (const c of f.connectedOrgs) expect(findCloudOrg(c.orgId)).toBeDefined();
    }
  });

  it('generates 5,000-scale org sets with unique names', () => {
    const { orgs } = buildManyOrgs(4956);
    expect(new Set(orgs.map((o) => o.name)).size).toBe(orgs.length);
    expect(new Set(orgs.map((o) => o.id)).size).toBe(orgs.length);
  });
});

describe('fixtures', () => {
  it('name what they claim', () => {
    expect(linkStatus(getLink(F.opsOrgSynced)!)).toBe('SYNCED');
    expect(linkStatus(getLink(F.opsOrgNotSynced)!)).toBe('NOT_SYNCED');
    expect(getLink(F.opsOrgUnlinked)).toBeUndefined();
    for (const id of F.opsOrgsSynced) expect(linkStatus(getLink(id)!)).toBe('SYNCED');
    for (const id of F.opsOrgsNotSynced) expect(linkStatus(getLink(id)!)).toBe('NOT_SYNCED');
    for (const id of F.opsOrgsUnlinked) expect(getLink(id)).toBeUndefined();
    expect(F.opsOrgsUnlinked.length).toBeGreaterThanOrEqual(8);
    expect(F.opsOrgsUnlinked).not.toContain(F.opsOrgUnlinked);
    expect(linkTokensOf(F.cloudOrgWithToken).length).toBe(1);
    expect(linkTokensOf(F.cloudOrgWithoutToken)).toEqual([]);
    expect(federationOfOrg(F.cloudOrgInFederation)?.federation.id).toBe(F.federationLarge);
    expect(federationOfOrg(F.cloudOrgNoFederation)).toBeUndefined();
    expect(F.federationPairOrgs).toHaveLength(2);
    expect(F.federationLargeOrgs.length).toBeGreaterThanOrEqual(5);
    for (const unknown of [F.opsOrgUnknown, F.cloudOrgUnknown, F.federationUnknown]) {
      expect(unknown).toMatch(OBJECT_ID_PATTERN);
    }
    expect(fixtureName(F.opsOrgSynced)).toBe('Acme Payments Prod');
    expect(() => fixtureName(F.opsOrgUnknown)).toThrow();
  });
});

it('reset() brings back the seeded state', () => {
  deleteLink(F.opsOrgSynced);
  expect(getLink(F.opsOrgSynced)).toBeUndefined();
  reset();
  expect(getLink(F.opsOrgSynced)).toBeDefined();
});
