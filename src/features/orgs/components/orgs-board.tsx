import { Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useMemo } from 'react';
import type { LinkBadgeStatus } from '@/api/queries/link-status';
import { orgQueries } from '@/api/queries/orgs';
import type { Org } from '#contract/schemas';
import { QueryState } from '@/components/query-state';
import { useCheckAll } from '../hooks/use-check-all';
import { useLinkStatusSnapshot } from '../api/use-link-status-snapshot';
import { filterOrgs } from '../lib/filter-orgs';
import { countByBadgeStatus } from '../lib/status-counts';
import { useBoardParams } from '../hooks/use-board-params';
import { BoardToolbar } from './board-toolbar';
import { CheckNowPanel } from './check-now-panel';
import { OrgsTable } from './orgs-table';
import classes from './orgs-board.module.css';
import { StatusSummary } from './status-summary';

const fmt = (n: number) => n.toLocaleString('en-US');

/** The Organizations board: every Ops Manager org with its live link status. */
export function OrgsBoard() {
  const orgs = useQuery(orgQueries.opsmanager.list());
  return (
    <QueryState
      query={orgs}
      placeholder={<BoardSkeleton />}
      errorTitle="Could not load the Ops Manager organizations"
    >
      {(orgList) => <BoardView orgList={orgList} />}
    </QueryState>
  );
}

function BoardView({ orgList }: { orgList: Org[] }) {
  const { q, status, setQ, setStatus } = useBoardParams();
  const snapshot = useLinkStatusSnapshot();
  const { run, start, cancel } = useCheckAll();
  const search = useDeferredValue(q);

  const badgeStatusOf = useCallback(
    (id: string): LinkBadgeStatus => snapshot.byOrg.get(id) ?? 'UNCHECKED',
    [snapshot],
  );
  // Check now covers every org the search matches; the status filter only narrows the view (an
  // org not checked yet can match no status but "not checked").
  const matching = useMemo(
    () => filterOrgs(orgList, search, null, badgeStatusOf),
    [orgList, search, badgeStatusOf],
  );
  const shown = useMemo(
    () => (status ? filterOrgs(matching, '', status, badgeStatusOf) : matching),
    [matching, status, badgeStatusOf],
  );
  const counts = useMemo(
    () =>
      countByBadgeStatus(
        orgList.map((o) => o.id),
        badgeStatusOf,
      ),
    [orgList, badgeStatusOf],
  );
  const searching = search.trim() !== '';
  const uncheckedMatching =
    status && status !== 'unchecked'
      ? matching.filter((o) => badgeStatusOf(o.id) === 'UNCHECKED').length
      : 0;

  return (
    <Stack gap="md">
      <div className={classes.summary}>
        <div className={classes.panel}>
          <StatusSummary counts={counts} total={orgList.length} />
        </div>
        <div className={classes.panel}>
          <CheckNowPanel
            run={run}
            count={matching.length}
            filtered={searching}
            lastCheckedAt={snapshot.lastCheckedAt}
            onStart={() => start(matching.map((o) => o.id))}
            onCancel={cancel}
          />
        </div>
      </div>
      <BoardToolbar q={q} status={status} onSearch={setQ} onStatus={setStatus} />
      <Group justify="space-between" gap="xs">
        <Text size="sm" role="status">
          {searching || status
            ? `Showing ${fmt(shown.length)} of ${fmt(orgList.length)} organizations`
            : `${fmt(orgList.length)} organizations`}
        </Text>
        {status === 'unchecked' && (
          <Text size="sm">Rows in this view are not checked automatically: use Check now.</Text>
        )}
        {uncheckedMatching > 0 && (
          <Text size="sm">
            {fmt(uncheckedMatching)} more not checked yet may match: use Check now to include them.
          </Text>
        )}
      </Group>
      <OrgsTable
        orgs={shown}
        // In the "not checked" view a row that gets checked leaves the view, and the next one
        // would be checked in turn: the whole list, unasked.
        liveRows={status !== 'unchecked'}
        emptyText={
          orgList.length === 0
            ? 'The API key sees no Ops Manager organizations.'
            : uncheckedMatching > 0
              ? 'No checked organization has this status yet.'
              : 'No organizations match the search and filter.'
        }
      />
    </Stack>
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
