import { Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import {
  findLinkStatusQuery,
  linkBadgeStatus,
  linkPollDelayOf,
  useLinkPollIntervals,
  type LinkObservation,
} from '@/api/queries/link-status';
import { ErrorState } from '@/components/error-state';
import { LinkStatusBadge } from '@/components/link-status-badge';
import { formatAgo, formatClock, useNow } from '@/lib/relative-time';

interface LinkStatusPanelProps {
  orgId: string;
  status: UseQueryResult<LinkObservation>;
}

const STATUS_HELP: Record<LinkObservation['status'], string> = {
  SYNCED: 'Linked to an Atlas organization and in sync: live migrations can use this link.',
  NOT_SYNCED: 'Linked to Atlas, but not yet in sync. This usually settles within a minute.',
  NOT_LINKED: 'Not connected to any Atlas organization.',
};

/** The status badge, "last checked … ago", how often it is checked, and a failed check's story. */
export function LinkStatusPanel({ orgId, status }: LinkStatusPanelProps) {
  const now = useNow(2_000);
  const client = useQueryClient();
  const intervals = useLinkPollIntervals();
  const query = findLinkStatusQuery(client, orgId);
  const lastAt = Math.max(status.dataUpdatedAt, status.errorUpdatedAt);
  // While the last check failed, the badge keeps the last status known (if any) and the error shows.
  const shown = status.data ? status.data.status : linkBadgeStatus(status);
  const delayS = query ? Math.round(linkPollDelayOf(query, intervals, now) / 1000) : null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="link-status-heading">
      <Title order={2} size="h4" id="link-status-heading">
        Link to Atlas
      </Title>
      <Group gap="sm">
        <div role="status" aria-label="Link status">
          <LinkStatusBadge
            status={shown}
            size="xl"
            label={shown === 'UNCHECKED' && status.isFetching ? 'Checking…' : undefined}
          />
        </div>
        {status.isFetching && <Loader size="xs" aria-hidden="true" />}
      </Group>
      {status.data && <Text size="sm">{STATUS_HELP[status.data.status]}</Text>}
      <Text size="sm">
        {lastAt > 0 ? (
          <>
            Last checked{' '}
            <time dateTime={new Date(lastAt).toISOString()} title={formatClock(lastAt)}>
              {formatAgo(lastAt, now)}
            </time>
          </>
        ) : (
          'Not checked yet'
        )}
        {delayS !== null && lastAt > 0 && (
          <>
            {' · '}
            {status.isError ? `next try in about ${delayS} s` : `checked every ${delayS} s`} while
            this tab is visible
          </>
        )}
      </Text>
      {status.isError && (
        <ErrorState
          error={status.error}
          title="Could not check the link status"
          onRetry={() => void status.refetch()}
        />
      )}
    </Stack>
  );
}
