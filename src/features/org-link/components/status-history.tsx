import { List, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { fleetQueries } from '@/api/queries/fleet';
import {
  LINK_BADGE_LABELS,
  linkStatusQueries,
  useLinkPollIntervals,
} from '@/api/queries/link-status';
import { UPSTREAM_LABELS } from '#contract/route-table';
import { ErrorState } from '@/components/error-state';
import { Timestamp } from '@/components/timestamp';
import type { OrgSectionProps } from '../lib/org-page-sections';
import { SEEN_WORDS } from '../lib/seen-words';

/**
 * Every status change the dashboard server recorded for this org (from its database, so it
 * survives reloads), newest first, with how each was seen.
 */
export function OrgHistorySection({ source, orgId }: OrgSectionProps) {
  const history = useQuery(fleetQueries.history(source, orgId));
  // When this page sees the status change, the server has recorded it: read the history again.
  const client = useQueryClient();
  const changedAt = useQuery({
    ...linkStatusQueries.status(source, orgId, useLinkPollIntervals()),
    enabled: false,
  }).data?.changedAt;
  useEffect(() => {
    if (changedAt)
      void client.invalidateQueries({ queryKey: fleetQueries.history(source, orgId).queryKey });
  }, [changedAt, client, source, orgId]);

  const changes = history.data?.changes ?? [];
  return (
    <Stack gap="sm" component="section" aria-labelledby="status-history-heading">
      <Title order={2} size="h4" id="status-history-heading">
        Status history
      </Title>
      {history.isError ? (
        <ErrorState
          error={history.error}
          title="Could not load the status history"
          onRetry={() => void history.refetch()}
        />
      ) : history.isPending ? (
        <Text size="sm">Loading the status history…</Text>
      ) : changes.length === 0 ? (
        <Text size="sm">
          No status recorded yet. The dashboard server records one when it next checks this{' '}
          {UPSTREAM_LABELS[source]} organization.
        </Text>
      ) : (
        <List spacing={4} size="sm" aria-label="Status changes, newest first">
          {changes.map((c) => (
            <List.Item key={`${c.at}-${c.to}`}>
              <Timestamp at={c.at} show="date-time" />{' '}
              {c.from ? `${LINK_BADGE_LABELS[c.from]} → ` : 'First seen: '}
              <strong>{LINK_BADGE_LABELS[c.to]}</strong>{' '}
              <Text span size="xs" c="dimmed">
                ({SEEN_WORDS[c.seen]})
              </Text>
            </List.Item>
          ))}
        </List>
      )}
      <Text size="xs" c="dimmed">
        Recorded by the dashboard server: its regular checks, every viewer&apos;s checks, and
        changes made through this dashboard.
      </Text>
    </Stack>
  );
}
