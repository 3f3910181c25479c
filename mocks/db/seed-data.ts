// The deterministic data set behind both fakes. Pure: buildSeedData() returns fresh records every
// time, so seed() can start over and fixtures.ts can name well-known IDs without touching the store.
import type { ConnectedOrgConfig } from '#contract/schemas';
import { createIdFactory, createRng, type Rng } from './prng';
import { addLoneFederations } from './seed-lone-federations';
import {
  addSecondWave,
  type AtlasProjectRecord,
  type IdentityProviderRecord,
  type SourceProjectRecord,
} from './seed-second-wave';

export type {
  AtlasClusterRecord,
  AtlasProjectRecord,
  IdentityProviderRecord,
  SourceDeploymentRecord,
  SourceProjectRecord,
} from './seed-second-wave';

export const SEED = 20240611;

export type SeedLinkState = 'synced' | 'not-synced' | 'none';

export interface OrgRecord {
  id: string;
  name: string;
  isDeleted: boolean;
}

/** A source org's link to Atlas. `syncAt` null = stays NOT_SYNCED (a stuck link). */
export interface LinkRecord {
  connectedAt: number;
  syncAt: number | null;
  /** The Atlas org the link-token came from (null: a token this fake cannot read). */
  atlasOrgId: string | null;
  /** The link-token it connected with, when this fake issued it (deleting it breaks the link). */
  token: string | null;
}

export interface LinkTokenRecord {
  token: string;
  createdAt: number;
  accessListIps: string[];
}

export interface FederationRecord {
  id: string;
  /** Which well-known federation this is (fixtures). */
  key: FederationKey;
  federatedDomains: string[];
  identityProviderId: string;
  identityProviderStatus: 'ACTIVE' | 'INACTIVE';
  connectedOrgs: ConnectedOrgConfig[];
  identityProviders: IdentityProviderRecord[];
}

/** The first wave's federations: 1, 2, 6 and 3 connected orgs. */
export type SeedFederationKey = 'single' | 'pair' | 'large' | 'medium';
/** One-org federations for tests that delete one (seed-lone-federations.ts). */
export type LoneFederationKey = 'lone-1' | 'lone-2' | 'lone-3' | 'lone-4';
export type FederationKey = SeedFederationKey | LoneFederationKey;

export interface SeedData {
  opsOrgs: OrgRecord[];
  opsLinkStates: Map<string, SeedLinkState>;
  links: Map<string, LinkRecord>;
  cloudOrgs: OrgRecord[];
  linkTokens: Map<string, LinkTokenRecord[]>;
  federations: FederationRecord[];
  /** Cloud Manager source orgs and their links (seed-second-wave.ts). */
  cmOrgs: OrgRecord[];
  cmLinkStates: Map<string, SeedLinkState>;
  cmLinks: Map<string, LinkRecord>;
  /** Projects of every seeded source org (Ops Manager and Cloud Manager), by org ID. */
  sourceProjects: Map<string, SourceProjectRecord[]>;
  /** Atlas projects (migration targets) of every MongoDB Cloud org. */
  atlasProjects: AtlasProjectRecord[];
}

/** When the seeded links were made (fixed, so answers never depend on the day the seed ran). */
export const SEEDED_LINK_TIME = Date.UTC(2024, 4, 14, 9, 30);

