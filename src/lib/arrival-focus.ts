// Where focus goes when an action's own page is gone (a deleted federation): the user is sent to
// another page, whose heading takes the focus (WCAG 2.4.3) instead of it falling to <body>.
import { useEffect, type RefObject } from 'react';
import { useLocation } from 'react-router-dom';

/** Navigation state that asks the next page to focus its heading. */
export const FOCUS_HEADING = Object.freeze({ focusHeading: true });

function asksForHeading(state: unknown): boolean {
  return typeof state === 'object' && state !== null && 'focusHeading' in state;
}

/** Focuses `heading` (give it tabIndex -1) when the page was opened with FOCUS_HEADING. */
export function useFocusHeadingOnArrival(heading: RefObject<HTMLElement | null>): void {
  const location = useLocation();
  useEffect(() => {
    if (asksForHeading(location.state)) heading.current?.focus();
  }, [location.key, location.state, heading]);
}
