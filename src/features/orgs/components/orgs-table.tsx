import { Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { Org } from '@/api/schemas';
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
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to be used this way
  const virtualizer = useVirtualizer({
    count: orgs.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Rows start checking once scrolling has rested this long, not for every row flown past.
    isScrollingResetDelay: 400,
    getItemKey: (i) => orgs[i]?.id ?? i,
  });
  const items = virtualizer.getVirtualItems();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const live = liveRows && !virtualizer.isScrolling;

  return (
    <div ref={scrollRef} className={classes.scroller}>
      {/* A plain table: Mantine's Table would bring its ScrollArea (and floating-ui) into the
          first route's bundle. */}
      <table className={classes.table} aria-rowcount={orgs.length + 1} aria-label="Organizations">
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" style={{ width: '42%' }}>
              Organization
            </th>
            <th scope="col" style={{ width: '30%' }}>
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
          {items.map((item) => {
            const org = orgs[item.index];
            return org ? (
              <OrgRow key={org.id} org={org} rowIndex={item.index + 2} live={live} />
            ) : null;
          })}
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