// Ops Manager orgs: name and seeded link state. 15 synced, 8 not synced, 21 not linked.
const OPS_ORGS: readonly (readonly [string, SeedLinkState])[] = [
  ['Acme Payments Prod', 'synced'],
  ['Acme Payments Staging', 'not-synced'],
  ['Acme Payments Dev', 'none'],
  ['Globex Billing Prod', 'synced'],
  ['Globex Billing QA', 'none'],
  ['Initech Data Platform', 'synced'],
  ['Initech Reporting', 'not-synced'],
  ['Umbrella Research Labs', 'none'],
  ['Umbrella Clinical Trials', 'synced'],
  ['Contoso Retail EU', 'synced'],
  ['Contoso Retail US', 'not-synced'],
  ['Contoso Loyalty', 'none'],
  ['Northwind Logistics', 'synced'],
  ['Northwind Fleet Telemetry', 'none'],
  ['Wayne Enterprises Security', 'synced'],
  ['Stark Industries R&D', 'none'],
  ['Soylent Supply Chain', 'not-synced'],
  ['Hooli Search Analytics', 'synced'],
  ['Hooli Mail Archive', 'none'],
  ['Vandelay Import Export', 'none'],
  ['Tyrell Genomics', 'synced'],
  ['Cyberdyne Edge Devices', 'not-synced'],
  ['Massive Dynamic Observability', 'none'],
  ['Oscorp Risk Engine', 'synced'],
  ['Pied Piper Compression', 'none'],
  ['Aperture Test Results', 'none'],
  ['Gringotts Ledger Prod', 'synced'],
  ['Gringotts Ledger DR', 'not-synced'],
  ['Monsters Inc Energy Metering', 'none'],
  ['Dunder Mifflin Paper Orders', 'none'],
  ['Prestige Worldwide Events', 'none'],
  ['Wonka Factory IoT', 'synced'],
  ['Blue Sun Mobile Backend', 'none'],
  ['Nakatomi Trading Desk', 'synced'],
  ['Sirius Cybernetics Support', 'not-synced'],
  ['Buy n Large Inventory', 'none'],
  ['Weyland-Yutani Colonies', 'synced'],
  ['Stark Industries Analytics', 'none'],
  ['Bluth Company Properties', 'none'],
  ['Duff Brewing Distribution', 'none'],
  ['Krusty Krab Point of Sale', 'not-synced'],
  ['Los Pollos Hermanos Franchise', 'none'],
  ['Planet Express Deliveries', 'synced'],
  ['Rekall Memory Archive', 'none'],
];

// MongoDB Cloud orgs. Atlas org names allow no spaces (OpenAPI pattern), hence the hyphens.
const CLOUD_ORGS: readonly {
  name: string;
  federation: SeedFederationKey | null;
  token: boolean;
}[] = [
  { name: 'Acme-Payments-Atlas', federation: 'single', token: true },
  { name: 'Globex-Atlas-Prod', federation: 'pair', token: false },
  { name: 'Globex-Atlas-Sandbox', federation: 'pair', token: false },
  { name: 'Contoso-Atlas-EU', federation: 'large', token: true },
  { name: 'Contoso-Atlas-US', federation: 'large', token: true },
  { name: 'Contoso-Loyalty-Atlas', federation: 'large', token: false },
  { name: 'Contoso-Data-Science', federation: 'large', token: false },
  { name: 'Contoso-Shared-Services', federation: 'large', token: false },
  { name: 'Contoso-Security', federation: 'large', token: false },
  { name: 'Initech-Atlas', federation: 'medium', token: true },
  { name: 'Initech-Analytics', federation: 'medium', token: false },
  { name: 'Initech-Sandbox', federation: 'medium', token: false },
  { name: 'Northwind-Atlas', federation: null, token: true },
  { name: 'Hooli-Atlas-Migration', federation: null, token: true },
  { name: 'Tyrell-Genomics-Atlas', federation: null, token: false },
  { name: 'Oscorp-Atlas-Trial', federation: null, token: false },
];

const FEDERATIONS: readonly {
  key: SeedFederationKey;
  domains: string[];
  status: 'ACTIVE' | 'INACTIVE';
}[] = [
  { key: 'single', domains: ['acme-payments.com'], status: 'ACTIVE' },
  { key: 'pair', domains: ['globex.com', 'globex-corp.net'], status: 'ACTIVE' },
  { key: 'large', domains: ['contoso.com', 'contoso.eu', 'contoso-retail.com'], status: 'ACTIVE' },
  { key: 'medium', domains: ['initech.com'], status: 'INACTIVE' },
];

