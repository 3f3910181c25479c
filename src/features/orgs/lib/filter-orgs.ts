// Which orgs the board lists for a search text, a source and a status filter.
import type { LinkBadgeStatus } from '@/api/queries/link-status';
import { SOURCE_UPSTREAMS, type SourceUpstream } from '#contract/route-table';
import type { BoardOrg } from './board-rows';

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

/** Source filter values in the URL (`?source=cloudmanager`): the upstream names. */
export function isSourceFilter(value: string | null): value is SourceUpstream {
  return value !== null && (SOURCE_UPSTREAMS as readonly string[]).includes(value);
}

export interface BoardFilter {
  search: string;
  source: SourceUpstream | null;
  status: StatusFilter | null;
}

/**
 * Orgs whose name or ID contains the search (case-insensitive), from the chosen source, whose
 * current status (statusOf: the server's record or this browser's newer check) matches.
 */
export function filterOrgs(
  orgs: readonly BoardOrg[],
  filter: BoardFilter,
  statusOf: (org: BoardOrg) => LinkBadgeStatus,
): BoardOrg[] {
  const needle = filter.search.trim().toLowerCase();
  const wanted = filter.status ? STATUS_FILTERS[filter.status] : null;
  return orgs.filter(
    (o) =>
      (filter.source === null || o.source === filter.source) &&
      (needle === '' || o.name.toLowerCase().includes(needle) || o.id.includes(needle)) &&
      (wanted === null || statusOf(o) === wanted),
  );
}
