// Changes to the address's query parameters that build on the latest change, not on the last render.
import { useCallback, useLayoutEffect, useRef } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * `set(change, { replace })`: applies `change` to the current query parameters. React Router
 * hands a functional update the parameters of the last render, so two changes made before a
 * re-render lost the first (seen in e2e: the board's search vanished when a filter was clicked
 * right after typing; Link an organization lost the source org when the Atlas org was chosen).
 * Here each change builds on the one before it, rendered or not.
 */
export function useAddressParams() {
  const [params, setParams] = useSearchParams();
  const latest = useRef(params);
  useLayoutEffect(() => {
    latest.current = params;
  }, [params]);
  const set = useCallback(
    (change: (next: URLSearchParams) => void, options: { replace?: boolean } = {}) => {
      const next = new URLSearchParams(latest.current);
      change(next);
      latest.current = next;
      setParams(next, options);
    },
    [setParams],
  );
  return [params, set] as const;
}
