// The second wave of the deterministic data set (FACTS.md "Second wave"): Cloud Manager source orgs,
// which Atlas org each seeded link points at, the source orgs' projects with their deployments and
// migration hosts (what `availableProjects` lists), Atlas projects with clusters (migration targets),
// and each federation's identity providers. Drawn from its own PRNG so the first wave's IDs stay.
import type { ConnectedOrgConfig } from '#contract/schemas';
import { createIdFactory, type Rng } from './prng';
import type {
  FederationRecord,
  LinkRecord,
  OrgRecord,
  SeedData,
  SeedFederationKey,
  SeedLinkState,
} from './seed-data';

export interface SourceDeploymentRecord {
  name: string;
  clusterId: string;
  mongoDBVersion: string;
  featureCompatibilityVersion: string;
  sharded: boolean;
  /** Shards of a sharded cluster; 0 for a replica set. */
  shardsSize: number;
  tlsEnabled: boolean;
  managed: boolean;
  agentVersion: string;
  dbSizeBytes: number;
  oplogSizeMB: number;
}

export interface SourceProjectRecord {
  id: string;
  name: string;
  orgId: string;
  /** Hosts whose MongoDB Agent is set up as a migration host; any other host is "unreachable". */
  migrationHosts: string[];
  deployments: SourceDeploymentRecord[];
}

export interface AtlasClusterRecord {
  id: string;
  name: string;
  mongoDBVersion: string;
  stateName: 'IDLE' | 'UPDATING';
  clusterType: 'REPLICASET' | 'SHARDED';
  diskSizeGB: number;
}

export interface AtlasProjectRecord {
  id: string;
  name: string;
  orgId: string;
  clusters: AtlasClusterRecord[];
}

export interface IdentityProviderRecord {
  id: string;
  /** Legacy 20-hex ID, or null for a newer provider known only by its 24-hex `id`. */
  oktaIdpId: string | null;
  displayName: string;
  description: string | null;
  protocol: 'SAML';
  idpType: 'WORKFORCE';
  status: 'ACTIVE' | 'INACTIVE';
  issuerUri: string;
  ssoUrl: string;
  acsUrl: string;
  audienceUri: string;
  associatedDomains: string[];
  certificates: { notBefore: string; notAfter: string }[];
  createdAt: string;
  updatedAt: string | null;
}

type FirstWave = Omit<
  SeedData,
  'cmOrgs' | 'cmLinkStates' | 'cmLinks' | 'sourceProjects' | 'atlasProjects'
>;

const SEEDED_LINK_TIME = Date.UTC(2024, 4, 14, 9, 30);
const GB = 1024 ** 3;

// Cloud Manager orgs: name, seeded link state, and the Atlas org a link points at. Names differ
// from every Ops Manager name (and from the many-orgs generator's companies).
const CM_ORGS: readonly (readonly [string, SeedLinkState, string | null])[] = [
  ['Zenith Bank Core', 'synced', 'Northwind-Atlas'],
  ['Zenith Bank Cards', 'not-synced', 'Northwind-Atlas'],
  ['Zenith Bank Sandbox', 'none', null],
  ['Orbital Freight Tracking', 'synced', 'Hooli-Atlas-Migration'],
  ['Orbital Freight Billing', 'none', null],
  ['Lumen Health Records', 'synced', 'Tyrell-Genomics-Atlas'],
  ['Lumen Health Imaging', 'not-synced', 'Tyrell-Genomics-Atlas'],
  ['Quartz Media Streaming', 'none', null],
  ['Quartz Media Ads', 'synced', 'Oscorp-Atlas-Trial'],
  ['Helix Biotech LIMS', 'none', null],
  ['Nimbus Travel Bookings', 'not-synced', 'Acme-Payments-Atlas'],
  ['Nimbus Travel Loyalty', 'none', null],
  ['Polaris Energy Grid', 'none', null],
  ['Polaris Energy Trading', 'synced', 'Initech-Atlas'],
];

/** Ops Manager links point at the Atlas org of the same company where there is one. */
const OPS_ATLAS_BY_COMPANY: Record<string, string> = {
  Acme: 'Acme-Payments-Atlas',
  Globex: 'Globex-Atlas-Prod',
  Initech: 'Initech-Atlas',
  Contoso: 'Contoso-Atlas-EU',
  Northwind: 'Northwind-Atlas',
  Hooli: 'Hooli-Atlas-Migration',
  Tyrell: 'Tyrell-Genomics-Atlas',
  Oscorp: 'Oscorp-Atlas-Trial',
};

/**
 * MongoDB versions by source product. Ops Manager sources on 6.0+ are ones push migration no
 * longer supports; Cloud Manager 6.0 below 6.0.17 and 7.0 below 7.0.13 are not supported either
 * (FACTS.md "Push migration has moved on"; contract/push-support.ts holds the rule).
 */
