// The board's columns, in one place: header, cell and width class of each. A new column is one
// entry here (and its width in orgs-table.module.css); rows and the header are drawn from this list.
import { Anchor } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { LinkBadgeStatus } from '@/api/queries/link-status';
import type { Org } from '#contract/schemas';
import { CopyId } from '@/components/copy-id';
import { LinkStatusBadge } from '@/components/link-status-badge';
import { paths } from '@/config/paths';
import classes from './orgs-table.module.css';

/** What a row knows when it draws its cells. */
export interface BoardRow {
  org: Org;
  status: LinkBadgeStatus;
  /** Replaces the status words, e.g. "Checking…" or why the check failed. */
  statusLabel: string | undefined;
}

export interface BoardColumn {
  key: string;
  header: string;
  /** Width (and on a phone, whether shown): a class of orgs-table.module.css. */
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
          to={paths.org(org.id)}
          title={org.name}
          className={`${classes.line} ${classes.name}`}
        >
          {org.name || org.id}
        </Anchor>{' '}
        {/* On a phone the ID column is hidden; the ID shows under the name instead. */}
        <span className={`${classes.line} ${classes.id} ${classes.phoneOnly}`}>{org.id}</span>
      </>
    ),
  },
  {
    key: 'id',
    header: 'ID',
    className: classes.idColumn ?? '',
    cell: ({ org }) => (
      <span className={classes.idCell}>
        <span className={classes.id}>{org.id}</span>
        <CopyId id={org.id} of={org.name || undefined} />
      </span>
    ),
  },
  {
    key: 'status',
    header: 'Link status',
    className: classes.statusColumn ?? '',
    cell: ({ status, statusLabel }) => (
      <LinkStatusBadge status={status} label={statusLabel} size="lg" className={classes.badge} />
    ),
  },
];
