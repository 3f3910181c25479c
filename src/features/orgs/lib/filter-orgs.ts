// Which orgs the board lists for a search text and a status filter.
import type { LinkBadgeStatus } from '@/api/queries/link-status';
import type { Org } from '#contract/schemas';

/** Status filter values as they appear in the URL (`?status=not-synced`). */
export const STATUS_FILTERS = {
  synced: 'SYNCED',
  'not-synced': 'NOT_SYNCED',
  'not-linked': 'NOT_LINKED',
  error: 'ERROR',
  unchecked: 'UNCHECKED',
} as const satisfies Record<string, LinkBadgeStatus>;
export type StatusFilter = keyof typeof STATUS_FILTERS;

export function isStatusFilter(value: string | null): value is StatusFilter {
  return value !== null && Object.hasOwn(STATUS_FILTERS, value);
}

/**
 * Orgs whose name or ID contains `search` (case-insensitive) and, with a status filter, whose
 * current badge status matches. Unknown orgs count as not checked.
 */
export function filterOrgs(
  orgs: readonly Org[],
  search: string,
  status: StatusFilter | null,
  badgeStatusOf: (orgId: string) => LinkBadgeStatus,
): Org[] {
  const needle = search.trim().toLowerCase();
  const wanted = status ? STATUS_FILTERS[status] : null;
  return orgs.filter(
    (o) =>
      (needle === '' || o.name.toLowerCase().includes(needle) || o.id.includes(needle)) &&
      (wanted === null || badgeStatusOf(o.id) === wanted),
  );
}
