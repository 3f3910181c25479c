import { Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { linkStatusQueries, useLinkPollIntervals } from '@/api/queries/link-status';
import { useNotifyMe } from '../hooks/use-notify-me';
import type { OrgSectionProps } from '../lib/org-page-sections';
import { LinkActions } from './link-actions';
import { LinkStatusPanel } from './link-status-panel';
import { LongNotSyncedWarning } from './long-not-synced-warning';
import { NotifyMe } from './notify-me';

/** The link's live status, a warning when it stays Not synced, Notify me, and what can be done. */
export function OrgLinkSection({ source, orgId, orgName }: OrgSectionProps) {
  const intervals = useLinkPollIntervals();
  // Peeked first (the cache, no request) so Notify me can ask for polling in a background tab.
  const notify = useNotifyMe(
    { source, orgId, name: orgName },
    useQuery({ ...linkStatusQueries.status(source, orgId, intervals), enabled: false }).data,
  );
  const status = useQuery({
    ...linkStatusQueries.status(source, orgId, intervals),
    // Notifications are useful while the tab is hidden: then it keeps checking.
    refetchIntervalInBackground: notify.on,
  });
  return (
    <Stack gap="lg">
      <LinkStatusPanel source={source} orgId={orgId} status={status} />
      <LongNotSyncedWarning source={source} orgId={orgId} live={status.data} />
      <NotifyMe state={notify} />
      <LinkActions source={source} orgId={orgId} orgName={orgName} status={status.data?.status} />
    </Stack>
  );
}