const EXTERNAL_GROUPS = [
  'atlas-org-owners',
  'atlas-project-admins',
  'dba-oncall',
  'data-engineering',
  'read-only-auditors',
  'platform-sre',
];
const ORG_ROLES = ['ORG_OWNER', 'ORG_MEMBER', 'ORG_READ_ONLY', 'ORG_GROUP_CREATOR'];
const PROJECT_ROLES = ['GROUP_OWNER', 'GROUP_DATA_ACCESS_ADMIN', 'GROUP_READ_ONLY'];

export function buildSeedData(seed = SEED): SeedData {
  const rng = createRng(seed);
  const opsId = createIdFactory(rng, 2018, 2022);
  const cloudId = createIdFactory(rng, 2020, 2024);

  const opsOrgs: OrgRecord[] = [];
  const opsLinkStates = new Map<string, SeedLinkState>();
  const links = new Map<string, LinkRecord>();
  for (const [name, state] of OPS_ORGS) {
    const id = opsId();
    opsOrgs.push({ id, name, isDeleted: false });
    opsLinkStates.set(id, state);
    if (state !== 'none') {
      links.set(id, {
        connectedAt: SEEDED_LINK_TIME,
        syncAt: state === 'synced' ? 0 : null,
        atlasOrgId: null, // assigned by addSecondWave
        token: null,
      });
    }
  }

  const cloudOrgs: OrgRecord[] = [];
  const linkTokens = new Map<string, LinkTokenRecord[]>();
  const members = new Map<SeedFederationKey, string[]>();
  for (const c of CLOUD_ORGS) {
    const id = cloudId();
    cloudOrgs.push({ id, name: c.name, isDeleted: false });
    if (c.token) {
      linkTokens.set(id, [
        {
          token: makeLinkToken(rng, id, []),
          createdAt: SEEDED_LINK_TIME,
          accessListIps: [],
        },
      ]);
    }
    if (c.federation) members.set(c.federation, [...(members.get(c.federation) ?? []), id]);
  }

  const federations: FederationRecord[] = FEDERATIONS.map((f) => {
    const id = cloudId();
    const identityProviderId = rng.hex(20);
    const orgIds = members.get(f.key) ?? [];
    return {
      id,
      key: f.key,
      federatedDomains: f.domains,
      identityProviderId,
      identityProviderStatus: f.status,
      connectedOrgs: orgIds.map((orgId, i) =>
        connectedOrgConfig(rng, cloudId, orgId, id, f, identityProviderId, i),
      ),
      identityProviders: [], // added by addSecondWave
    };
  });

  // Everything after this point draws from its own PRNG: the IDs above never change. Each later
  // wave appends with a PRNG of its own, so no wave moves an earlier one's IDs.
  const second = addSecondWave(
    { opsOrgs, opsLinkStates, links, cloudOrgs, linkTokens, federations },
    createRng(seed + 100),
  );
  return addLoneFederations(second, createRng(seed + 200));
}

function connectedOrgConfig(
  rng: Rng,
  newId: () => string,
  orgId: string,
  federationId: string,
  federation: { key: FederationKey; domains: string[] },
  federationIdp: string,
  index: number,
): ConnectedOrgConfig {
  const { key, domains } = federation;
  // The first org of each federation uses the federation's legacy (20 hex) IdP; later ones vary:
  // no IdP at all, or (once) a newer 24-hex IdP ID.
  const identityProviderId =
    index === 0 ? federationIdp : index === 2 ? null : index === 4 ? rng.hex(24) : federationIdp;
  const domainRestrictionEnabled = index % 2 === 0;
  const mappingCount = identityProviderId === null ? 0 : rng.int(0, 3);
  const groups = [...EXTERNAL_GROUPS];
  const roleMappings = Array.from({ length: mappingCount }, () => {
    const externalGroupName = groups.splice(rng.int(0, groups.length - 1), 1)[0] ?? 'atlas-users';
    return {
      externalGroupName,
      id: newId(),
      roleAssignments: [
        { orgId, role: rng.pick(ORG_ROLES) },
        ...(rng.chance(0.5) ? [{ groupId: newId(), role: rng.pick(PROJECT_ROLES) }] : []),
      ],
    };
  });
  const userConflicts =
    key === 'large' && index === 1
      ? [
          {
            emailAddress: 'j.doe@contoso-contractors.com',
            federationSettingsId: federationId,
            firstName: 'Jane',
            lastName: 'Doe',
            userId: newId(),
          },
        ]
      : index === 3
        ? []
        : null;
  return {
    orgId,
    domainRestrictionEnabled,
    domainAllowList: domainRestrictionEnabled ? domains.slice(0, rng.int(1, domains.length)) : [],
    identityProviderId,
    dataAccessIdentityProviderIds: rng.chance(0.4) ? [newId()] : [],
    postAuthRoleGrants: rng.chance(0.5) ? ['ORG_MEMBER'] : [],
    roleMappings,
    userConflicts,
    instantUserProvisioningDisabled: index % 3 === 1,
  };
}

