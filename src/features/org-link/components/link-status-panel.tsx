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
import { Timestamp } from '@/components/timestamp';
import { useNow } from '@/lib/relative-time';
import type { SourceUpstream } from '#contract/route-table';

interface LinkStatusPanelProps {
  source: SourceUpstream;
  orgId: string;
  status: UseQueryResult<LinkObservation>;
}

const STATUS_HELP: Record<LinkObservation['status'], string> = {
  SYNCED: 'Linked to an Atlas organization and in sync: live migrations can use this link.',
  NOT_SYNCED: 'Linked to Atlas, but not yet in sync. This usually settles within a minute.',
  NOT_LINKED: 'Not connected to any Atlas organization.',
};

/** The status badge, "last checked … ago", how often it is checked, and a failed check's story. */
export function LinkStatusPanel({ source, orgId, status }: LinkStatusPanelProps) {
  const now = useNow(2_000);
  const client = useQueryClient();
  const intervals = useLinkPollIntervals();
  const query = findLinkStatusQuery(client, source, orgId);
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
      <CheckTimes
        lastOkAt={status.dataUpdatedAt}
        failedAt={status.isError ? status.errorUpdatedAt : 0}
        delayS={delayS}
      />
      {status.isError && (
        <ErrorState
          error={status.error}
          title="Could not check the link status"
          onRetry={() => void status.refetch()}
          // Polling already waits out Retry-After before the next check.
          autoRetry={false}
        />
      )}
    </Stack>
  );
}

interface CheckTimesProps {
  /** When a check last succeeded (0: never). */
  lastOkAt: number;
  /** When the latest check failed, if it did (0: it did not). */
  failedAt: number;
  /** Seconds until the next check, when known. */
  delayS: number | null;
}

/**
 * When the status was last confirmed, and whether the latest check failed: a status shown after a
 * failed check is the last one known, not a fresh one.
 */
function CheckTimes({ lastOkAt, failedAt, delayS }: CheckTimesProps) {
  const visible = 'while this tab is visible';
  if (failedAt > 0) {
    return (
      <Text size="sm">
        {lastOkAt > 0 ? (
          <>
            Last successful check <Timestamp at={lastOkAt} />
          </>
        ) : (
          'No successful check yet'
        )}
        {' · '}
        the latest check failed <Timestamp at={failedAt} />
        {delayS !== null && ` · next try in about ${delayS} s ${visible}`}
      </Text>
    );
  }
  if (lastOkAt === 0) return <Text size="sm">Not checked yet</Text>;
  return (
    <Text size="sm">
      Last checked <Timestamp at={lastOkAt} />
      {delayS !== null && ` · checked every ${delayS} s ${visible}`}
    </Text>
  );
}
