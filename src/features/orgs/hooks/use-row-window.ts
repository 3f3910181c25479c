// Windowing for a table of fixed-height rows that scrolls with the page: which rows are in view
// (plus an overscan), the space above and below them, and whether the user is still scrolling.
// Rows are exactly `rowHeight` tall (single-line cells), so a few lines of arithmetic replace a
// virtualization library and keep ~8 KB gzip out of the first route's budget.
import { useLayoutEffect, useState, type RefObject } from 'react';

interface RowWindowOptions {
  /** The rows' container (tbody): row i starts i × rowHeight below its top. */
  bodyRef: RefObject<HTMLElement | null>;
  /**
   * A sticky header cell over the rows (the cell, not its <thead>: only cells stick): nothing
   * above its bottom edge is in view.
   */
  headRef: RefObject<HTMLElement | null>;
  count: number;
  rowHeight: number;
  overscan: number;
  /** How long scrolling must rest before `isScrolling` turns false again. */
  restDelayMs: number;
}

export interface RowRange {
  /** First rendered row (inclusive) and last (exclusive). */
  first: number;
  last: number;
}

export interface RowWindow extends RowRange {
  isScrolling: boolean;
}

/** The rows to render for a view `viewHeight` tall that starts `scrollTop` below the first row. */
export function windowFor(
  scrollTop: number,
  viewHeight: number,
  count: number,
  rowHeight: number,
  overscan: number,
): RowRange {
  const first = Math.min(count, Math.max(0, Math.floor(scrollTop / rowHeight) - overscan));
  const last = Math.min(count, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}

/** A run of rows drawn as one spacer of their height, or one row drawn. */
export type RowSlot = { kind: 'gap'; rows: number } | { kind: 'row'; index: number };

/**
 * What the table body draws: spacers for the rows out of view and the rows in view — and the
 * `pinned` row wherever it is, so the row holding the keyboard focus is never taken out of the
 * page (focus would drop to <body>) when the user scrolls away from it.
 */
export function rowSlots(range: RowRange, count: number, pinned: number | null): RowSlot[] {
  const indexes: number[] = [];
  for (let i = range.first; i < range.last; i++) indexes.push(i);
  if (pinned !== null && pinned >= 0 && pinned < count && !indexes.includes(pinned)) {
    indexes.push(pinned);
    indexes.sort((a, b) => a - b);
  }
  const slots: RowSlot[] = [];
  let next = 0;
  for (const index of indexes) {
    if (index > next) slots.push({ kind: 'gap', rows: index - next });
    slots.push({ kind: 'row', index });
    next = index + 1;
  }
  if (count > next) slots.push({ kind: 'gap', rows: count - next });
  return slots;
}

export function useRowWindow(o: RowWindowOptions): RowWindow {
  const [view, setView] = useState({ top: 0, height: 0 });
  const [isScrolling, setScrolling] = useState(false);
  const { bodyRef, headRef, restDelayMs } = o;

  useLayoutEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const body = bodyRef.current;
      if (!body) return;
      const top = body.getBoundingClientRect().top;
      // Under the sticky header (page header and the table's own) nothing is in view.
      const covered = Math.max(0, headRef.current?.getBoundingClientRect().bottom ?? 0);
      const from = Math.max(0, covered - top);
      const to = Math.max(from, window.innerHeight - top);
      setView((v) =>
        v.top === from && v.height === to - from ? v : { top: from, height: to - from },
      );
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(measure);
    };
    const onScroll = () => {
      schedule();
      setScrolling(true);
      clearTimeout(timer);
      timer = setTimeout(() => setScrolling(false), restDelayMs);
    };
    measure();
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', schedule);
    // Content above the table may grow or shrink (a progress bar, an alert): the table moves.
    const resize = new ResizeObserver(schedule);
    resize.observe(document.body);
    return () => {
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', schedule);
      resize.disconnect();
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [bodyRef, headRef, restDelayMs]);

  return { ...windowFor(view.top, view.height, o.count, o.rowHeight, o.overscan), isScrolling };
}
