import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { usePermissions } from '@/api/queries/config';
import { fleetQueries } from '@/api/queries/fleet';
import type { SweepProgress, SweepRun } from '#contract/fleet-contract';
import { ErrorState } from '@/components/error-state';
import { Timestamp } from '@/components/timestamp';
import { notify } from '@/lib/notify';
import { useSweepNow } from '../api/use-sweep-now';
import classes from './orgs-board.module.css';

const fmt = (n: number) => n.toLocaleString('en-US');

function every(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

/** "Checked 120 of 5,014 (3 failed)": how far a sweep got. */
function countsText(run: SweepRun): string {
  const total = run.orgsTotal === null ? '…' : fmt(run.orgsTotal);
  const failed = run.orgsFailed > 0 ? ` (${fmt(run.orgsFailed)} failed)` : '';
  return `Checked ${fmt(run.orgsChecked)} of ${total}${failed}`;
}

const OUTCOME_WORDS = {
  completed: 'done',
  failed: 'ended with a problem',
  abandoned: 'stopped before it finished',
} as const;

/**
 * "Check now": asks the dashboard server to check every organization (a sweep), and shows the
 * server's progress — its state, not this tab's, so it is the same after leaving the page and
 * coming back, in another tab, or for another user.
 */
export function CheckNowPanel({
  initial,
  initialAt,
}: {
  initial: SweepProgress;
  initialAt: number;
}) {
  // The fleet's answer carries the progress as it was then: no second request at first paint.
  const progress = useQuery({
    ...fleetQueries.sweep(),
    initialData: initial,
    initialDataUpdatedAt: initialAt,
  }).data;
  const { canMutate, reason } = usePermissions();
  const sweepNow = useSweepNow();
  const active = progress.state !== 'idle';
  const why = !canMutate ? reason : null;
  const run = progress.current;
  const start = () =>
    sweepNow.mutate(undefined, {
      onSuccess: () =>
        notify({
          color: 'teal',
          title: 'Check started',
          message: 'The dashboard server is checking every organization now.',
        }),
      onError: (e) =>
        notify({
          color: 'red',
          title: 'Could not start the check',
          message: e instanceof Error ? e.message : String(e),
        }),
    });
  return (
    <Stack gap="sm" component="section" aria-labelledby="check-now-heading">
      <Title order={2} size="h4" id="check-now-heading">
        Status check
      </Title>
      <Text size="sm">
        The dashboard server checks every organization every {every(progress.intervalSeconds)}
        {progress.nextSweepAt && (
          <>
            {' '}
            (next at <Timestamp at={progress.nextSweepAt} show="clock" />)
          </>
        )}
        . Check now asks it to check them all now.
      </Text>
      <Group gap="sm">
        <Button
          onClick={start}
          loading={sweepNow.isPending}
          disabled={why !== null || active}
          aria-describedby={why ? 'check-now-why' : undefined}
        >
          Check now
        </Button>
        <Text size="sm" aria-live="polite">
          {progress.last ? (
            <>
              Last check: {OUTCOME_WORDS[progress.last.outcome ?? 'completed']},{' '}
              <Timestamp at={progress.last.finishedAt ?? progress.last.requestedAt} />
            </>
          ) : (
            'Last check: none yet'
          )}
        </Text>
      </Group>
      {why && (
        <Text size="sm" id="check-now-why">
          Check now: {why}
        </Text>
      )}
      {run && progress.state === 'queued' && (
        <Text size="sm" role="status">
          Waiting for the server to start the check
          {run.requestedBy ? ` (asked by ${run.requestedBy})` : ''}…
        </Text>
      )}
      {run && progress.state === 'running' && <SweepBar run={run} />}
      {!active && progress.last && (
        <Text size="sm">
          {countsText(progress.last)} — {OUTCOME_WORDS[progress.last.outcome ?? 'completed']}
          {progress.last.statusChanges > 0 && `, ${fmt(progress.last.statusChanges)} changed`}
          {progress.last.cause === 'request' && progress.last.requestedBy
            ? ` (asked by ${progress.last.requestedBy})`
            : ''}
          .{progress.last.errorDetail && ` ${progress.last.errorDetail}`}
        </Text>
      )}
      {sweepNow.isError && <ErrorState error={sweepNow.error} title="Could not start the check" />}
    </Stack>
  );
}

function SweepBar({ run }: { run: SweepRun }) {
  const total = run.orgsTotal ?? 0;
  const percent = total > 0 ? Math.round((run.orgsChecked / total) * 100) : 0;
  const text = countsText(run);
  return (
    <Stack gap={6}>
      <div
        className={classes.progress}
        role="progressbar"
        aria-label="Check progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={run.orgsChecked}
        aria-valuetext={text}
      >
        <div
          className={classes.progressBar}
          data-state={run.orgsFailed > 0 ? 'failed' : undefined}
          style={{ width: `${percent}%` }}
        />
      </div>
      <Text size="sm">
        {text}
        {run.requestedBy ? ` — asked by ${run.requestedBy}` : ' — scheduled'}
        {run.startedAt && (
          <>
            , started <Timestamp at={run.startedAt} show="clock" />
          </>
        )}
      </Text>
    </Stack>
  );
}
