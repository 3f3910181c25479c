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
