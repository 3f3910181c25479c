import type { AuditEntry, AuditOutcome } from '#contract/audit-contract';
import { PROXY_ACTIONS } from '#contract/proxy-contract';
import { upstreamAnswerMeansNone } from '#contract/upstream-answers';
import { operationIds, routes } from '#contract/route-table';

/** Operation ids in words: the route table's mutations, the proxy's actions, sign-in, sign-out. */
export const OPERATION_LABELS: Record<string, string> = {
  ...Object.fromEntries(
    operationIds
      .filter((op) => routes[op].mutation)
      .map((op) => [op, capitalize(routes[op].summary)]),
  ),
  ...Object.fromEntries(
    Object.entries(PROXY_ACTIONS).map(([action, summary]) => [action, capitalize(summary)]),
  ),
  signIn: 'Sign in',
  signOut: 'Sign out',
};

export const OUTCOME_LABELS: Record<AuditOutcome, string> = {
  success: 'Done',
  upstream_error: 'Upstream refused',
  refused: 'Refused by dashboard',
  failed: 'Failed',
  unknown: 'Unknown',
};

export const OUTCOME_COLORS: Record<AuditOutcome, string> = {
  success: 'teal',
  upstream_error: 'orange',
  refused: 'red',
  failed: 'red',
  unknown: 'yellow',
};

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** What an entry's outcome badge says, and in which colour. */
export interface OutcomeBadge {
  label: string;
  color: string;
}

/**
 * A delete the upstream answered 404 had nothing to delete (FACTS.md: a 404 to a lookup or delete
 * means "none") — a harmless repeat, not a refusal.
 */
export function outcomeBadge(
  entry: Pick<AuditEntry, 'outcome' | 'method' | 'upstreamStatus'>,
): OutcomeBadge {
  if (
    entry.outcome === 'upstream_error' &&
    entry.method === 'DELETE' &&
    entry.upstreamStatus !== null &&
    upstreamAnswerMeansNone(entry.upstreamStatus)
  ) {
    return { label: 'Nothing to delete', color: 'gray' };
  }
  return { label: OUTCOME_LABELS[entry.outcome], color: OUTCOME_COLORS[entry.outcome] };
}
