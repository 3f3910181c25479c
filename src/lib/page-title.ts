// Every page says what it shows in its title (WCAG 2.4.2), so tabs, history and screen readers can
// tell pages apart: "Acme Payments Prod · Synced — Orglink Console".
import { useDocumentTitle } from '@mantine/hooks';

export const APP_NAME = 'Orglink Console';

/** The parts of what a page shows, most specific first; empty parts are left out. */
export function pageTitle(...parts: (string | null | undefined | false)[]): string {
  const shown = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return shown.length > 0 ? `${shown.join(' · ')} — ${APP_NAME}` : APP_NAME;
}

/** Sets document.title for as long as the page shows (the next page sets its own). */
export function usePageTitle(...parts: (string | null | undefined | false)[]): void {
  useDocumentTitle(pageTitle(...parts));
}
