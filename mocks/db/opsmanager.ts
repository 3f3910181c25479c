// The Ops Manager side of the store: organizations and their links to Atlas.
import type { LinkSyncStatus } from '#contract/schemas';
import { getStoreConfig } from './config';
import { buildManyOrgs, type LinkRecord, type OrgRecord, type SeedData } from './seed-data';

/** Total Ops Manager orgs the many-orgs scenario lists (the seeded ones included). */
export const MANY_ORGS_TOTAL = 5000;

interface OpsState {
  orgs: OrgRecord[];
  byId: Map<string, OrgRecord>;
  links: Map<string, LinkRecord>;
  /** Built on the first many-orgs request, dropped by seed(). */
  extra: { orgs: OrgRecord[]; byId: Map<string, OrgRecord> } | null;
}

let state: OpsState = { orgs: [], byId: new Map(), links: new Map(), extra: null };

export function seedOpsManager(data: SeedData): void {
  state = {
    orgs: data.opsOrgs,
    byId: new Map(data.opsOrgs.map((o) => [o.id, o])),
    links: data.links,
    extra: null,
  };
}

function extra(): NonNullable<OpsState['extra']> {
  if (!state.extra) {
    const built = buildManyOrgs(MANY_ORGS_TOTAL - state.orgs.length);
    for (const [id, link] of built.links) state.links.set(id, link);
    state.extra = { orgs: built.orgs, byId: new Map(built.orgs.map((o) => [o.id, o])) };
  }
  return state.extra;
}

/** All orgs the key sees; `manyOrgs` adds the generated ones of that scenario. */
export function listOpsOrgs(manyOrgs = false): readonly OrgRecord[] {
  return manyOrgs ? [...state.orgs, ...extra().orgs] : state.orgs;
}

export function findOpsOrg(id: string, manyOrgs = false): OrgRecord | undefined {
  return state.byId.get(id) ?? (manyOrgs ? extra().byId.get(id) : undefined);
}

export function getLink(orgId: string): LinkRecord | undefined {
  return state.links.get(orgId);
}

export function linkStatus(link: LinkRecord, now = Date.now()): LinkSyncStatus {
  return link.syncAt !== null && now >= link.syncAt ? 'SYNCED' : 'NOT_SYNCED';
}

/** Connects an org; it reads NOT_SYNCED until linkSyncDelayMs has passed. */
export function createLink(orgId: string, now = Date.now()): LinkRecord {
  const link = { connectedAt: now, syncAt: now + getStoreConfig().linkSyncDelayMs };
  state.links.set(orgId, link);
  return link;
}

export function deleteLink(orgId: string): boolean {
  return state.links.delete(orgId);
}
