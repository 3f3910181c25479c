// What a fake answers, before it becomes an HTTP response: status, JSON body, headers. Upstream
// errors follow contract/FACTS.md: `{detail, error, errorCode, parameters: null, reason}` plus an
// X-Error-Code header; envelope=true wraps any answer in `{status, content}` with HTTP 200.
import { HttpResponse } from 'msw';
import type { ProxyErrorBody, ProxyErrorCode } from '#contract/proxy-contract';
import { PROXY_MESSAGES } from '#contract/proxy-messages';
import { UPSTREAM_LABELS, type Upstream } from '#contract/route-table';
import type { UpstreamErrorBody } from '#contract/schemas';

export interface MockAnswer {
  status: number;
  /** undefined = no body (204). */
  body: unknown;
  headers: Record<string, string>;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

/** Every errorCode the upstream fakes send (assumed ones marked in FACTS.md or chosen here). */
export const UPSTREAM_ERROR_CODES = {
  invalidAttribute: 'INVALID_ATTRIBUTE',
  invalidQuery: 'INVALID_QUERY_PARAMETER',
  malformedJson: 'MALFORMED_JSON',
  validation: 'VALIDATION_ERROR',
  invalidLinkToken: 'INVALID_LINK_TOKEN',
  linkTokenExpired: 'LINK_TOKEN_EXPIRED',
  orgAlreadyLinked: 'ORG_ALREADY_LINKED',
  orgNotFound: 'ORG_NOT_FOUND',
  /** Observed for a missing link and a missing link-token (FACTS.md). */
  unexpected: 'UNEXPECTED_ERROR',
  federationNotFound: 'FEDERATION_SETTINGS_NOT_FOUND',
  connectedOrgNotFound: 'CONNECTED_ORG_CONFIG_NOT_FOUND',
  lastConnectedOrg: 'CANNOT_REMOVE_LAST_CONNECTED_ORG',
  forbidden: 'USER_UNAUTHORIZED',
  rateLimited: 'RATE_LIMITED',
  resourceNotFound: 'RESOURCE_NOT_FOUND',
  // Second wave (docs/contract/ASSUMPTIONS.md says which are Assumed).
  /** FACTS.md: removing an org link or link-token while a migration runs. */
  activeMigration: 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
  invalidVersion: 'INVALID_VERSION_DATE',
  groupNotFound: 'GROUP_NOT_FOUND',
  clusterNotFound: 'CLUSTER_NOT_FOUND',
  migrationValidationFailed: 'LIVE_MIGRATION_VALIDATION_FAILED',
  cannotCutOver: 'CANNOT_CUT_OVER_LIVE_MIGRATION',
  federationHasOrgs: 'CANNOT_DELETE_FEDERATION_WITH_MULTIPLE_CONNECTED_ORGS',
} as const;

export const NO_LINK_DETAIL = 'Could not find the requested external organization link.';
export const LAST_ORG_DETAIL = 'A federation must keep at least one connected organization.';

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): MockAnswer {
  return { status, body, headers };
}

/** An answer without a body: 204, or 202 (a cutover accepted). */
export function noContent(status: 202 | 204 = 204): MockAnswer {
  return { status, body: undefined, headers: {} };
}

/** An upstream error. `errorCode` null = none at all (a 401 from a bad key). */
export function upstreamError(
  status: number,
  errorCode: string | null,
  detail: string,
  extra: {
    fields?: { field: string; description: string }[];
    headers?: Record<string, string>;
  } = {},
): MockAnswer {
  // Key order as real servers send it (alphabetical).
  const body: UpstreamErrorBody = {
    ...(extra.fields ? { badRequestDetail: { fields: extra.fields } } : {}),
    detail,
    error: status,
    ...(errorCode === null ? {} : { errorCode }),
    parameters: null,
    reason: REASONS[status] ?? 'Error',
  };
  const headers = { ...extra.headers };
  if (errorCode !== null) headers['X-Error-Code'] = errorCode;
  return { status, body, headers };
}

/** The proxy's own error (contract/proxy-contract.ts), in its words (contract/proxy-messages.ts). */
export function proxyError(
  status: number,
  code: ProxyErrorCode,
  detail: string,
  upstream?: Upstream,
): MockAnswer {
  const body: ProxyErrorBody = {
    source: 'proxy',
    error: status,
    code,
    detail,
    ...(upstream ? { upstream } : {}),
  };
  return { status, body, headers: {} };
}

export function upstreamDown(upstream: Upstream): MockAnswer {
  return proxyError(
    502,
    'UPSTREAM_UNREACHABLE',
    PROXY_MESSAGES.upstreamUnreachable(UPSTREAM_LABELS[upstream], 'connection refused'),
    upstream,
  );
}

export function csrfRejected(): MockAnswer {
  return proxyError(403, 'CSRF_REJECTED', PROXY_MESSAGES.csrfHeader);
}

/** Applies `envelope=true` and `pretty=true` and builds the HTTP response. */
export function toResponse(answer: MockAnswer, query: URLSearchParams): Response {
  const envelope = query.get('envelope') === 'true';
  const pretty = query.get('pretty') === 'true';
  let status = answer.status;
  let body = answer.body;
  if (envelope) {
    body = { status: answer.status, content: answer.body ?? null };
    status = 200;
  }
  if (body === undefined) return new HttpResponse(null, { status, headers: answer.headers });
  const text = pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body);
  return new HttpResponse(text, {
    status,
    headers: { 'Content-Type': 'application/json', ...answer.headers },
  });
}
