import type { LinkCategory } from '@/api/queries/link-status';

export const SUMMARY_ORDER: readonly LinkCategory[] = [
  'SYNCED',
  'NOT_SYNCED',
  'NOT_LINKED',
  'ERROR',
  'UNCHECKED',
];

export type StatusCounts = Record<LinkCategory, number>;

export function countByCategory(
  orgIds: readonly string[],
  categoryOf: (orgId: string) => LinkCategory,
): StatusCounts {
  const counts: StatusCounts = { SYNCED: 0, NOT_SYNCED: 0, NOT_LINKED: 0, ERROR: 0, UNCHECKED: 0 };
  for (const id of orgIds) counts[categoryOf(id)]++;
  return counts;
}

/** Where each category's segment starts and how wide it is, on a 0–1000 scale. */
export function segments(counts: StatusCounts, total: number) {
  let x = 0;
  return SUMMARY_ORDER.map((category) => {
    const width =
      total > 0 ? (counts[category] / total) * 1000 : category === 'UNCHECKED' ? 1000 : 0;
    const segment = { category, x, width };
    x += width;
    return segment;
  });
}
