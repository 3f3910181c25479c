// The board's search text and filters live in the URL (`?q=acme&source=cloudmanager&status=synced`),
// so a filtered board can be shared. Other parameters (e.g. the dev `scenario`) are left alone.
import { useCallback, useEffect } from 'react';
import type { SourceUpstream } from '#contract/route-table';
import { useAddressParams } from '@/lib/address-params';
import { boardSearchOf, rememberBoardSearch } from '@/lib/board-search';
import { isSourceFilter, isStatusFilter, type StatusFilter } from '../lib/filter-orgs';

export function useBoardParams() {
  const [params, setParams] = useAddressParams();
  const q = params.get('q') ?? '';
  const rawStatus = params.get('status');
  const status: StatusFilter | null = isStatusFilter(rawStatus) ? rawStatus : null;
  const rawSource = params.get('source');
  const source: SourceUpstream | null = isSourceFilter(rawSource) ? rawSource : null;
  // The nav link and the org page's back link bring the user back to this view.
  useEffect(() => rememberBoardSearch(boardSearchOf(q, status, source)), [q, status, source]);

  const update = useCallback(
    (key: 'q' | 'status' | 'source', value: string | null) =>
      setParams(
        (next) => {
          if (value) next.set(key, value);
          else next.delete(key);
        },
        { replace: true },
      ),
    [setParams],
  );

  const setQ = useCallback((value: string) => update('q', value), [update]);
  const setStatus = useCallback((value: StatusFilter | null) => update('status', value), [update]);
  const setSource = useCallback(
    (value: SourceUpstream | null) => update('source', value),
    [update],
  );
  return { q, status, source, setQ, setStatus, setSource };
}
