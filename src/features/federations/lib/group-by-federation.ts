import type { OrgFederation } from '@/api/queries/federations';
import type { FederationSettings, Org } from '#contract/schemas';
import { federationLabel } from './federation-label';

export interface FederationGroup {
  settings: FederationSettings;
  orgs: Org[];
}

export interface GroupedOrgs {
  federations: FederationGroup[];
  unfederated: Org[];
  failed: { org: Org; error: unknown }[];
  /** Orgs whose federation is still being looked up. */
  pending: Org[];
}

export interface FederationLookup {
  data?: OrgFederation | undefined;
  error: unknown;
}

/** Groups orgs by the federation each belongs to; `lookups[i]` is the answer for `orgs[i]`. */
export function groupByFederation(orgs: Org[], lookups: FederationLookup[]): GroupedOrgs {
  const byId = new Map<string, FederationGroup>();
  const grouped: GroupedOrgs = { federations: [], unfederated: [], failed: [], pending: [] };
  orgs.forEach((org, i) => {
    const lookup = lookups[i];
    if (lookup?.data?.kind === 'federated') {
      const { settings } = lookup.data;
      const group = byId.get(settings.id) ?? { settings, orgs: [] };
      group.orgs.push(org);
      byId.set(settings.id, group);
    } else if (lookup?.data?.kind === 'none') {
      grouped.unfederated.push(org);
    } else if (lookup?.error) {
      grouped.failed.push({ org, error: lookup.error });
    } else {
      grouped.pending.push(org);
    }
  });
  // By name as far as the lookups tell it (its domains), so cards keep their places while the
  // identity providers are still being read; the ID settles a tie.
  const sortKey = (g: FederationGroup) =>
    federationLabel({ id: g.settings.id, domains: g.settings.federatedDomains });
  grouped.federations = [...byId.values()].sort(
    (a, b) => sortKey(a).localeCompare(sortKey(b)) || a.settings.id.localeCompare(b.settings.id),
  );
  return grouped;
}
