// Asks before the page is left while `when` holds (a link-token shown once and not copied yet):
// a route change inside the SPA (a link, the back and forward buttons, a search change) waits for
// the user's answer; closing or reloading the tab gets the browser's own question (beforeunload).
//
// Hand-written because react-router's useBlocker works only under its data router, which costs
// ~16 KB of the first route's bundle budget (src/app/router.tsx). The declarative router navigates
// through one `navigator` (its history object): while the guard is on, its push/replace/go are
// wrapped, and a back/forward `popstate` is caught before the router's own listener (a capture
// listener on window runs first), undone, and replayed if the user decides to leave.
import { useCallback, useContext, useEffect, useRef, useState, type Context } from 'react';
import { UNSAFE_NavigationContext, useBeforeUnload } from 'react-router-dom';

export interface LeaveGuard {
  /** A navigation is waiting for the user's answer. */
  blocked: boolean;
  /** Leave after all: the waiting navigation goes ahead. */
  proceed: () => void;
  /** Stay: the waiting navigation is dropped. */
  reset: () => void;
}

type Navigator = (typeof UNSAFE_NavigationContext extends Context<infer C>
  ? C
  : never)['navigator'];

/** The router's index of the current history entry (react-router keeps it in history.state). */
function historyIndex(state: unknown): number | undefined {
  const idx = (state as { idx?: unknown } | null)?.idx;
  return typeof idx === 'number' ? idx : undefined;
}

export function useLeaveGuard(when: boolean): LeaveGuard {
  const { navigator } = useContext(UNSAFE_NavigationContext);
  const [pending, setPending] = useState<(() => void) | null>(null);
  // Set while a navigation the user agreed to goes through the wrapped navigator.
  const leaving = useRef(false);

  useBeforeUnload(
    useCallback(
      (e: BeforeUnloadEvent) => {
        if (!when) return;
        e.preventDefault();
        // Older browsers ask only when returnValue is set.
        e.returnValue = '';
      },
      [when],
    ),
  );

  useEffect(() => {
    if (!when) return;
    leaving.current = false;
    return holdNavigation(
      navigator,
      (run) => setPending(() => run),
      () => leaving.current,
    );
  }, [when, navigator]);

  return {
    blocked: pending !== null,
    proceed: () => {
      const run = pending;
      setPending(null);
      if (!run) return;
      // Off from here: the page unmounts as it goes (a back step arrives as a later popstate).
      leaving.current = true;
      run();
    },
    reset: () => setPending(null),
  };
}

/**
 * Until the returned function is called, every navigation of the router's `nav` (push, replace,
 * go, and back/forward through popstate) is handed to `hold` instead of happening, unless
 * `leaving()` says the user chose to leave. Module-level: it changes the router's navigator object
 * on purpose, which a component's render must never do.
 */
function holdNavigation(
  nav: Navigator,
  hold: (run: () => void) => void,
  leaving: () => boolean,
): () => void {
  const { push, replace, go } = nav;
  const held = (run: () => void) => (leaving() ? run() : hold(run));
  nav.push = (...args: Parameters<Navigator['push']>) => held(() => push.apply(nav, args));
  nav.replace = (...args: Parameters<Navigator['replace']>) => held(() => replace.apply(nav, args));
  nav.go = (delta: number) => held(() => go.call(nav, delta));

  const here = historyIndex(window.history.state);
  let undoing = false;
  const onPopState = (e: PopStateEvent) => {
    if (leaving()) return;
    if (undoing) {
      // The step back to this page that the guard itself made: not the router's business.
      undoing = false;
      e.stopImmediatePropagation();
      return;
    }
    const to = historyIndex(e.state);
    if (here === undefined || to === undefined || to === here) return;
    e.stopImmediatePropagation();
    const delta = to - here;
    undoing = true;
    window.history.go(-delta);
    hold(() => go.call(nav, delta));
  };
  window.addEventListener('popstate', onPopState, true);
  return () => {
    nav.push = push;
    nav.replace = replace;
    nav.go = go;
    window.removeEventListener('popstate', onPopState, true);
  };
}
