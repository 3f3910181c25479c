import { List, Stack, Text, Title } from '@mantine/core';
import { LINK_BADGE_LABELS } from '@/api/queries/link-status';
import { Timestamp } from '@/components/timestamp';
import { HISTORY_MAX, type HistoryEntry } from '../hooks/use-status-history';

/** Status changes seen while this page is open, newest first. */
export function StatusHistory({ entries }: { entries: HistoryEntry[] }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="status-history-heading">
      <Title order={2} size="h4" id="status-history-heading">
        Status history
      </Title>
      {entries.length === 0 ? (
        <Text size="sm">
          No status changes seen yet. Changes appear here while this page is open (the last{' '}
          {HISTORY_MAX} are kept).
        </Text>
      ) : (
        <List spacing={4} size="sm" aria-label="Status changes, newest first">
          {entries.map((e) => (
            <List.Item key={e.at}>
              <Timestamp at={e.at} show="clock" /> {LINK_BADGE_LABELS[e.from]} →{' '}
              <strong>{LINK_BADGE_LABELS[e.to]}</strong>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
