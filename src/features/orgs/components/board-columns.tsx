// The board's columns, in one place: header, cell and width class of each. A new column is one
// entry here (and its width in orgs-table.module.css); rows and the header are drawn from this
// list. Narrower screens drop some columns (orgs-table.module.css says which); a phone shows how
// long the status has held under the badge instead (the `.phoneOnly` line).
import { Anchor } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { UPSTREAM_LABELS } from '#contract/route-table';
import { CopyId } from '@/components/copy-id';
import { LinkStatusBadge } from '@/components/link-status-badge';
import { Timestamp } from '@/components/timestamp';
import { paths } from '@/config/paths';
import type { BoardOrg, RowStatus } from '../lib/board-rows';
import classes from './orgs-table.module.css';
import { Since } from './since-text';

/** What a row knows when it draws its cells. */
export interface BoardRow {
  org: BoardOrg;
  view: RowStatus;
  /** The row's own check is in flight and nothing is known yet. */
  checking: boolean;
}

export interface BoardColumn {
  key: string;
  header: string;
  /** Width (and on smaller screens, whether shown): a class of orgs-table.module.css. */
  className: string;
  cell: (row: BoardRow) => ReactNode;
}

export const BOARD_COLUMNS: readonly BoardColumn[] = [
  {
    key: 'name',
    header: 'Organization',
    className: classes.nameColumn ?? '',
    cell: ({ org }) => (
      <>
        <Anchor
          component={Link}
          to={paths.org(org.source, org.id)}
          title={org.name}
          className={`${classes.line} ${classes.name}`}
        >
          {org.name || org.id}
        </Anchor>{' '}
        {/* The ID under the name (a column of its own would leave too little room for the rest). */}
        <span className={classes.idCell}>
          <span className={classes.id}>{org.id}</span>
          <CopyId id={org.id} of={org.name || undefined} />
        </span>
      </>
    ),
  },
  {
    key: 'source',
    header: 'Source',
    className: classes.sourceColumn ?? '',
    cell: ({ org }) => UPSTREAM_LABELS[org.source],
  },
  {
    key: 'status',
    header: 'Link status',
    className: classes.statusColumn ?? '',
    cell: ({ view, checking }) => (
      <>
        <LinkStatusBadge
          status={view.status}
          label={checking ? 'Checking…' : view.label}
          size="lg"
          className={classes.badge}
        />
        {/* On a phone the Since column is hidden: how long, under the badge. */}
        {view.status !== 'UNCHECKED' && (
          <span className={`${classes.line} ${classes.phoneOnly}`}>
            <Since view={view} short={view.status === view.known} />
          </span>
        )}
      </>
    ),
  },
  {
    key: 'since',
    header: 'Since',
    className: classes.sinceColumn ?? '',
    cell: ({ view }) => <Since view={view} />,
  },
  {
    key: 'checked',
    header: 'Last checked',
    className: classes.checkedColumn ?? '',
    cell: ({ view }) =>
      view.lastCheckedAt === null ? 'Never' : <Timestamp at={view.lastCheckedAt} />,
  },
  {
    key: 'error',
    header: 'Last error',
    className: classes.errorColumn ?? '',
    cell: ({ view }) =>
      view.error && (
        <span title={`${view.error.code}: ${view.error.detail}`}>{view.error.detail}</span>
      ),
  },
];
