import { isApiError } from '@/api/api-error';

/** A few words on why a check failed, for a table cell (the org page shows the whole story). */
export function shortErrorLabel(error: unknown): string {
  if (!isApiError(error)) return 'Check failed';
  if (error.source === 'input') return 'Not checked: invalid ID';
  if (error.source === 'network') return 'Check failed: network';
  if (error.source === 'proxy') return `Check failed: proxy ${error.status}`;
  if (error.status === 429) {
    return `Rate limited${error.retryAfter !== undefined ? `, retry in ${error.retryAfter} s` : ''}`;
  }
  if (error.status === 401) return 'Check failed: 401 unauthorized';
  if (error.status === 403) return 'Check failed: 403 forbidden';
  return `Check failed: ${error.status}`;
}
