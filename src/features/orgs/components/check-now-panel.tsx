import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { Timestamp } from '@/components/timestamp';
import { useNow } from '@/lib/relative-time';
import { CHECK_CONCURRENCY, type CheckRun } from '../hooks/use-check-all';
import classes from './orgs-board.module.css';

const fmt = (n: number) => n.toLocaleString('en-US');

interface CheckNowPanelProps {
  run: CheckRun | null;
  /** How many orgs a check would cover (those the search matches). */
  count: number;
  filtered: boolean;
  lastCheckedAt: number | null;
  onStart: () => void;
  onCancel: () => void;
}

/** "Check now": every org the board lists, a few at a time, with progress and rate-limit pauses. */
export function CheckNowPanel({
  run,
  count,
  filtered,
  lastCheckedAt,
  onStart,
  onCancel,
}: CheckNowPanelProps) {
  const running = run?.running ?? false;
  const percent = run && run.total > 0 ? Math.round((run.done / run.total) * 100) : 0;
  const progressText = run ? `Checked ${fmt(run.done)} of ${fmt(run.total)}` : '';
  return (
    <Stack gap="sm" component="section" aria-labelledby="check-now-heading">
      <Title order={2} size="h4" id="check-now-heading">
        Status check
      </Title>
      <Text size="sm">
        {filtered
          ? `Checks the ${fmt(count)} organizations that match the search`
          : `Checks all ${fmt(count)} organizations`}
        , {CHECK_CONCURRENCY} requests at a time.
      </Text>
      <Group gap="sm">
        {running ? (
          <Button variant="default" onClick={onCancel}>
            Cancel check
          </Button>
        ) : (
          <Button onClick={onStart} disabled={count === 0}>
            Check now
          </Button>
        )}
        <Text size="sm" aria-live="polite">
          Last check: {lastCheckedAt ? <Timestamp at={lastCheckedAt} show="clock" /> : 'never'}
        </Text>
      </Group>
      {run && (
        <Stack gap={6}>
          <div
            className={classes.progress}
            role="progressbar"
            aria-label="Check progress"
            aria-valuemin={0}
            aria-valuemax={run.total}
            aria-valuenow={run.done}
            aria-valuetext={progressText}
          >
            <div
              className={classes.progressBar}
              data-state={run.pausedUntil ? 'paused' : run.failed > 0 ? 'failed' : undefined}
              style={{ width: `${percent}%` }}
            />
          </div>
          <Text size="sm">
            {progressText}
            {run.failed > 0 && ` (${fmt(run.failed)} failed)`}
            {!running && (run.cancelled ? ' — cancelled' : ' — done')}
          </Text>
          {run.pausedUntil && <PausedNote until={run.pausedUntil} />}
        </Stack>
      )}
    </Stack>
  );
}

function PausedNote({ until }: { until: number }) {
  const now = useNow(500);
  const seconds = Math.max(0, Math.ceil((until - now) / 1000));
  return (
    <Text size="sm" role="status">
      Paused for {seconds} s (rate limited): the upstream asked to wait before more requests.
    </Text>
  );
}
