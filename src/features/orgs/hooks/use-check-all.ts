// Runs "Check now" through the shared link-status query, so rows, summary and org pages all see
// the answers.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { linkStatusQueries, useLinkPollIntervals } from '@/api/queries/link-status';
import { checkAll, type CheckAllProgress } from '../lib/check-all';

/** Requests in flight at most during "Check now". */
export const CHECK_CONCURRENCY = 4;
const PROGRESS_EVERY_MS = 100;

export interface CheckRun extends CheckAllProgress {
  running: boolean;
  cancelled: boolean;
  /** While rate limited: when the pause ends (ms). */
  pausedUntil: number | null;
  finishedAt: number | null;
}

export function useCheckAll() {
  const client = useQueryClient();
  const intervals = useLinkPollIntervals();
  const [run, setRun] = useState<CheckRun | null>(null);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    (orgIds: readonly string[]) => {
      controller.current?.abort();
      const ctrl = new AbortController();
      controller.current = ctrl;
      const total = orgIds.length;
      setRun({
        done: 0,
        failed: 0,
        total,
        running: true,
        cancelled: false,
        pausedUntil: null,
        finishedAt: null,
      });
      let lastPaint = 0;
      void checkAll(orgIds, {
        concurrency: CHECK_CONCURRENCY,
        signal: ctrl.signal,
        // staleTime 0: always ask, even when a row checked the org a moment ago.
        check: (orgId) =>
          client.fetchQuery({ ...linkStatusQueries.status(orgId, intervals), staleTime: 0 }),
        onProgress: (p) => {
          const now = Date.now();
          if (now - lastPaint < PROGRESS_EVERY_MS && p.done < p.total) return;
          lastPaint = now;
          setRun((r) => (r && controller.current === ctrl ? { ...r, ...p } : r));
        },
        onPause: (until) =>
          setRun((r) => (r && controller.current === ctrl ? { ...r, pausedUntil: until } : r)),
      }).then((p) => {
        if (controller.current !== ctrl) return;
        setRun((r) =>
          r
            ? {
                ...r,
                ...p,
                running: false,
                cancelled: ctrl.signal.aborted,
                pausedUntil: null,
                finishedAt: Date.now(),
              }
            : r,
        );
      });
    },
    [client, intervals],
  );

  const cancel = useCallback(() => controller.current?.abort(), []);

  return { run, start, cancel };
}
