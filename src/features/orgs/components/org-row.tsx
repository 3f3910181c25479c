import { Anchor } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { memo } from 'react';
import { Link } from 'react-router-dom';
import {
  linkBadgeStatus,
  linkStatusQueries,
  useLinkPollIntervals,
} from '@/api/queries/link-status';
import type { Org } from '#contract/schemas';
import { LinkStatusBadge } from '@/components/link-status-badge';
import { paths } from '@/config/paths';
import { shortErrorLabel } from '../lib/short-error-label';
import classes from './orgs-table.module.css';

interface OrgRowProps {
  org: Org;
  /** 1-based row number in the whole table, header included (aria-rowindex). */
  rowIndex: number;
  /** Whether the row checks its status (off while the list scrolls). */
  live: boolean;
}

/** One org: name (links to its page), ID, and its link status, polled while the row is on screen. */
export const OrgRow = memo(function OrgRow({ org, rowIndex, live }: OrgRowProps) {
  const intervals = useLinkPollIntervals();
  const status = useQuery({ ...linkStatusQueries.status(org.id, intervals), enabled: live });
  const shown = linkBadgeStatus(status);
  const label =
    shown === 'ERROR'
      ? shortErrorLabel(status.error)
      : shown === 'UNCHECKED' && status.isFetching
        ? 'Checking…'
        : undefined;
  return (
    <tr className={classes.row} aria-rowindex={rowIndex}>
      <td className={classes.cell}>
        <Anchor component={Link} to={paths.org(org.id)} title={org.name}>
          {org.name || org.id}
        </Anchor>
      </td>
      <td className={`${classes.cell} ${classes.id}`}>{org.id}</td>
      <td className={classes.cell}>
        <LinkStatusBadge status={shown} label={label} size="lg" />
      </td>
    </tr>
  );
});
