// The board's search text and status filter live in the URL (`?q=acme&status=not-synced`), so a
// filtered board can be shared. Other parameters (e.g. the dev `scenario`) are left alone.
import { useCallback, useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import { boardSearchOf, rememberBoardSearch } from '@/lib/board-search';
import { isStatusFilter, type StatusFilter } from '../lib/filter-orgs';

export function useBoardParams() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const rawStatus = params.get('status');
  const status: StatusFilter | null = isStatusFilter(rawStatus) ? rawStatus : null;
  // The nav link and the org page's back link bring the user back to this view.
  useEffect(() => rememberBoardSearch(boardSearchOf(q, status)), [q, status]);

  const update = useCallback(
    (key: 'q' | 'status', value: string | null) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value) next.set(key, value);
          else next.delete(key);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const setQ = useCallback((value: string) => update('q', value), [update]);
  const setStatus = useCallback((value: StatusFilter | null) => update('status', value), [update]);
  return { q, status, setQ, setStatus };
}
