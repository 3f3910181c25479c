// The audit log's line format and the `GET /api/audit` answer, shared by the proxy and the SPA.
// A line says who tried which change to which organization or federation and how it ended; it
// never holds a link-token, a key, a password or a request body.
import { z } from 'zod/mini';
import { ROLES } from './proxy-contract';

export const AUDIT_OUTCOMES = [
  'success', // the upstream did it (2xx)
  'upstream_error', // the upstream answered with an error status
  'refused', // the proxy refused before any upstream call (role, CSRF, validation, sign-in)
  'failed', // the proxy could not get an answer and nothing was sent (unreachable, not configured)
  // Sent, but no answer says how it ended (a timeout or reset after sending, a redirect or an HTML
  // page instead of the API's answer, or the proxy stopped before recording one): the change may
  // have been made — check the status before retrying.
  'unknown',
] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Sign-in and sign-out are recorded too, beside the route table's mutations. */
export const AUDIT_SESSION_OPERATIONS = ['signIn', 'signOut'] as const;

/** Who tried which change to what: what an attempt record and its outcome share. */
const attemptShape = {
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
  /** An Atlas project (a migration's target project). */
  groupId: z.optional(z.string()),
  liveMigrationId: z.optional(z.string()),
  address: z.string(),
};

const outcomeShape = {
  ...attemptShape,
  outcome: z.enum(AUDIT_OUTCOMES),
  /** HTTP status the dashboard answered with; null when no answer was recorded. */
  status: z.nullable(z.int()),
  /** The upstream's status, when the request reached it. */
  upstreamStatus: z.nullable(z.int()),
  /** The proxy's error code or the upstream's errorCode. */
  code: z.optional(z.string()),
};

/** One entry of `GET /api/audit`: an attempt and how it ended. */
export const auditEntrySchema = z.object(outcomeShape);
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/**
 * What the audit log holds (one JSON line each in AUDIT_LOG, and on stdout with AUDIT_STDOUT). The
 * log is written ahead: before a change is forwarded its `attempt` record is durable (else the
 * change is refused), and its `outcome` record before the answer leaves. A refusal before any
 * forwarding, a sign-in and a sign-out have an outcome record only. An attempt with no outcome is
 * read as `unknown` (the proxy stopped in between). Lines written before write-ahead have no `type`.
 */
export const auditAttemptRecordSchema = z.object({ type: z.literal('attempt'), ...attemptShape });
export const auditOutcomeRecordSchema = z.object({
  type: z.optional(z.literal('outcome')),
  ...outcomeShape,
});
export const auditRecordSchema = z.union([auditAttemptRecordSchema, auditOutcomeRecordSchema]);
export type AuditAttemptRecord = z.infer<typeof auditAttemptRecordSchema>;
export type AuditOutcomeRecord = z.infer<typeof auditOutcomeRecordSchema>;
export type AuditRecord = z.infer<typeof auditRecordSchema>;
/** The code of an entry read from an attempt record that has no outcome record. */
export const NO_OUTCOME_RECORDED = 'NO_OUTCOME_RECORDED';

/**
 * The Audit page's filters (kept in its URL): `id` matches any of an entry's org, federation,
 * project (group) and migration IDs; `since` is an ISO time.
 */
export const AUDIT_FILTERS = ['user', 'operation', 'outcome', 'id', 'since', 'limit'] as const;
export type AuditFilters = Partial<Record<(typeof AUDIT_FILTERS)[number], string>>;
/** `GET /api/audit`'s query: the filters, and `before` = the `nextCursor` of the previous page. */
export type AuditQuery = AuditFilters & { before?: string };
export const AUDIT_MAX_LIMIT = 500;
export const AUDIT_DEFAULT_LIMIT = 100;
/** A page cursor: opaque to the SPA (today the position of the last entry shown). */
export const AUDIT_CURSOR_PATTERN = /^[0-9]{1,18}$/;

export const auditListSchema = z.object({
  /** Newest first: one page (`limit`), older than `before` when it was given. */
  entries: z.array(auditEntrySchema),
  /**
   * `database`: the store of record, every instance's records; `file`: read from AUDIT_LOG (its
   * last part); `memory`: this instance's recent records only (tests).
   */
  source: z.enum(['database', 'file', 'memory']),
  /** Pass as `before` for the next, older page; null when there is none. */
  nextCursor: z.nullable(z.string()),
  /** True when older records exist that were not searched (only a file's window has this). */
  truncated: z.boolean(),
  /** Records in the searched part that could not be read (a torn line, a bad row). */
  unreadable: z.int(),
});
export type AuditList = z.infer<typeof auditListSchema>;
