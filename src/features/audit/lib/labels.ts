import type { AuditOutcome } from '#contract/audit-contract';
import { operationIds, routes } from '#contract/route-table';

/** Operation ids in words: the route table's mutations, plus sign-in and sign-out. */
export const OPERATION_LABELS: Record<string, string> = {
  ...Object.fromEntries(
    operationIds
      .filter((op) => routes[op].mutation)
      .map((op) => [op, capitalize(routes[op].summary)]),
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
