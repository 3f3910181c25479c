import { Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { fleetQueries } from '@/api/queries/fleet';
import type { Fleet } from '#contract/fleet-contract';
import { QueryState } from '@/components/query-state';
import { notify } from '@/lib/notify';
import { useLiveChecks } from '../api/use-live-checks';
import { useBoardParams } from '../hooks/use-board-params';
import { boardOrgsOf, rowStatusOf, type BoardOrg, type RowStatus } from '../lib/board-rows';
import { filterOrgs } from '../lib/filter-orgs';
import { countByBadgeStatus } from '../lib/status-counts';
import { BoardToolbar } from './board-toolbar';
import { CheckNowPanel } from './check-now-panel';
import { OrgsTable } from './orgs-table';
import classes from './orgs-board.module.css';
import { StatusSummary } from './status-summary';

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The Organizations board: every source org (Ops Manager and Cloud Manager) with its link status
 * as the dashboard server's database knows it (/api/fleet: complete at first paint, so filters
 * and shared links are exact), rows on screen refreshed live.
 */
export function OrgsBoard() {
  const fleet = useQuery(fleetQueries.fleet());
  return (
    <QueryState
      query={fleet}
      placeholder={<BoardSkeleton />}
      errorTitle="Could not load the organizations from the dashboard server"
    >
      {(data) => <BoardView data={data} fleetAt={fleet.dataUpdatedAt} />}
    </QueryState>
  );
}

function BoardView({ data, fleetAt }: { data: Fleet; fleetAt: number }) {
  const { q, status, source, setQ, setStatus, setSource } = useBoardParams();
  const live = useLiveChecks();
  const search = useDeferredValue(q);
  const orgs = useMemo(() => boardOrgsOf(data), [data]);

  // Every org's status once per change of the fleet or of this browser's checks.
  const views = useMemo(() => {
    const m = new Map<string, RowStatus>();
    for (const o of orgs) m.set(o.key, rowStatusOf(o.fleet, live.get(o.key)));
    return m;
  }, [orgs, live]);
  const viewOf = useCallback((o: BoardOrg) => views.get(o.key) as RowStatus, [views]);
  const statusOf = useCallback((o: BoardOrg) => viewOf(o).status, [viewOf]);

  const shown = useMemo(
    () => filterOrgs(orgs, { search, source, status }, statusOf),
    [orgs, search, source, status, statusOf],
  );
  const counts = useMemo(() => countByBadgeStatus(orgs, statusOf), [orgs, statusOf]);
  const filtered = search.trim() !== '' || status !== null || source !== null;

  return (
    <Stack gap="md">
      <div className={classes.summary}>
        <div className={classes.panel}>
          <StatusSummary counts={counts} total={orgs.length} />
        </div>
        <div className={classes.panel}>
          <CheckNowPanel initial={data.sweep} initialAt={fleetAt} />
        </div>
      </div>
      <BoardToolbar
        q={q}
        status={status}
        source={source}
        onSearch={setQ}
        onStatus={setStatus}
        onSource={setSource}
      />
      <Group justify="space-between" gap="xs">
        <Text size="sm" role="status">
          {filtered
            ? `Showing ${fmt(shown.length)} of ${fmt(orgs.length)} organizations`
            : `${fmt(orgs.length)} organizations`}
        </Text>
        <ExportCsvButton rows={shown} viewOf={viewOf} />
      </Group>
      {status === 'unchecked' && (
        <Text size="sm">
          Rows in this view are not checked automatically: use Check now to check them all.
        </Text>
      )}
      <OrgsTable
        orgs={shown}
        // In the "not checked" view a row that gets checked leaves the view, and the next one
        // would be checked in turn: the whole list, unasked.
        liveRows={status !== 'unchecked'}
        emptyText={
          orgs.length === 0
            ? 'No organizations yet: the dashboard server lists them at its first check (Check now starts one).'
            : 'No organizations match the search and filters.'
        }
      />
    </Stack>
  );
}

interface ExportCsvButtonProps {
  rows: readonly BoardOrg[];
  viewOf: (org: BoardOrg) => RowStatus;
}

/** Downloads the rows as filtered (the CSV code loads on the first click). */
function ExportCsvButton({ rows, viewOf }: ExportCsvButtonProps) {
  const [busy, setBusy] = useState(false);
  const exportCsv = async () => {
    setBusy(true);
    try {
      const csv = await import('../lib/board-csv');
      const name = csv.csvFileName();
      csv.downloadText(csv.boardCsv(rows.map((org) => ({ org, view: viewOf(org) }))), name);
      notify({
        color: 'teal',
        title: 'Exported',
        message: `${fmt(rows.length)} organizations saved as ${name}.`,
      });
    } catch (e) {
      notify({ color: 'red', title: 'Could not export', message: String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="default" size="xs" onClick={() => void exportCsv()} loading={busy}>
      Export CSV
    </Button>
  );
}

function BoardSkeleton() {
  return (
    <Stack gap="md" aria-busy="true">
      <Text size="sm" role="status">
        Loading organizations…
      </Text>
      <div className={classes.summary}>
        <div className={classes.skeleton} style={{ height: 150 }} />
        <div className={classes.skeleton} style={{ height: 150 }} />
      </div>
      <div className={classes.skeleton} style={{ height: 36, maxWidth: 320 }} />
      <div className={classes.skeleton} style={{ height: 320 }} />
    </Stack>
  );
}
