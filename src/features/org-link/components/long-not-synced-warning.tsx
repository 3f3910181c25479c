import { Alert, List, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { fleetQueries } from '@/api/queries/fleet';
import type { LinkObservation } from '@/api/queries/link-status';
import { UPSTREAM_LABELS, type SourceUpstream } from '#contract/route-table';
import { Timestamp } from '@/components/timestamp';
import { formatDuration, useNow } from '@/lib/relative-time';
import { isLongNotSynced, notSyncedSince } from '../lib/long-not-synced';

interface LongNotSyncedWarningProps {
  source: SourceUpstream;
  orgId: string;
  live: LinkObservation | undefined;
}

/** Shown when the link has been Not synced for unusually long, with what to check. */
export function LongNotSyncedWarning({ source, orgId, live }: LongNotSyncedWarningProps) {
  const history = useQuery(fleetQueries.history(source, orgId));
  const now = useNow(30_000);
  const since = notSyncedSince(live, history.data);
  if (since === null || !isLongNotSynced(since, now)) return null;
  const label = UPSTREAM_LABELS[source];
  return (
    // A note, not an alert: it is the page's standing state, not news to announce.
    <Alert color="yellow" variant="light" title="Not synced for a long time" role="note">
      <Text size="sm">
        This link has been Not synced for {formatDuration(now - since)} (since{' '}
        <Timestamp at={since} show="date-time" />
        ). A new link is usually in sync within a minute or two. Check that:
      </Text>
      <List size="sm" mt={4} spacing={2}>
        <List.Item>
          the link-token&apos;s access list includes the addresses {label} connects to Atlas from
          (its egress IPs);
        </List.Item>
        <List.Item>the {label} organization still exists;</List.Item>
        <List.Item>
          the Atlas organization&apos;s link-token was not deleted (that breaks the links made with
          it; the Link-tokens page generates a new one);
        </List.Item>
        <List.Item>
          the dashboard&apos;s {label} API key still works (Settings shows when it was last
          accepted).
        </List.Item>
      </List>
    </Alert>
  );
}
