import { Text } from '@mantine/core';
import { useRef } from 'react';
import type { Org } from '#contract/schemas';
import { useRowWindow } from '../hooks/use-row-window';
import { OrgRow } from './org-row';
import classes from './orgs-table.module.css';

const ROW_HEIGHT = 44;

interface OrgsTableProps {
  orgs: readonly Org[];
  /** Whether on-screen rows check their status by themselves. */
  liveRows: boolean;
  emptyText: string;
}

/**
 * A real <table> that renders only the rows in view (plus a few), with spacer rows above and
 * below; aria-rowcount/aria-rowindex tell assistive technology how many rows there are in all.
 */
export function OrgsTable({ orgs, liveRows, emptyText }: OrgsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { first, last, paddingTop, paddingBottom, isScrolling } = useRowWindow({
    scrollRef,
    count: orgs.length,
    rowHeight: ROW_HEIGHT,
    overscan: 8,
    // Rows start checking once scrolling has rested this long, not for every row flown past.
    restDelayMs: 400,
  });
  const live = liveRows && !isScrolling;

  return (
    <div ref={scrollRef} className={classes.scroller}>
      {/* A plain table: Mantine's Table would bring its ScrollArea (and floating-ui) into the
          first route's bundle. */}
      <table className={classes.table} aria-rowcount={orgs.length + 1} aria-label="Organizations">
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className={classes.nameColumn}>
              Organization
            </th>
            <th scope="col" className={classes.idColumn}>
              ID
            </th>
            <th scope="col">Link status</th>
          </tr>
        </thead>
        <tbody>
          {orgs.length === 0 && (
            <tr>
              <td colSpan={3}>
                <Text py="md" ta="center">
                  {emptyText}
                </Text>
              </td>
            </tr>
          )}
          {paddingTop > 0 && (
            <tr aria-hidden="true" className={classes.spacer}>
              <td colSpan={3} style={{ height: paddingTop }} />
            </tr>
          )}
          {orgs.slice(first, last).map((org, i) => (
            <OrgRow key={org.id} org={org} rowIndex={first + i + 2} live={live} />
          ))}
          {paddingBottom > 0 && (
            <tr aria-hidden="true" className={classes.spacer}>
              <td colSpan={3} style={{ height: paddingBottom }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
