import { useQuery } from '@tanstack/react-query';
import { memo } from 'react';
import {
  linkBadgeStatus,
  linkStatusQueries,
  useLinkPollIntervals,
} from '@/api/queries/link-status';
import type { Org } from '#contract/schemas';
import { shortErrorLabel } from '../lib/short-error-label';
import { BOARD_COLUMNS, type BoardRow } from './board-columns';
import classes from './orgs-table.module.css';

interface OrgRowProps {
  org: Org;
  /** 1-based row number in the whole table, header included (aria-rowindex). */
  rowIndex: number;
  /** Whether the row checks its status (off while the list scrolls). */
  live: boolean;
}

/** One org, its cells drawn by BOARD_COLUMNS; its status is polled while the row is on screen. */
export const OrgRow = memo(function OrgRow({ org, rowIndex, live }: OrgRowProps) {
  const intervals = useLinkPollIntervals();
  const status = useQuery({ ...linkStatusQueries.status(org.id, intervals), enabled: live });
  const shown = linkBadgeStatus(status);
  const row: BoardRow = {
    org,
    status: shown,
    statusLabel:
      shown === 'ERROR'
        ? shortErrorLabel(status.error)
        : shown === 'UNCHECKED' && status.isFetching
          ? 'Checking…'
          : undefined,
  };
  return (
    <tr className={classes.row} aria-rowindex={rowIndex} data-org-id={org.id}>
      {BOARD_COLUMNS.map((c) => (
        <td key={c.key} className={`${classes.cell} ${c.className}`}>
          {c.cell(row)}
        </td>
      ))}
    </tr>
  );
});
