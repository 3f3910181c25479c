// A source product's side of the store (Ops Manager or Cloud Manager): its organizations, their
// links to Atlas and their projects. Both products behave alike (FACTS.md: same operations, same
// shapes); one implementation, two instances.
import type { LinkSyncStatus } from '#contract/schemas';
import type { SourceUpstream } from '#contract/route-table';
import { storeNow } from './clock';
import { tokenWasRevoked } from './cloud';
import { getStoreConfig } from './config';
import type { LinkRecord, OrgRecord, SourceProjectRecord } from './seed-data';

export interface SourceOrgSeed {
  orgs: OrgRecord[];
  links: Map<string, LinkRecord>;
  projects: Map<string, SourceProjectRecord[]>;
}

/** Extra orgs a scenario may add (Ops Manager's many-orgs), built on first use. */
export type ExtraOrgs = () => { orgs: OrgRecord[]; links: Map<string, LinkRecord> };

export class SourceOrgStore {
  private orgs: OrgRecord[] = [];
  private byId = new Map<string, OrgRecord>();
  private links = new Map<string, LinkRecord>();
  private projects = new Map<string, SourceProjectRecord[]>();
  private extra: { orgs: OrgRecord[]; byId: Map<string, OrgRecord> } | null = null;

  constructor(
    readonly upstream: SourceUpstream,
    private readonly buildExtra: ExtraOrgs | null = null,
  ) {}

  seed(data: SourceOrgSeed): void {
    this.orgs = data.orgs;
    this.byId = new Map(data.orgs.map((o) => [o.id, o]));
    this.links = data.links;
    this.projects = data.projects;
    this.extra = null;
  }

  private extras(): NonNullable<SourceOrgStore['extra']> {
    if (!this.extra) {
      const built = this.buildExtra?.() ?? { orgs: [], links: new Map() };
      for (const [id, link] of built.links) this.links.set(id, link);
      this.extra = { orgs: built.orgs, byId: new Map(built.orgs.map((o) => [o.id, o])) };
    }
    return this.extra;
  }

  /** All orgs the key sees; `withExtra` adds a scenario's generated ones. */
  list(withExtra = false): readonly OrgRecord[] {
    return withExtra && this.buildExtra ? [...this.orgs, ...this.extras().orgs] : this.orgs;
  }

  find(id: string, withExtra = false): OrgRecord | undefined {
    return (
      this.byId.get(id) ?? (withExtra && this.buildExtra ? this.extras().byId.get(id) : undefined)
    );
  }

  getLink(orgId: string): LinkRecord | undefined {
    return this.links.get(orgId);
  }

  /** Every link, for availableProjects (which source orgs point at an Atlas org). */
  allLinks(): ReadonlyMap<string, LinkRecord> {
    return this.links;
  }

  /** Connects an org; it reads NOT_SYNCED until linkSyncDelayMs has passed. */
  createLink(
    orgId: string,
    now = storeNow(),
    to: { atlasOrgId: string | null; token: string | null } = { atlasOrgId: null, token: null },
  ): LinkRecord {
    const link: LinkRecord = {
      connectedAt: now,
      syncAt: now + getStoreConfig().linkSyncDelayMs,
      ...to,
    };
    this.links.set(orgId, link);
    return link;
  }

  deleteLink(orgId: string): boolean {
    return this.links.delete(orgId);
  }

  projectsOf(orgId: string): readonly SourceProjectRecord[] {
    return this.projects.get(orgId) ?? [];
  }
}

/**
 * SYNCED once its sync time has passed, unless the link-token it connected with was deleted in
 * Atlas since: that deletes the link's API key, so the link can no longer sync (Assumed).
 */
export function linkStatus(link: LinkRecord, now = storeNow()): LinkSyncStatus {
  if (link.token !== null && tokenWasRevoked(link.token)) return 'NOT_SYNCED';
  return link.syncAt !== null && now >= link.syncAt ? 'SYNCED' : 'NOT_SYNCED';
}
