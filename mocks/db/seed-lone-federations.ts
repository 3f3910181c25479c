// The third wave of the deterministic data set: four MongoDB Cloud orgs, each the one connected
// org of its own federation — what Delete federation needs (the API deletes a federation only
// while one org is connected). Tests that delete take one per attempt, so no other test's
// federation ever goes away. Drawn from its own PRNG and appended: no earlier ID changes.
import { createIdFactory, type Rng } from './prng';
import type { ConnectedOrgConfig } from '#contract/schemas';
import type { FederationRecord, LoneFederationKey, SeedData } from './seed-data';
import { atlasProjectsOf, identityProvidersOf } from './seed-second-wave';

const LONE_FEDERATIONS: readonly {
  key: LoneFederationKey;
  org: string;
  domains: string[];
  identityProvider: string;
}[] = [
  {
    key: 'lone-1',
    org: 'Vandelay-Atlas-Imports',
    domains: ['vandelay-industries.com'],
    identityProvider: 'Vandelay Okta',
  },
  {
    key: 'lone-2',
    org: 'Wonka-Atlas-Factory',
    domains: ['wonka.com', 'wonka-chocolate.co.uk'],
    identityProvider: 'Wonka Entra ID',
  },
  {
    key: 'lone-3',
    org: 'Nakatomi-Atlas-Plaza',
    domains: ['nakatomi.co.jp'],
    identityProvider: 'Nakatomi Ping Identity',
  },
  {
    key: 'lone-4',
    org: 'Cyberdyne-Atlas-Research',
    domains: ['cyberdyne-systems.com'],
    identityProvider: 'Cyberdyne Okta',
  },
];

export function addLoneFederations(data: SeedData, rng: Rng): SeedData {
  const newId = createIdFactory(rng, 2022, 2025);
  const cloudOrgs = [...data.cloudOrgs];
  const federations = [...data.federations];
  const atlasProjects = [...data.atlasProjects];
  for (const lone of LONE_FEDERATIONS) {
    const org = { id: newId(), name: lone.org, isDeleted: false };
    cloudOrgs.push(org);
    atlasProjects.push(...atlasProjectsOf(rng, newId, org));
    const id = newId();
    const identityProviderId = rng.hex(20);
    const federation: FederationRecord = {
      id,
      key: lone.key,
      federatedDomains: lone.domains,
      identityProviderId,
      identityProviderStatus: 'ACTIVE',
      connectedOrgs: [connectedOrg(newId, org.id, lone.domains, identityProviderId)],
      identityProviders: [],
    };
    federations.push({
      ...federation,
      identityProviders: identityProvidersOf(rng, newId, federation, lone.identityProvider),
    });
  }
  return { ...data, cloudOrgs, federations, atlasProjects };
}

/** The one org: signs in through the federation's provider, restricted to its domains. */
function connectedOrg(
  newId: () => string,
  orgId: string,
  domains: string[],
  identityProviderId: string,
): ConnectedOrgConfig {
  return {
    orgId,
    domainRestrictionEnabled: true,
    domainAllowList: [...domains],
    identityProviderId,
    dataAccessIdentityProviderIds: [],
    postAuthRoleGrants: ['ORG_MEMBER'],
    roleMappings: [
      {
        externalGroupName: 'atlas-org-owners',
        id: newId(),
        roleAssignments: [{ orgId, role: 'ORG_OWNER' }],
      },
    ],
    userConflicts: null,
    instantUserProvisioningDisabled: false,
  };
}
