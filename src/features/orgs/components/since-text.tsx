import { LINK_BADGE_LABELS } from '@/api/queries/link-status';
import { Timestamp } from '@/components/timestamp';
import type { RowStatus } from '../lib/board-rows';

/** "Not synced for 14 min" (how long the last known status has held), or "Not checked". */
export function Since({ view, short }: { view: RowStatus; short?: boolean }) {
  if (view.known === null || view.since === null) return <>{LINK_BADGE_LABELS.UNCHECKED}</>;
  return (
    <>
      {short ? 'for' : `${LINK_BADGE_LABELS[view.known]} for`}{' '}
      <Timestamp at={view.since} show="since" />
    </>
  );
}
