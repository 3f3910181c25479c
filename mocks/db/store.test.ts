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
import { FIXTURE_IDS as F, MIGRATION_FIXTURES, fixtureName } from './fixtures';
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

describe('second-wave seed', () => {
  it('is deterministic and leaves the first wave as it was', () => {
    const a = buildSeedData();
    const b = buildSeedData();
    expect(a.cmOrgs).toEqual(b.cmOrgs);
    expect([...a.sourceProjects.entries()]).toEqual([...b.sourceProjects.entries()]);
    expect(a.atlasProjects).toEqual(b.atlasProjects);
    expect(a.federations.map((f) => f.identityProviders)).toEqual(
      b.federations.map((f) => f.identityProviders),
    );
  });

  it('has Cloud Manager orgs in every link state, each link pointing at a seeded Atlas org', () => {
    const d = buildSeedData();
    const states = [...d.cmLinkStates.values()];
    for (const s of ['synced', 'not-synced', 'none'] as const) expect(states).toContain(s);
    const atlas = new Set(d.cloudOrgs.map((o) => o.id));
    for (const link of [...d.cmLinks.values(), ...d.links.values()]) {
      expect(atlas.has(link.atlasOrgId ?? '')).toBe(true);
    }
    const ids = [...d.opsOrgs, ...d.cmOrgs, ...d.cloudOrgs].map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(OBJECT_ID_PATTERN);
  });

  it('gives every source org projects with deployments and migration hosts, every Atlas org targets', () => {
    const d = buildSeedData();
    for (const org of [...d.opsOrgs, ...d.cmOrgs]) {
      const projects = d.sourceProjects.get(org.id) ?? [];
      expect(projects.length).toBeGreaterThan(0);
      for (const p of projects) {
        expect(p.migrationHosts.length).toBeGreaterThan(0);
        expect(p.deployments.length).toBeGreaterThan(0);
      }
    }
    for (const org of d.cloudOrgs) {
      const first = d.atlasProjects.find((p) => p.orgId === org.id);
      expect(first?.clusters.map((c) => c.diskSizeGB).slice(0, 2)).toEqual([2048, 10]);
    }
    // Ops Manager sources on 6.0+ exist, for the UI to flag.
    const omVersions = d.opsOrgs.flatMap((o) =>
      (d.sourceProjects.get(o.id) ?? []).flatMap((p) => p.deployments.map((x) => x.mongoDBVersion)),
    );
    expect(omVersions.some((v) => Number(v.split('.')[0]) >= 6)).toBe(true);
    expect(omVersions.some((v) => Number(v.split('.')[0]) < 6)).toBe(true);
  });

  it("names each federation's identity providers", () => {
    for (const f of listFederations()) {
      expect(f.identityProviders.length).toBeGreaterThan(0);
      expect(f.identityProviders[0]?.oktaIdpId).toBe(f.identityProviderId);
      expect(f.identityProviders[0]?.displayName.length).toBeGreaterThan(3);
    }
  });

  it("keeps the migration fixtures' orgs out of the lists tests change", () => {
    const reserved = Object.values(MIGRATION_FIXTURES).flatMap((m) => [
      m.sourceOrgId,
      m.atlasOrgId,
    ]);
    const lists = [
      F.opsOrgsSynced,
      F.opsOrgsNotSynced,
      F.opsOrgsUnlinked,
      F.cmOrgsSynced,
      F.cmOrgsUnlinked,
      F.cloudOrgsWithToken,
      F.cloudOrgsWithoutToken,
    ].flat();
    for (const id of reserved) expect(lists).not.toContain(id);
    expect(MIGRATION_FIXTURES.cloudManager.sourceUpstream).toBe('cloudmanager');
  });
});