/**
 * A link-token shaped like the real ones: base64 of a JSON document naming the Atlas org and a
 * generated API key. The fake accepts any base64-looking token anyway (see handlers/operations.ts).
 */
export function makeLinkToken(rng: Rng, orgId: string, accessListIps: string[]): string {
  const doc = {
    v: 1,
    orgId,
    apiKey: { publicKey: rng.hex(8), privateKey: `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}` },
    accessListIps,
    issuer: 'cloud.mongodb.com',
    nonce: rng.hex(32),
  };
  return btoa(JSON.stringify(doc));
}

// Parts of the 5,000 generated org names of the many-orgs scenario.
// prettier-ignore
const COMPANIES = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Contoso', 'Northwind', 'Fabrikam', 'Hooli', 'Tyrell',
  'Cyberdyne', 'Oscorp', 'Wonka', 'Nakatomi', 'Gringotts', 'Soylent', 'Vandelay', 'Wayne',
  'Stark', 'Aperture', 'Massive Dynamic', 'Pied Piper', 'Planet Express', 'Dunder Mifflin',
  'Bluth', 'Duff', 'Rekall', 'Weyland', 'Sirius', 'Blue Sun', 'Prestige',
];
// prettier-ignore
const UNITS = [
  'Payments', 'Billing', 'Analytics', 'Logistics', 'Inventory', 'Search', 'Identity', 'Risk',
  'Telemetry', 'Support', 'Marketing', 'HR', 'Ledger', 'Catalog', 'Orders', 'Shipping',
  'Compliance', 'Observability', 'Mobile', 'Gaming', 'Claims', 'Pricing',
];
// prettier-ignore
const ENVS = ['Prod', 'Staging', 'Dev', 'QA', 'DR', 'Sandbox', 'EU', 'US', 'APAC', 'Perf', 'UAT'];

/**
 * Extra Ops Manager orgs for the many-orgs scenario (`count` of them), with a mix of link states:
 * about a third synced, a sixth not synced, the rest not linked.
 */
export function buildManyOrgs(
  count: number,
  seed = SEED + 1,
): { orgs: OrgRecord[]; links: Map<string, LinkRecord> } {
  const rng = createRng(seed);
  const newId = createIdFactory(rng, 2015, 2023);
  const orgs: OrgRecord[] = [];
  const links = new Map<string, LinkRecord>();
  const used = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const base = `${rng.pick(COMPANIES)} ${rng.pick(UNITS)} ${rng.pick(ENVS)}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    const id = newId();
    orgs.push({ id, name: n === 1 ? base : `${base} ${n}`, isDeleted: false });
    const roll = rng.next();
    const link = { connectedAt: SEEDED_LINK_TIME, atlasOrgId: null, token: null };
    if (roll < 0.33) links.set(id, { ...link, syncAt: 0 });
    else if (roll < 0.5) links.set(id, { ...link, syncAt: null });
  }
  return { orgs, links };
}