const OPS_VERSIONS = ['4.4.29', '5.0.26', '5.0.26', '6.0.15', '7.0.12'] as const;
const CM_VERSIONS = ['5.0.28', '6.0.16', '6.0.19', '7.0.14', '7.0.14', '8.0.4'] as const;
const OPS_AGENTS = ['12.0.33.7866-1', '107.0.10.8627-1'] as const;
const CM_AGENT = '13.27.0.9112-1';

const PROJECT_SUFFIXES = ['Core', 'Analytics', 'Archive', 'Edge'] as const;
// prettier-ignore
const DEPLOYMENT_NAMES = [
  'orders-rs', 'ledger-rs', 'catalog-rs', 'events-sh', 'sessions-rs', 'billing-rs', 'search-sh',
  'audit-rs', 'inventory-rs', 'metrics-sh',
] as const;

const ATLAS_PROJECT_SUFFIXES = ['Migration Target', 'Production', 'Staging', 'Sandbox'] as const;
const DISK_SIZES_GB = [40, 80, 160, 512, 1024, 2048, 4096] as const;

export function addSecondWave(first: FirstWave, rng: Rng): SeedData {
  const newId = createIdFactory(rng, 2021, 2025);
  const atlasByName = new Map(first.cloudOrgs.map((o) => [o.name, o.id]));
  const atlasId = (name: string): string => {
    const id = atlasByName.get(name);
    if (!id) throw new Error(`no Atlas org named ${name} in the seed`);
    return id;
  };

  // Which Atlas org each seeded Ops Manager link points at.
  for (const org of first.opsOrgs) {
    const link = first.links.get(org.id);
    if (!link) continue;
    const company = org.name.split(' ')[0] ?? '';
    link.atlasOrgId = atlasId(OPS_ATLAS_BY_COMPANY[company] ?? rng.pick(first.cloudOrgs).name);
  }

  // Cloud Manager orgs and their links.
  const cmOrgs: OrgRecord[] = [];
  const cmLinkStates = new Map<string, SeedLinkState>();
  const cmLinks = new Map<string, LinkRecord>();
  for (const [name, state, atlas] of CM_ORGS) {
    const id = newId();
    cmOrgs.push({ id, name, isDeleted: false });
    cmLinkStates.set(id, state);
    if (state !== 'none') {
      cmLinks.set(id, {
        connectedAt: SEEDED_LINK_TIME,
        syncAt: state === 'synced' ? 0 : null,
        atlasOrgId: atlas ? atlasId(atlas) : null,
        token: null,
      });
    }
  }

  // Projects with deployments and migration hosts, for every seeded source org.
  const sourceProjects = new Map<string, SourceProjectRecord[]>();
  for (const org of first.opsOrgs) {
    sourceProjects.set(org.id, sourceProjectsOf(rng, newId, org, 'opsmanager'));
  }
  for (const org of cmOrgs) {
    sourceProjects.set(org.id, sourceProjectsOf(rng, newId, org, 'cloudmanager'));
  }

  // Atlas projects and clusters: every org's first project holds a large and a 10 GB cluster, so
  // "not enough disk on the target" has a natural example everywhere.
  const atlasProjects = first.cloudOrgs.flatMap((org) => atlasProjectsOf(rng, newId, org));

  const federations = first.federations.map((f) => ({
    ...f,
    identityProviders: identityProvidersOf(rng, newId, f, IDP_NAMES[f.key as SeedFederationKey]),
  }));

  return { ...first, federations, cmOrgs, cmLinkStates, cmLinks, sourceProjects, atlasProjects };
}

