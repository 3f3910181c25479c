import { isApiError } from '@/api/api-error';
import type { CheckError } from '#contract/fleet-contract';

/**
 * A few words on why a check failed, for a table cell (the org page shows the whole story). They
 * start with the state's own words ("Check failed"), as in the summary and the status filter.
 */
const PROXY_WORDS: Record<string, string> = {
  UPSTREAM_UNREACHABLE: 'unreachable',
  UPSTREAM_TIMEOUT: 'timed out',
  UPSTREAM_NOT_CONFIGURED: 'not configured',
  NOT_SIGNED_IN: 'not signed in',
};

function byStatus(status: number): string {
  if (status === 429) return 'Check failed: rate limited';
  if (status === 401) return 'Check failed: 401 unauthorized';
  if (status === 403) return 'Check failed: 403 forbidden';
  return `Check failed: ${status}`;
}

/** A check this browser made (through the proxy) that failed. */
export function shortErrorLabel(error: unknown): string {
  if (!isApiError(error)) return 'Check failed';
  if (error.source === 'input') return 'Not checked: invalid ID';
  if (error.source === 'network') return 'Check failed: network';
  if (error.source === 'proxy') {
    const why = PROXY_WORDS[error.errorCode ?? ''];
    return `Check failed: ${why ?? `dashboard server ${error.status}`}`;
  }
  return byStatus(error.status);
}

/** A check the server made (its sweep, or someone's poll) that failed, as /api/fleet says. */
export function fleetErrorLabel(error: CheckError): string {
  if (error.httpStatus === null) {
    const why = PROXY_WORDS[error.code];
    return `Check failed: ${why ?? 'no answer'}`;
  }
  return byStatus(error.httpStatus);
}
