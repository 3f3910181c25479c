// zod schemas for every body and answer the product exchanges with Ops Manager and MongoDB Cloud.
// The fetch layer, the fakes and the proxy all validate against these (see route-table.ts).
// zod/mini: the same schemas at a fraction of the bundle size (the SPA's first route has a budget).
import { z } from 'zod/mini';

/** 24 lowercase hex digits: every org, federation and connected-org ID (FACTS.md). */
export const OBJECT_ID_PATTERN = /^[a-f0-9]{24}$/;
/**
 * What OBJECT_ID_PATTERN asks, in plain words: the one wording of every message about a malformed
 * ID (the SPA's forms and pages, the proxy's refusals, the fakes).
 */
export const OBJECT_ID_RULE = '24 characters: digits 0-9 and letters a-f';
/** The sentence a form or page shows under a malformed ID. */
export const OBJECT_ID_HINT = `An ID is ${OBJECT_ID_RULE}.`;
/** A refused ID parameter, e.g. "orgId must be 24 characters: …" (proxy and fakes). */
export function invalidIdMessage(param: string): string {
  return `${param} ${OBJECT_ID_PROBLEM}`;
}
/** A schema's message for a malformed ID, after the field's name: `orgId: must be 24 characters …`. */
export const OBJECT_ID_PROBLEM = `must be ${OBJECT_ID_RULE}`;
export const objectId = z.string().check(z.regex(OBJECT_ID_PATTERN, OBJECT_ID_PROBLEM));

/** Identity provider IDs are 24 hex, or 20 hex for legacy providers. */
export const identityProviderId = z.string().check(z.regex(/^[a-f0-9]{20}([a-f0-9]{4})?$/));

export const linkSchema = z.object({ href: z.string(), rel: z.string() });

export function paginated<T extends z.ZodMiniType>(item: T) {
  return z.object({
    results: z.array(item),
    totalCount: z.int().check(z.nonnegative()),
    links: z.optional(z.array(linkSchema)),
  });
}

export const orgSchema = z.object({
  id: objectId,
  name: z.string(),
  isDeleted: z.optional(z.boolean()),
  links: z.optional(z.array(linkSchema)),
});
export type Org = z.infer<typeof orgSchema>;
export const orgPageSchema = paginated(orgSchema);

/** Whether a linked org is in sync with Atlas: what the upstream's link status endpoint says. */
export const LINK_SYNC_STATUSES = ['SYNCED', 'NOT_SYNCED'] as const;
export type LinkSyncStatus = (typeof LINK_SYNC_STATUSES)[number];
/** The answer of getLinkStatus (an org without a link answers 404 instead: upstream-answers.ts). */
export const linkStatusSchema = z.object({ status: z.enum(LINK_SYNC_STATUSES) });

/** Real link-tokens are base64 text of a few hundred characters; bound it to catch a bad paste. */
export const LINK_TOKEN_MIN = 16;
export const LINK_TOKEN_MAX = 8192;
export const linkTokenText = z
  .string()
  .check(
    z.minLength(LINK_TOKEN_MIN, `is shorter than ${LINK_TOKEN_MIN} characters`),
    z.maxLength(LINK_TOKEN_MAX, `is longer than ${LINK_TOKEN_MAX} characters`),
    z.regex(/^\S+$/, 'must not contain spaces or line breaks'),
  );

export const connectBodySchema = z.strictObject({ linkToken: linkTokenText });

/** One access-list entry: an IPv4 or IPv6 address, or a CIDR block of either. */
export const accessListEntry = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);
export const ACCESS_LIST_MAX = 200;
export const linkTokenBodySchema = z.strictObject({
  accessListIps: z.optional(z.array(accessListEntry).check(z.maxLength(ACCESS_LIST_MAX))),
});
export const linkTokenSchema = z.object({ linkToken: z.string().check(z.minLength(1)) });

export const federationSettingsSchema = z.object({
  id: objectId,
  federatedDomains: z.array(z.string()),
  hasRoleMappings: z.boolean(),
  identityProviderId: z.optional(z.nullable(identityProviderId)),
  identityProviderStatus: z.enum(['ACTIVE', 'INACTIVE']),
});
export type FederationSettings = z.infer<typeof federationSettingsSchema>;