/** 1–3 Atlas projects of a MongoDB Cloud org; the first holds a large and a 10 GB cluster. */
export function atlasProjectsOf(
  rng: Rng,
  newId: () => string,
  org: OrgRecord,
): AtlasProjectRecord[] {
  const atlasProjects: AtlasProjectRecord[] = [];
  const count = rng.int(1, 3);
  const base = org.name
    .replace(/-Atlas\b|-/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
  for (let i = 0; i < count; i++) {
    const slug = base.toLowerCase().split(' ')[0] ?? 'app';
    const clusters: AtlasClusterRecord[] =
      i === 0
        ? [
            atlasCluster(newId, `${slug}-prod`, 2048, 'REPLICASET', '7.0.14'),
            atlasCluster(newId, `${slug}-tiny`, 10, 'REPLICASET', '7.0.14'),
          ]
        : [];
    for (let c = rng.int(i === 0 ? 0 : 1, 2); c > 0; c--) {
      clusters.push(
        atlasCluster(
          newId,
          `${slug}-${rng.pick(['data', 'events', 'ledger', 'search'])}-${clusters.length}`,
          rng.pick(DISK_SIZES_GB),
          rng.chance(0.25) ? 'SHARDED' : 'REPLICASET',
          rng.pick(['7.0.14', '8.0.4']),
        ),
      );
    }
    atlasProjects.push({
      id: newId(),
      name: `${base} ${ATLAS_PROJECT_SUFFIXES[i] ?? `Project ${i + 1}`}`,
      orgId: org.id,
      clusters,
    });
  }
  return atlasProjects;
}

function atlasCluster(
  newId: () => string,
  name: string,
  diskSizeGB: number,
  clusterType: AtlasClusterRecord['clusterType'],
  mongoDBVersion: string,
): AtlasClusterRecord {
  return { id: newId(), name, mongoDBVersion, stateName: 'IDLE', clusterType, diskSizeGB };
}

function sourceProjectsOf(
  rng: Rng,
  newId: () => string,
  org: OrgRecord,
  product: 'opsmanager' | 'cloudmanager',
): SourceProjectRecord[] {
  const words = org.name.split(' ');
  const slug = (words[0] ?? 'org').toLowerCase().replace(/[^a-z0-9]/g, '');
  const projects: SourceProjectRecord[] = [];
  const count = rng.int(1, 2);
  const names = [...DEPLOYMENT_NAMES];
  for (let p = 0; p < count; p++) {
    const hosts = Array.from(
      { length: rng.int(1, 2) },
      (_, h) => `mig-${p + 1}${String.fromCharCode(97 + h)}.${slug}.internal`,
    );
    const deployments: SourceDeploymentRecord[] = [];
    for (let d = rng.int(1, 3); d > 0; d--) {
      const name = names.splice(rng.int(0, names.length - 1), 1)[0] ?? `rs-${d}`;
      const version = rng.pick(product === 'opsmanager' ? OPS_VERSIONS : CM_VERSIONS);
      const sharded = name.endsWith('-sh');
      deployments.push({
        name,
        clusterId: newId(),
        mongoDBVersion: version,
        featureCompatibilityVersion: version.split('.').slice(0, 2).join('.'),
        sharded,
        shardsSize: sharded ? rng.int(2, 4) : 0,
        tlsEnabled: rng.chance(0.6),
        managed: rng.chance(0.85),
        agentVersion: product === 'opsmanager' ? rng.pick(OPS_AGENTS) : CM_AGENT,
        // 0.5 GB to 600 GB: some fit the 10 GB target clusters, most do not.
        dbSizeBytes: Math.round(rng.int(512, 600 * 1024) * (GB / 1024)),
        oplogSizeMB: rng.pick([1024, 2048, 8192, 16384, 51200]),
      });
    }
    projects.push({
      id: newId(),
      name: `${words.slice(0, 2).join(' ')} ${PROJECT_SUFFIXES[p] ?? 'Project'}`,
      orgId: org.id,
      migrationHosts: hosts,
      deployments,
    });
  }
  return projects;
}

const IDP_NAMES: Record<SeedFederationKey, string> = {
  single: 'Acme Okta',
  pair: 'Globex Entra ID',
  large: 'Contoso Okta Workforce',
  medium: 'Initech Ping (retired)',
};

/**
 * The federation's own (legacy 20-hex) provider, plus one newer provider for each 24-hex
 * identityProviderId a connected org names. Certificates: one long valid, one already expired.
 */
export function identityProvidersOf(
  rng: Rng,
  newId: () => string,
  f: FederationRecord,
  displayName: string,
): IdentityProviderRecord[] {
  const domain = f.federatedDomains[0] ?? 'example.com';
  const make = (
    oktaIdpId: string | null,
    id: string,
    displayName: string,
    domains: string[],
    expired: boolean,
  ): IdentityProviderRecord => ({
    id,
    oktaIdpId,
    displayName,
    description: expired ? 'Signing certificate expired; kept for the audit trail' : null,
    protocol: 'SAML',
    idpType: 'WORKFORCE',
    status: f.identityProviderStatus,
    issuerUri: `http://www.okta.com/${rng.hex(20)}`,
    ssoUrl: `https://sso.${domain}/app/mongodb/${rng.hex(12)}/sso/saml`,
    acsUrl: `https://auth.mongodb.com/sso/saml2/${rng.hex(20)}`,
    audienceUri: `https://www.okta.com/saml2/service-provider/${rng.hex(20)}`,
    associatedDomains: domains,
    certificates: [
      expired
        ? { notBefore: '2021-03-01T00:00:00Z', notAfter: '2024-03-01T00:00:00Z' }
        : { notBefore: '2024-01-15T00:00:00Z', notAfter: '2034-01-15T00:00:00Z' },
    ],
    createdAt: '2022-06-01T12:00:00Z',
    updatedAt: null,
  });
  const providers = [
    make(
      f.identityProviderId,
      newId(),
      displayName,
      f.federatedDomains,
      f.identityProviderStatus === 'INACTIVE',
    ),
  ];
  const newer = new Set(
    f.connectedOrgs
      .map((c: ConnectedOrgConfig) => c.identityProviderId)
      .filter((id): id is string => typeof id === 'string' && id.length === 24),
  );
  for (const id of newer) {
    providers.push(
      make(null, id, `${displayName} (partners)`, f.federatedDomains.slice(-1), false),
    );
  }
  return providers;
}
