import { Alert, Anchor, Text } from '@mantine/core';
import type { RegisteredMigration } from '#contract/live-migrations-contract';
import { Timestamp } from '@/components/timestamp';
import { useNow } from '@/lib/relative-time';
import { atlasProjectUrl, cutoverWindow, formatDuration } from '../lib/format';

function AtlasLink({ m }: { m: RegisteredMigration }) {
  return (
    <Anchor
      href={atlasProjectUrl(m.target.projectId)}
      target="_blank"
      rel="noreferrer"
      c="inherit"
      underline="always"
      fw={600}
    >
      extend it in the Atlas UI
    </Anchor>
  );
}

/**
 * The cutover window: 120 hours from when readyForCutover was first seen (the API does not say
 * when it ends). A warning in its last 24 hours; extending it is possible only in the Atlas UI.
 */
export function CutoverWindow({ migration: m }: { migration: RegisteredMigration }) {
  const now = useNow(1_000);
  const w = cutoverWindow(m, now);
  const hours = Math.round(m.cutoverWindowMs / 3_600_000);
  const length = hours >= 1 ? `${hours} hours` : formatDuration(m.cutoverWindowMs);
  switch (w.kind) {
    case 'not-started':
      return (
        <Text size="sm">
          The cutover window ({length}) starts when the migration is ready for cutover.
        </Text>
      );
    case 'closed':
      return (
        <Text size="sm">
          {m.cutoverRequestedAt ? 'Cut over' : 'The window no longer applies'}
          {m.readySince && (
            <>
              {' '}
              (ready since <Timestamp at={m.readySince} show="date-time" />)
            </>
          )}
          .
        </Text>
      );
    case 'ended':
      return (
        <Alert color="red" variant="light" title="The cutover window ran out" role="alert">
          <Text size="sm">
            It ended <Timestamp at={w.endedAt} show="date-time" />. Atlas expires the migration:
            start a new migration to try again.
          </Text>
        </Alert>
      );
    case 'open':
      return w.warning ? (
        <Alert color="orange" variant="light" title="The cutover window ends soon" role="alert">
          <Text size="sm">
            <strong>{formatDuration(w.leftMs)} left</strong> (until{' '}
            <Timestamp at={m.windowEndsAt ?? 0} show="date-time" />
            ). Cut over before then, or <AtlasLink m={m} /> (24 hours at a time): the API cannot
            extend it. When it runs out the migration expires and must start over.
          </Text>
        </Alert>
      ) : (
        <Text size="sm">
          <strong>{formatDuration(w.leftMs)} left</strong> of the {length} window (until{' '}
          <Timestamp at={m.windowEndsAt ?? 0} show="date-time" />
          ). Need longer? Only the Atlas UI can: <AtlasLink m={m} />.
        </Text>
      );
  }
}
