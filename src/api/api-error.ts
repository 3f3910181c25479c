// The one error type the fetch layer throws. It says who failed: the upstream API, the proxy, the
// network between the browser and the proxy, or the user's input (refused before anything was sent).
import type { ProxyErrorCode } from '#contract/proxy-contract';
import { UPSTREAM_LABELS, type OperationId, type Upstream } from '#contract/route-table';
import { upstreamAnswerMeansNone } from '#contract/upstream-answers';

export type ErrorSource = 'upstream' | 'proxy' | 'network' | 'input';

export interface ApiErrorInit {
  source: ErrorSource;
  status: number;
  errorCode?: string | undefined;
  detail: string;
  reason?: string | undefined;
  retryAfter?: number | undefined;
  operation?: OperationId | string | undefined;
  /** Who answered, in words ("Ops Manager"); for the dashboard server's own endpoints, that. */
  upstream?: string | undefined;
  /** Which upstream the call was for, when it was one (the key facts in /api/config are by it). */
  upstreamId?: Upstream | undefined;
  fields?: { field: string; description: string }[] | undefined;
  /** The error answer's parsed JSON, for an endpoint whose errors say more (Generate and connect). */
  answer?: unknown;
}

export class ApiError extends Error {
  readonly source: ErrorSource;
  /** HTTP status; 0 when the network failed before any answer; 400 for input refused in the browser. */
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly detail: string;
  readonly reason: string | undefined;
  /** Seconds to wait before trying again (from `Retry-After`). */
  readonly retryAfter: number | undefined;
  readonly operation: string | undefined;
  readonly upstream: string | undefined;
  readonly upstreamId: Upstream | undefined;
  readonly fields: { field: string; description: string }[] | undefined;
  readonly answer: unknown;
  /** When the answer came (ms since the epoch): a `Retry-After` counts from here. */
  readonly receivedAt: number;

  constructor(init: ApiErrorInit) {
    super(init.detail);
    this.receivedAt = Date.now();
    this.name = 'ApiError';
    this.source = init.source;
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.detail = init.detail;
    this.reason = init.reason;
    this.retryAfter = init.retryAfter;
    this.operation = init.operation;
    this.upstream = init.upstream;
    this.upstreamId = init.upstreamId;
    this.fields = init.fields;
    this.answer = init.answer;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** The upstream answered that there is none (no link, federation, link-token): upstream-answers.ts. */
export function isUpstreamNone(e: unknown): e is ApiError {
  return isApiError(e) && e.source === 'upstream' && upstreamAnswerMeansNone(e.status);
}

/** Parses `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** What the page knows beside the error, to make the advice precise. */
export interface ErrorContext {
  /** The public part of the proxy's key for the upstream that answered (never the private part). */
  publicKey?: string | null | undefined;
}

/** "Ops Manager", or "The upstream" when the error does not say which. */
function upstreamWords(e: ApiError): string {
  if (e.upstreamId) return UPSTREAM_LABELS[e.upstreamId];
  return e.upstream ?? 'The upstream';
}

/** "the proxy's Ops Manager API key (public key abcd1234)". */
function keyWords(e: ApiError, ctx: ErrorContext): string {
  const which = e.upstreamId ? `${UPSTREAM_LABELS[e.upstreamId]} ` : '';
  return `the proxy's ${which}API key${ctx.publicKey ? ` (public key ${ctx.publicKey})` : ''}`;
}

/** What the user can do about an error, in one or two sentences. */
export function errorAdvice(e: ApiError, ctx: ErrorContext = {}): string {
  if (e.source === 'input') return 'Correct what you entered and try again. Nothing was sent.';
  if (e.source === 'network') {
    return 'The dashboard could not reach its server. Check your connection and try again.';
  }
  if (e.source === 'proxy') {
    switch (e.errorCode) {
      case 'NOT_SIGNED_IN':
        return 'Sign in and try again.';
      case 'ROLE_REQUIRED':
        return 'Ask an administrator for the operator role.';
      case 'UPSTREAM_NOT_CONFIGURED':
      case 'UPSTREAM_UNREACHABLE':
        return "Check the proxy's upstream settings (see Settings), then try again.";
      case 'UPSTREAM_TIMEOUT':
        return 'The upstream is slow to answer. Try again in a moment.';
      case 'TOO_MANY_ATTEMPTS':
      case 'SERVER_BUSY':
        return `Wait ${e.retryAfter ?? 'a few'} seconds, then try again.`;
      case 'OUTCOME_UNKNOWN':
        return 'Check the current status before you try again: the change may have been made.';
      case 'UPSTREAM_BAD_ANSWER':
        return "Check the upstream's URL in the proxy's settings and what sits in front of it.";
      default:
        return 'The dashboard refused this request. Reload the page and try again.';
    }
  }
  if (e.status === 401) {
    return `${upstreamWords(e)} refused ${keyWords(e, ctx)}. An administrator must replace the key in the proxy's settings; Settings shows when each key was last accepted.`;
  }
  if (e.status === 403) {
    // The upstream's detail usually names the role already: then only who must do what is added.
    return /organization owner/i.test(e.detail)
      ? `Ask an administrator to grant that role to ${keyWords(e, ctx)}.`
      : `Ask an administrator to give ${keyWords(e, ctx)} the Organization Owner role for this organization.`;
  }
  if (e.status === 404) return 'Check the ID: the upstream has no such item.';
  if (e.status === 429) return `Wait ${e.retryAfter ?? 'a few'} seconds, then try again.`;
  if (e.status >= 500) return 'The upstream failed. Try again later.';
  return 'Correct the request and try again.';
}

/** The dashboard server's own error codes in words; the code itself is shown small, beside. */
const PROXY_TITLES: Record<ProxyErrorCode, (who: string) => string> = {
  UPSTREAM_UNREACHABLE: (who) => `${who} could not be reached`,
  UPSTREAM_TIMEOUT: (who) => `${who} did not answer in time`,
  UPSTREAM_NOT_CONFIGURED: (who) => `${who} is not configured`,
  REQUEST_REFUSED: () => 'The dashboard server refused the request',
  NOT_SIGNED_IN: () => 'Not signed in',
  ROLE_REQUIRED: () => 'Your role does not allow this',
  CSRF_REJECTED: () => 'Refused as a cross-site request',
  TOO_MANY_ATTEMPTS: () => 'Too many attempts',
  INTERNAL: () => 'The dashboard server failed',
  OUTCOME_UNKNOWN: (who) => `${who} may or may not have made the change`,
  UPSTREAM_BAD_ANSWER: (who) => `${who} sent an answer that is not the API's`,
  SERVER_BUSY: () => 'The dashboard server is busy',
};

function isProxyCode(code: string | undefined): code is ProxyErrorCode {
  return code !== undefined && Object.hasOwn(PROXY_TITLES, code);
}

/** Short title naming who failed, in words. */
export function errorTitle(e: ApiError): string {
  if (e.source === 'input') return 'What you entered is not valid';
  if (e.source === 'network') return 'Network error';
  if (e.source === 'proxy') {
    return isProxyCode(e.errorCode)
      ? PROXY_TITLES[e.errorCode](upstreamWords(e))
      : `The dashboard server answered ${e.status}`;
  }
  const who = e.upstream ?? 'Upstream';
  return `${who} answered ${e.status}${e.reason ? ` ${e.reason}` : ''}`;
}
