// Linking an organization in one flow (SPEC "Link an organization", "Link-token ledger"): the
// proxy's own endpoints `POST /api/link` (Generate and connect), `GET /api/link-tokens` (the ledger
// of link-tokens generated through the console) and `GET /api/link-tokens/linked-to` (what the
// console knows of one source org's link). Shared by the proxy (server/link/), the SPA and the fakes.
// A link-token's value is never in any of these: only its fingerprint.
import { z } from 'zod/mini';
import { FLEET_STATUSES } from './fleet-contract';
import { SOURCE_UPSTREAMS, UPSTREAMS } from './route-table';
import { ACCESS_LIST_MAX, LINK_SYNC_STATUSES, accessListEntry, objectId } from './schemas';

export const LINK_ENDPOINTS = {
  /** POST: generate a link-token on the Atlas side and connect the source org with it. */
  link: '/api/link',
  /** GET `?atlasOrgId=`: the ledger of one Atlas org, newest first. */
  linkTokens: '/api/link-tokens',
  /** GET `?source=&orgId=`: one source org's link as this console knows it. */
  linkedTo: '/api/link-tokens/linked-to',
} as const;

const isoTime = z.iso.datetime({ offset: true });

/** A link-token's fingerprint: the first 6 hex digits of its SHA-256 (never the token itself). */
export const FINGERPRINT_LENGTH = 6;
export const fingerprintSchema = z.string().check(z.regex(/^[a-f0-9]{6}$/));

/** The body of Generate and connect. */
export const linkRequestSchema = z.strictObject({
  source: z.enum(SOURCE_UPSTREAMS),
  sourceOrgId: objectId,
  atlasOrgId: objectId,
  accessListIps: z.optional(z.array(accessListEntry).check(z.maxLength(ACCESS_LIST_MAX))),
});
export type LinkRequest = z.infer<typeof linkRequestSchema>;

/** How a link-token came to be: **Generate** on the Link-tokens page, or Generate and connect. */
export const LEDGER_ORIGINS = ['generate', 'link'] as const;
export type LedgerOrigin = (typeof LEDGER_ORIGINS)[number];

/** How a source org was connected: by Generate and connect, or a pasted token (Connect dialog). */
export const CONNECT_ORIGINS = ['link', 'connect'] as const;
export type ConnectOrigin = (typeof CONNECT_ORIGINS)[number];

/** One source org connected through this console with a link-token of the ledger. */
export const ledgerConnectionSchema = z.object({
  source: z.enum(SOURCE_UPSTREAMS),
  orgId: objectId,
  /** The org's name as the fleet last listed it; null when not listed yet. */
  orgName: z.nullable(z.string()),
  connectedAt: isoTime,
  connectedBy: z.nullable(z.string()),
  via: z.enum(CONNECT_ORIGINS),
});
export type LedgerConnection = z.infer<typeof ledgerConnectionSchema>;

/** One link-token generated through this console, recorded without its value. */
export const ledgerEntrySchema = z.object({
  id: z.int(),
  atlasOrgId: objectId,
  fingerprint: fingerprintSchema,
  accessListIps: z.array(z.string()),
  generatedAt: isoTime,
  generatedBy: z.nullable(z.string()),
  via: z.enum(LEDGER_ORIGINS),
  /**
   * When Atlas no longer had it, as far as this console saw: deleted through the console (by
   * `deletedBy`), or found gone (Atlas answered 404 to a delete; `deletedBy` null).
   */
  deletedAt: z.nullable(isoTime),
  deletedBy: z.nullable(z.string()),
  /** The source orgs connected with it through the console, oldest first. */
  connections: z.array(ledgerConnectionSchema),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

export const linkTokenLedgerSchema = z.object({
  atlasOrgId: objectId,
  /** Newest first. */
  entries: z.array(ledgerEntrySchema),
});
export type LinkTokenLedger = z.infer<typeof linkTokenLedgerSchema>;

/** Generate and connect succeeded: the connect call's status and the token's ledger entry. */
export const linkResultSchema = z.object({
  source: z.enum(SOURCE_UPSTREAMS),
  sourceOrgId: objectId,
  atlasOrgId: objectId,
  status: z.enum(LINK_SYNC_STATUSES),
  /** null only when the ledger could not be written (the link is made all the same). */
  token: z.nullable(ledgerEntrySchema),
});
export type LinkResult = z.infer<typeof linkResultSchema>;

/** The two upstream calls of Generate and connect, in order. */
export const LINK_STEPS = ['createLinkToken', 'connect'] as const;
export type LinkStep = (typeof LINK_STEPS)[number];

/** Whether a link-token exists after a failure: `unknown` when the generate call got no answer. */
export const TOKEN_CREATED = ['yes', 'no', 'unknown'] as const;

/**
 * Generate and connect failed at one step. The HTTP status is the failing upstream's (or the
 * proxy's, when the upstream gave no answer). When the token was made and the connect failed,
 * `tokenCreated` is `yes`: the token exists in Atlas for `atlasOrgId` (deleteLinkToken removes it).
 */
export const linkFailureSchema = z.object({
  source: z.literal('link'),
  error: z.int(),
  step: z.enum(LINK_STEPS),
  /** Who failed: MongoDB Cloud for the token, the source product for the connect. */
  upstream: z.enum(UPSTREAMS),
  /** The upstream's status; null when it gave no answer (then `code` is the proxy's). */
  upstreamStatus: z.nullable(z.int()),
  code: z.nullable(z.string()),
  /** The upstream's detail (or the proxy's words). Never the token. */
  detail: z.string(),
  tokenCreated: z.enum(TOKEN_CREATED),
  atlasOrgId: objectId,
  /** The ledger entry of the token made, when one was (and recorded). */
  token: z.nullable(ledgerEntrySchema),
});
export type LinkFailure = z.infer<typeof linkFailureSchema>;

/** One source org's link as the console knows it (the org page's "Linked to"). */
export const linkedToSchema = z.object({
  source: z.enum(SOURCE_UPSTREAMS),
  orgId: objectId,
  /** The fleet's last known status; null: not checked yet. */
  status: z.nullable(z.enum(FLEET_STATUSES)),
  statusSince: z.nullable(isoTime),
  /**
   * The connection made through this console that is in place now (no "not linked" seen since);
   * null when there is none (linked outside this console, or not linked).
   */
  connection: z.nullable(
    z.object({
      connectedAt: isoTime,
      connectedBy: z.nullable(z.string()),
      via: z.enum(CONNECT_ORIGINS),
      /** The ledger entry of its link-token; null when the pasted token was not generated here. */
      token: z.nullable(ledgerEntrySchema),
    }),
  ),
});
export type LinkedTo = z.infer<typeof linkedToSchema>;
