// The Organizations board's search and filters as the user left them, so the navigation link
// and the organization page's back link return to the same view. Kept for the tab's session.
import { useSyncExternalStore } from 'react';
import { paths } from '@/config/paths';

const STORAGE_KEY = 'orglink.board-search';
const listeners = new Set<() => void>();

function read(): string {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

let current = read();

/** The board's `?q=…&source=…&status=…` (empty when none is set). */
export function boardSearchOf(
  q: string,
  status: string | null,
  source: string | null = null,
): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (source) params.set('source', source);
  if (status) params.set('status', status);
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function rememberBoardSearch(search: string): void {
  if (search === current) return;
  current = search;
  try {
    sessionStorage.setItem(STORAGE_KEY, search);
  } catch {
    // Storage may be off: the memory copy still serves this page load.
  }
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The board's address with the search and filter last used on it. */
export function useBoardHref(): string {
  const search = useSyncExternalStore(subscribe, () => current);
  return `${paths.orgs}${search}`;
}
