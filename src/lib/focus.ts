// Where keyboard focus goes after a dialog closes (WCAG 2.4.3): back to what opened it, or, when
// that is gone or disabled now (the action succeeded), to the next best place the caller names.
// Mantine's own focus return remembers the element focused when `opened` turns true, which a
// dialog mounted already open (a fresh one per opening) never sees; the dialogs here pass
// `returnFocus={false}` and call this when their exit transition ends.

type Candidate = HTMLElement | null | undefined;

function canTakeFocus(el: HTMLElement): boolean {
  if (!el.isConnected) return false;
  if ((el as HTMLButtonElement).disabled || el.getAttribute('aria-disabled') === 'true') {
    return false;
  }
  if (el.closest('[inert], [hidden], [aria-hidden="true"]')) return false;
  return el.getClientRects().length > 0;
}

/** Focuses the first candidate that is still on the page, enabled and shown; returns it. */
export function focusFirstAvailable(candidates: readonly Candidate[]): HTMLElement | null {
  for (const el of candidates) {
    if (!el || !canTakeFocus(el)) continue;
    el.focus();
    if (document.activeElement === el) return el;
  }
  return null;
}

/**
 * A button that shows a spinner is disabled meanwhile, and the browser drops the focus it had to
 * <body>. Once the work is done, this puts it on `el` — unless the user has moved it elsewhere.
 */
export function refocusIfLost(el: HTMLElement | null | undefined): void {
  requestAnimationFrame(() => {
    const active = document.activeElement;
    if (active === null || active === document.body) focusFirstAvailable([el]);
  });
}
