// zod schemas for every body and answer the product exchanges with Ops Manager and MongoDB Cloud.
// The fetch layer, the fakes and the proxy all validate against these (see route-table.ts).
import { z } from 'zod';

/** 24 lowercase hex digits: every org, federation and connected-org ID (FACTS.md). */
export const OBJECT_ID_PATTERN = /^[a-f0-9]{24}$/;
export const objectId = z.string().regex(OBJECT_ID_PATTERN, 'must be 24 lowercase hex digits');

/** Identity provider IDs are 24 hex, or 20 hex for legacy providers. */
export const identityProviderId = z.string().regex(/^[a-f0-9]{20}([a-f0-9]{4})?$/);

export const linkSchema = z.object({ href: z.string(), rel: z.string() });
export type ApiLink = z.infer<typeof linkSchema>;

export function paginated<T extends z.ZodType>(item: T) {
  return z.object({
    results: z.array(item),
    totalCount: z.number().int().nonnegative(),
    links: z.array(linkSchema).optional(),
  });
}

export const orgSchema = z.object({
  id: objectId,
  name: z.string(),
  isDeleted: z.boolean().optional(),
  links: z.array(linkSchema).optional(),
});
export type Org = z.infer<typeof orgSchema>;
export const orgPageSchema = paginated(orgSchema);
export type OrgPage = z.infer<typeof orgPageSchema>;

export const LINK_STATUSES = ['SYNCED', 'NOT_SYNCED'] as const;
export const linkStatusSchema = z.object({ status: z.enum(LINK_STATUSES) });
export type LinkStatus = z.infer<typeof linkStatusSchema>['status'];

/** Real link-tokens are base64 text of a few hundred characters; bound it to catch a bad paste. */
export const LINK_TOKEN_MIN = 16;
export const LINK_TOKEN_MAX = 8192;
export const linkTokenText = z
  .string()
  .min(LINK_TOKEN_MIN, `is shorter than ${LINK_TOKEN_MIN} characters`)
  .max(LINK_TOKEN_MAX, `is longer than ${LINK_TOKEN_MAX} characters`)
  .regex(/^\S+$/, 'must not contain spaces or line breaks');

export const connectBodySchema = z.object({ linkToken: linkTokenText }).strict();
export type ConnectBody = z.infer<typeof connectBodySchema>;

/** One access-list entry: an IPv4 or IPv6 address, or a CIDR block of either. */
export const accessListEntry = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);
export const ACCESS_LIST_MAX = 200;
export const linkTokenBodySchema = z
  .object({ accessListIps: z.array(accessListEntry).max(ACCESS_LIST_MAX).optional() })
  .strict();
export type LinkTokenBody = z.infer<typeof linkTokenBodySchema>;
export const linkTokenSchema = z.object({ linkToken: z.string().min(1) });

export const federationSettingsSchema = z.object({
  id: objectId,
  federatedDomains: z.array(z.string()),
  hasRoleMappings: z.boolean(),
  identityProviderId: identityProviderId.nullable().optional(),
  identityProviderStatus: z.enum(['ACTIVE', 'INACTIVE']),
});
export type FederationSettings = z.infer<typeof federationSettingsSchema>;

export const roleAssignmentSchema = z.object({
  groupId: objectId.nullable().optional(),
  orgId: objectId.nullable().optional(),
  role: z.string(),
});
export const roleMappingSchema = z.object({
  externalGroupName: z.string(),
  id: objectId.optional(),
  roleAssignments: z.array(roleAssignmentSchema).optional(),
});
export const connectedOrgConfigSchema = z.object({
  orgId: objectId,
  domainRestrictionEnabled: z.boolean(),
  domainAllowList: z.array(z.string()).optional(),
  identityProviderId: identityProviderId.nullable().optional(),
  dataAccessIdentityProviderIds: z.array(z.string()).optional(),
  postAuthRoleGrants: z.array(z.string()).optional(),
  roleMappings: z.array(roleMappingSchema).optional(),
  userConflicts: z.array(z.unknown()).nullable().optional(),
  instantUserProvisioningDisabled: z.boolean().optional(),
});
export type ConnectedOrgConfig = z.infer<typeof connectedOrgConfigSchema>;
export const connectedOrgPageSchema = paginated(connectedOrgConfigSchema);

/** The upstream error body (OpenAPI `ApiError`). Real answers send `parameters: null`. */
export const upstreamErrorSchema = z.object({
  error: z.number().int(),
  errorCode: z.string().optional(),
  detail: z.string().optional(),
  reason: z.string().optional(),
  parameters: z.array(z.unknown()).nullable().optional(),
  badRequestDetail: z
    .object({
      fields: z.array(z.object({ field: z.string(), description: z.string() })).optional(),
    })
    .optional(),
});
export type UpstreamErrorBody = z.infer<typeof upstreamErrorSchema>;