export const roleAssignmentSchema = z.object({
  groupId: z.optional(z.nullable(objectId)),
  orgId: z.optional(z.nullable(objectId)),
  role: z.string(),
});
export const roleMappingSchema = z.object({
  externalGroupName: z.string(),
  id: z.optional(objectId),
  roleAssignments: z.optional(z.array(roleAssignmentSchema)),
});
export const connectedOrgConfigSchema = z.object({
  orgId: objectId,
  domainRestrictionEnabled: z.boolean(),
  domainAllowList: z.optional(z.array(z.string())),
  identityProviderId: z.optional(z.nullable(identityProviderId)),
  dataAccessIdentityProviderIds: z.optional(z.array(z.string())),
  postAuthRoleGrants: z.optional(z.array(z.string())),
  roleMappings: z.optional(z.array(roleMappingSchema)),
  userConflicts: z.optional(z.nullable(z.array(z.unknown()))),
  instantUserProvisioningDisabled: z.optional(z.boolean()),
});
export type ConnectedOrgConfig = z.infer<typeof connectedOrgConfigSchema>;
export const connectedOrgPageSchema = paginated(connectedOrgConfigSchema);

// ---------- Second wave (FACTS.md "Second wave"; shapes from atlas-admin-api-v2-excerpt.yaml) ----------

/** A link-token's Atlas side is an org; its source side one of these (the migration's source). */
const shortText = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

/** One source deployment `availableProjects` lists (AvailableClustersDeployment). */
export const availableDeploymentSchema = z.object({
  name: z.string(),
  clusterId: z.optional(objectId),
  mongoDBVersion: z.string(),
  featureCompatibilityVersion: z.string(),
  sharded: z.boolean(),
  shardsSize: z.optional(z.int()),
  tlsEnabled: z.boolean(),
  managed: z.boolean(),
  agentVersion: z.optional(z.string()),
  dbSizeBytes: z.optional(z.int()),
  oplogSizeMB: z.optional(z.int()),
});
export type AvailableDeployment = z.infer<typeof availableDeploymentSchema>;

/** One source project a linked source org offers for migration (LiveImportAvailableProject). */
export const availableProjectSchema = z.object({
  projectId: objectId,
  name: z.string(),
  migrationHosts: z.array(z.string()),
  deployments: z.array(availableDeploymentSchema),
});
export type AvailableProject = z.infer<typeof availableProjectSchema>;
/** `GET …/liveMigrations/availableProjects` answers a bare array, not a page. */
export const availableProjectsSchema = z.array(availableProjectSchema);

export const HOSTNAME_SCHEMA_TYPES = ['PUBLIC', 'PRIVATE_LINK', 'VPC_PEERING'] as const;

/**
 * Body of validate and create (`LiveMigrationRequest20240530`). `source.password` is WRITE-ONLY:
 * the proxy forwards it and nothing ever stores, logs or echoes it (FACTS.md).
 */
export const liveMigrationRequestSchema = z.strictObject({
  source: z.strictObject({
    clusterName: shortText(256),
    groupId: objectId,
    managedAuthentication: z.boolean(),
    ssl: z.boolean(),
    username: z.optional(z.nullable(z.string().check(z.maxLength(256)))),
    password: z.optional(z.nullable(z.string().check(z.maxLength(1024)))),
    caCertificatePath: z.optional(z.nullable(z.string().check(z.maxLength(1024)))),
  }),
  destination: z.strictObject({
    clusterName: shortText(64),
    groupId: objectId,
    hostnameSchemaType: z.enum(HOSTNAME_SCHEMA_TYPES),
    privateLinkId: z.optional(z.nullable(z.string().check(z.maxLength(256)))),
  }),
  /** Exactly one migration host (FACTS.md). */
  migrationHosts: z.array(shortText(253)).check(z.length(1, 'must hold exactly one host')),
  dropDestinationData: z.optional(z.boolean()),
  sharding: z.optional(
    z.nullable(
      z.strictObject({
        createSupportingIndexes: z.boolean(),
        shardingEntries: z
          .array(
            z.strictObject({
              collection: shortText(255),
              database: shortText(64),
              shardCollection: z.strictObject({
                key: z.array(z.record(z.string(), z.unknown())).check(z.maxLength(32)),
              }),
            }),
          )
          .check(z.maxLength(1000)),
      }),
    ),
  ),
});
export type LiveMigrationRequest = z.infer<typeof liveMigrationRequestSchema>;

