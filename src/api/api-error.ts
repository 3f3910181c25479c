// The one error type the fetch layer throws. It says who failed: the upstream API, the proxy, the
// network between the browser and the proxy, or the user's input (refused before anything was sent).
import type { OperationId } from '#contract/route-table';
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
  upstream?: string | undefined;
  fields?: { field: string; description: string }[] | undefined;
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
  readonly fields: { field: string; description: string }[] | undefined;

  constructor(init: ApiErrorInit) {
    super(init.detail);
    this.name = 'ApiError';
    this.source = init.source;
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.detail = init.detail;
    this.reason = init.reason;
    this.retryAfter = init.retryAfter;
    this.operation = init.operation;
    this.upstream = init.upstream;
    this.fields = init.fields;
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

/** What the user can do about an error, in one sentence. */
export function errorAdvice(e: ApiError): string {
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
  if (e.status === 401) return "The proxy's API key was rejected. Check the keys in Settings.";
  if (e.status === 403)
    return 'The API key needs the Organization Owner role for this organization.';
  if (e.status === 404) return 'Check the ID: the upstream has no such item.';
  if (e.status === 429) return `Wait ${e.retryAfter ?? 'a few'} seconds, then try again.`;
  if (e.status >= 500) return 'The upstream failed. Try again later.';
  return 'Correct the request and try again.';
}

/** Short title naming who failed. */
export function errorTitle(e: ApiError): string {
  if (e.source === 'input') return 'What you entered is not valid';
  if (e.source === 'network') return 'Network error';
  if (e.source === 'proxy') return `Dashboard server: ${e.errorCode ?? e.status}`;
  const who = e.upstream ?? 'Upstream';
  return `${who} answered ${e.status}${e.reason ? ` ${e.reason}` : ''}`;
}
