// Windowing for a list of fixed-height rows: which rows are in view (plus an overscan), the space
// above and below them, and whether the user is still scrolling. Rows here are exactly ROW_HEIGHT
// tall (single line, no wrapping), so a few lines of arithmetic replace a virtualization library
// and keep ~8 KB gzip out of the first route's budget.
import { useLayoutEffect, useState, type RefObject } from 'react';

interface RowWindowOptions {
  scrollRef: RefObject<HTMLElement | null>;
  count: number;
  rowHeight: number;
  overscan: number;
  /** How long scrolling must rest before `isScrolling` turns false again. */
  restDelayMs: number;
}

export interface RowWindow {
  /** First rendered row (inclusive) and last (exclusive). */
  first: number;
  last: number;
  paddingTop: number;
  paddingBottom: number;
  isScrolling: boolean;
}

export function windowFor(
  scrollTop: number,
  viewHeight: number,
  count: number,
  rowHeight: number,
  overscan: number,
): Omit<RowWindow, 'isScrolling'> {
  const first = Math.min(count, Math.max(0, Math.floor(scrollTop / rowHeight) - overscan));
  const last = Math.min(count, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan);
  return {
    first,
    last: Math.max(first, last),
    paddingTop: first * rowHeight,
    paddingBottom: Math.max(0, count - Math.max(first, last)) * rowHeight,
  };
}

export function useRowWindow(o: RowWindowOptions): RowWindow {
  const [view, setView] = useState({ top: 0, height: 0 });
  const [isScrolling, setScrolling] = useState(false);
  const { scrollRef, restDelayMs } = o;

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    const onScroll = () => {
      measure();
      setScrolling(true);
      clearTimeout(timer);
      timer = setTimeout(() => setScrolling(false), restDelayMs);
    };
    measure();
    el.addEventListener('scroll', onScroll, { passive: true });
    const resize = new ResizeObserver(measure);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      resize.disconnect();
      clearTimeout(timer);
    };
  }, [scrollRef, restDelayMs]);

  return { ...windowFor(view.top, view.height, o.count, o.rowHeight, o.overscan), isScrolling };
}
