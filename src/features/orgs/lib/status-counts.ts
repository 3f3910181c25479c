import type { LinkBadgeStatus } from '@/api/queries/link-status';

export const SUMMARY_ORDER: readonly LinkBadgeStatus[] = [
  'SYNCED',
  'NOT_SYNCED',
  'NOT_LINKED',
  'ERROR',
  'UNCHECKED',
];

export type StatusCounts = Record<LinkBadgeStatus, number>;

export function countByBadgeStatus<T>(
  items: readonly T[],
  badgeStatusOf: (item: T) => LinkBadgeStatus,
): StatusCounts {
  const counts: StatusCounts = { SYNCED: 0, NOT_SYNCED: 0, NOT_LINKED: 0, ERROR: 0, UNCHECKED: 0 };
  for (const item of items) counts[badgeStatusOf(item)]++;
  return counts;
}

/** Where each badge status's segment starts and how wide it is, on a 0–1000 scale. */
export function segments(counts: StatusCounts, total: number) {
  let x = 0;
  return SUMMARY_ORDER.map((status) => {
    const width = total > 0 ? (counts[status] / total) * 1000 : status === 'UNCHECKED' ? 1000 : 0;
    const segment = { status, x, width };
    x += width;
    return segment;
  });
}
