// The audit log's line format and the `GET /api/audit` answer, shared by the proxy and the SPA.
// A line says who tried which change to which organization or federation and how it ended; it
// never holds a link-token, a key, a password or a request body.
import { z } from 'zod/mini';
import { ROLES } from './proxy-contract';

export const AUDIT_OUTCOMES = [
  'success', // the upstream did it (2xx)
  'upstream_error', // the upstream answered with an error status
  'refused', // the proxy refused before any upstream call (role, CSRF, validation, sign-in)
  'failed', // the proxy could not get an answer (unreachable, timeout, internal error)
] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Sign-in and sign-out are recorded too, beside the route table's mutations. */
export const AUDIT_SESSION_OPERATIONS = ['signIn', 'signOut'] as const;

export const auditEntrySchema = z.object({
  time: z.string(),
  requestId: z.string(),
  user: z.nullable(z.string()),
  role: z.nullable(z.enum(ROLES)),
  /** How the user was signed in. */
  auth: z.nullable(z.enum(['password', 'header', 'demo'])),
  /** Route-table operation id (e.g. `removeLink`), `signIn`/`signOut`, or null for an unknown path. */
  operation: z.nullable(z.string()),
  method: z.string(),
  /** Only for requests that matched no operation: the path, without its query string. */
  path: z.optional(z.string()),
  orgId: z.optional(z.string()),
  federationId: z.optional(z.string()),
  outcome: z.enum(AUDIT_OUTCOMES),
  /** HTTP status the dashboard answered with. */
  status: z.int(),
  /** The upstream's status, when the request reached it. */
  upstreamStatus: z.nullable(z.int()),
  /** The proxy's error code or the upstream's errorCode. */
  code: z.optional(z.string()),
  address: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const AUDIT_FILTERS = ['user', 'operation', 'outcome', 'id', 'since', 'limit'] as const;
export type AuditFilters = Partial<Record<(typeof AUDIT_FILTERS)[number], string>>;
export const AUDIT_MAX_LIMIT = 500;

export const auditListSchema = z.object({
  /** Newest first. */
  entries: z.array(auditEntrySchema),
  /** `file`: read from AUDIT_LOG; `memory`: this instance's recent lines only (no file configured). */
  source: z.enum(['file', 'memory']),
  /** True when older lines exist that were not searched. */
  truncated: z.boolean(),
});
export type AuditList = z.infer<typeof auditListSchema>;
