// The Cloud Manager side of the store: source organizations that behave exactly like Ops Manager's
// (same link state machine), seen with the Cloud Manager key on the MongoDB Cloud host.
import type { SourceUpstream } from '#contract/route-table';
import { opsManagerStore } from './opsmanager';
import type { SeedData } from './seed-data';
import { SourceOrgStore } from './source-orgs';

export const cloudManagerStore = new SourceOrgStore('cloudmanager');

export function seedCloudManager(data: SeedData): void {
  cloudManagerStore.seed({ orgs: data.cmOrgs, links: data.cmLinks, projects: data.sourceProjects });
}

/** Both source products, for code that is generic over them (availableProjects, migrations). */
export const SOURCE_STORES: Record<SourceUpstream, SourceOrgStore> = {
  opsmanager: opsManagerStore,
  cloudmanager: cloudManagerStore,
};
