// Whether the chosen source org is linked already (read once when it is chosen): linking it again
// would make a link-token for nothing, since the source refuses a second link.
import { useQuery } from '@tanstack/react-query';
import { LINK_BADGE_LABELS } from '@/api/queries/link-status';
import type { SourceUpstream } from '#contract/route-table';
import { linkWatchQueries } from '../api/link-watch-queries';

export function useSourceLinkState(
  source: { upstream: SourceUpstream; orgId: string } | null,
  linkedAlready: boolean,
) {
  const query = useQuery({
    ...linkWatchQueries.status(source?.upstream ?? 'opsmanager', source?.orgId ?? '', null),
    enabled: source !== null && !linkedAlready,
  });
  const status = source && !linkedAlready ? query.data : undefined;
  const blocksLinking = status === 'SYNCED' || status === 'NOT_SYNCED';
  return {
    query,
    blocksLinking,
    why: blocksLinking
      ? `This organization is already linked (${LINK_BADGE_LABELS[status]}). Remove its connection on its organization page first.`
      : null,
  };
}

export type SourceLinkState = ReturnType<typeof useSourceLinkState>;
