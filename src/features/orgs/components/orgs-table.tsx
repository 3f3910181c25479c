import { Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo, useRef, useState, type CSSProperties, type FocusEvent } from 'react';
import { rowSlots, useRowWindow } from '../hooks/use-row-window';
import type { BoardOrg } from '../lib/board-rows';
import { BOARD_COLUMNS } from './board-columns';
import { OrgRow } from './org-row';
import classes from './orgs-table.module.css';

/** Row heights (px) the CSS gives a row: the name and the ID under it, or on a phone a name of up
 * to two lines and the ID under it (orgs-table.module.css). */
const ROW_HEIGHT = { wide: 56, phone: 72 } as const;
/** The phone layout's breakpoint (Mantine's `sm`), as in orgs-table.module.css. */
const PHONE = '(max-width: 48em)';

interface OrgsTableProps {
  orgs: readonly BoardOrg[];
  /** Whether on-screen rows check their status by themselves. */
  liveRows: boolean;
  emptyText: string;
}

/**
 * A real <table> in the page's flow (the page scrolls, its header stays in view) that renders only
 * the rows in view (plus a few), with spacer rows for the rest; aria-rowcount/aria-rowindex tell
 * assistive technology how many rows there are in all. The row with the keyboard focus stays
 * rendered wherever the page is scrolled.
 */
export function OrgsTable({ orgs, liveRows, emptyText }: OrgsTableProps) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const headRef = useRef<HTMLTableCellElement>(null);
  const phone = useMediaQuery(PHONE, false, { getInitialValueInEffect: false });
  const rowHeight = phone ? ROW_HEIGHT.phone : ROW_HEIGHT.wide;
  const { first, last, isScrolling } = useRowWindow({
    bodyRef,
    headRef,
    count: orgs.length,
    rowHeight,
    overscan: 8,
    // Rows start checking once scrolling has rested this long, not for every row flown past.
    restDelayMs: 400,
  });
  const live = liveRows && !isScrolling;
  const [focusedKey, setFocusedKey] = useState<string | null>(null);
  const indexOf = useMemo(() => new Map(orgs.map((o, i) => [o.key, i])), [orgs]);
  const pinned = focusedKey === null ? null : (indexOf.get(focusedKey) ?? null);
  const slots = rowSlots({ first, last }, orgs.length, pinned);

  const onFocus = (e: FocusEvent<HTMLTableSectionElement>) => {
    const key = (e.target as HTMLElement).closest('tr')?.dataset.orgKey;
    if (key) setFocusedKey(key);
  };
  const onBlur = (e: FocusEvent<HTMLTableSectionElement>) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocusedKey(null);
  };

  return (
    // A plain table: Mantine's Table would bring its ScrollArea (and floating-ui) into the first
    // route's bundle.
    <table
      className={classes.table}
      aria-rowcount={orgs.length + 1}
      aria-label="Organizations"
      style={{ '--row-height': `${rowHeight}px` } as CSSProperties}
    >
      <colgroup>
        {BOARD_COLUMNS.map((c) => (
          <col key={c.key} className={c.className} />
        ))}
      </colgroup>
      <thead>
        <tr aria-rowindex={1}>
          {BOARD_COLUMNS.map((c, i) => (
            <th key={c.key} scope="col" className={c.className} ref={i === 0 ? headRef : undefined}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody ref={bodyRef} onFocus={onFocus} onBlur={onBlur}>
        {orgs.length === 0 && (
          <tr>
            <td colSpan={BOARD_COLUMNS.length}>
              <Text py="md" ta="center">
                {emptyText}
              </Text>
            </td>
          </tr>
        )}
        {slots.map((slot, i) => {
          if (slot.kind === 'gap') {
            return (
              <tr aria-hidden="true" className={classes.spacer} key={`gap-${i}`}>
                <td colSpan={BOARD_COLUMNS.length} style={{ height: slot.rows * rowHeight }} />
              </tr>
            );
          }
          const org = orgs[slot.index];
          return org ? (
            <OrgRow key={org.key} org={org} rowIndex={slot.index + 2} live={live} />
          ) : null;
        })}
      </tbody>
    </table>
  );
}
