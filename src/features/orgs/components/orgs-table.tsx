import { Table, Text } from '@mantine/core';
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
      <Table
        className={classes.table}
        stickyHeader
        highlightOnHover
        aria-rowcount={orgs.length + 1}
        aria-label="Organizations"
      >
        <Table.Thead>
          <Table.Tr aria-rowindex={1}>
            <Table.Th scope="col" w="42%">
              Organization
            </Table.Th>
            <Table.Th scope="col" w="30%">
              ID
            </Table.Th>
            <Table.Th scope="col">Link status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {orgs.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={3}>
                <Text py="md" ta="center">
                  {emptyText}
                </Text>
              </Table.Td>
            </Table.Tr>
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
        </Table.Tbody>
      </Table>
    </div>
  );
}
