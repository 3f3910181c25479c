// The Ops Manager side of the store: organizations, their links to Atlas, their projects.
import { SourceOrgStore, linkStatus } from './source-orgs';
import { buildManyOrgs, type LinkRecord, type OrgRecord, type SeedData } from './seed-data';

/** Total Ops Manager orgs the many-orgs scenario lists (the seeded ones included). */
export const MANY_ORGS_TOTAL = 5000;

export const opsManagerStore: SourceOrgStore = new SourceOrgStore('opsmanager', () =>
  buildManyOrgs(MANY_ORGS_TOTAL - opsManagerStore.list().length),
);

export function seedOpsManager(data: SeedData): void {
  opsManagerStore.seed({ orgs: data.opsOrgs, links: data.links, projects: data.sourceProjects });
}

export { linkStatus };

/** All orgs the key sees; `manyOrgs` adds the generated ones of that scenario. */
export function listOpsOrgs(manyOrgs = false): readonly OrgRecord[] {
  return opsManagerStore.list(manyOrgs);
}

export function findOpsOrg(id: string, manyOrgs = false): OrgRecord | undefined {
  return opsManagerStore.find(id, manyOrgs);
}

export function getLink(orgId: string): LinkRecord | undefined {
  return opsManagerStore.getLink(orgId);
}

export function createLink(orgId: string, now?: number): LinkRecord {
  return opsManagerStore.createLink(orgId, now);
}

export function deleteLink(orgId: string): boolean {
  return opsManagerStore.deleteLink(orgId);
}