export const VALIDATION_STATUSES = ['PENDING', 'SUCCESS', 'FAILED'] as const;
export type ValidationStatus = (typeof VALIDATION_STATUSES)[number];
/** A validation job (LiveImportValidation): `errorMessage` says why it FAILED, in plain words. */
export const migrationValidationSchema = z.object({
  _id: objectId,
  groupId: objectId,
  sourceGroupId: z.optional(objectId),
  status: z.nullable(z.enum(VALIDATION_STATUSES)),
  errorMessage: z.optional(z.nullable(z.string())),
});
export type MigrationValidation = z.infer<typeof migrationValidationSchema>;

/** COMPLETE, not COMPLETED; readiness is the `readyForCutover` flag, not a status (FACTS.md). */
export const MIGRATION_STATUSES = ['NEW', 'WORKING', 'FAILED', 'COMPLETE', 'EXPIRED'] as const;
export type MigrationStatus = (typeof MIGRATION_STATUSES)[number];
/** A migration (LiveMigrationResponse). It names neither source nor destination. */
export const liveMigrationSchema = z.object({
  _id: objectId,
  status: z.nullable(z.enum(MIGRATION_STATUSES)),
  /** Only while the migration is active, before the cutover phase. */
  lagTimeSeconds: z.optional(z.nullable(z.int())),
  readyForCutover: z.boolean(),
  migrationHosts: z.optional(z.array(z.string())),
});
export type LiveMigration = z.infer<typeof liveMigrationSchema>;

/** An Atlas project (a migration target's container). Assumed: not in FACTS.md. */
export const atlasProjectSchema = z.object({
  id: objectId,
  name: z.string(),
  orgId: objectId,
  clusterCount: z.int().check(z.nonnegative()),
});
export type AtlasProject = z.infer<typeof atlasProjectSchema>;
export const atlasProjectPageSchema = paginated(atlasProjectSchema);

/** An Atlas cluster (a migration target). Assumed: not in FACTS.md. */
export const atlasClusterSchema = z.object({
  id: z.optional(objectId),
  name: z.string(),
  mongoDBVersion: z.string(),
  stateName: z.string(),
  clusterType: z.string(),
  diskSizeGB: z.number(),
});
export type AtlasCluster = z.infer<typeof atlasClusterSchema>;
export const atlasClusterPageSchema = paginated(atlasClusterSchema);

/** One identity provider of a federation (the excerpt's FederationSamlIdentityProvider). */
export const identityProviderSchema = z.object({
  id: objectId,
  /** Legacy 20-hex ID; connected orgs and org federation settings name it. */
  oktaIdpId: z.nullable(z.string().check(z.regex(/^[a-f0-9]{20}$/))),
  displayName: z.string(),
  description: z.optional(z.nullable(z.string())),
  protocol: z.enum(['SAML', 'OIDC']),
  idpType: z.optional(z.enum(['WORKFORCE', 'WORKLOAD'])),
  status: z.optional(z.enum(['ACTIVE', 'INACTIVE'])),
  issuerUri: z.optional(z.string()),
  associatedDomains: z.optional(z.array(z.string())),
  associatedOrgs: z.optional(z.array(connectedOrgConfigSchema)),
  pemFileInfo: z.optional(
    z.nullable(
      z.object({
        fileName: z.optional(z.string()),
        certificates: z.optional(
          z.array(
            z.object({ notBefore: z.optional(z.string()), notAfter: z.optional(z.string()) }),
          ),
        ),
      }),
    ),
  ),
  createdAt: z.optional(z.string()),
  updatedAt: z.optional(z.nullable(z.string())),
});
export type IdentityProvider = z.infer<typeof identityProviderSchema>;
export const identityProviderPageSchema = paginated(identityProviderSchema);

/** The upstream error body (OpenAPI `ApiError`). Real answers send `parameters: null`. */
export const upstreamErrorSchema = z.object({
  error: z.int(),
  errorCode: z.optional(z.string()),
  detail: z.optional(z.string()),
  reason: z.optional(z.string()),
  parameters: z.optional(z.nullable(z.array(z.unknown()))),
  badRequestDetail: z.optional(
    z.object({
      fields: z.optional(z.array(z.object({ field: z.string(), description: z.string() }))),
    }),
  ),
});
export type UpstreamErrorBody = z.infer<typeof upstreamErrorSchema>;
