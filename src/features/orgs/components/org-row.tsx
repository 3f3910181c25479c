import { useQuery } from '@tanstack/react-query';
import { memo } from 'react';
import { linkStatusQueries, useLinkPollIntervals } from '@/api/queries/link-status';
import { rowStatusOf, type BoardOrg } from '../lib/board-rows';
import { BOARD_COLUMNS, type BoardRow } from './board-columns';
import classes from './orgs-table.module.css';

interface OrgRowProps {
  org: BoardOrg;
  /** 1-based row number in the whole table, header included (aria-rowindex). */
  rowIndex: number;
  /** Whether the row checks its status (off while the list scrolls). */
  live: boolean;
}

/**
 * One org, its cells drawn by BOARD_COLUMNS: the server's record of it, refreshed live while the
 * row is on screen (the shared status query; a newer answer wins over the record).
 */
export const OrgRow = memo(function OrgRow({ org, rowIndex, live }: OrgRowProps) {
  const intervals = useLinkPollIntervals();
  const q = useQuery({ ...linkStatusQueries.status(org.source, org.id, intervals), enabled: live });
  const view = rowStatusOf(org.fleet, {
    data: q.data,
    dataAt: q.dataUpdatedAt,
    error: q.error,
    errorAt: q.isError ? q.errorUpdatedAt : 0,
  });
  const row: BoardRow = { org, view, checking: view.status === 'UNCHECKED' && q.isFetching };
  return (
    <tr className={classes.row} aria-rowindex={rowIndex} data-org-key={org.key}>
      {BOARD_COLUMNS.map((c) => (
        <td key={c.key} className={`${classes.cell} ${c.className}`}>
          {c.cell(row)}
        </td>
      ))}
    </tr>
  );
});
