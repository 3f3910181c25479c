// What this browser's own status checks say about each org (the query cache of the shared
// link-status queries), for the board's filter, summary and CSV. Cache events are coalesced so a
// burst of answers does not mean a re-render each.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { orgOfLinkStatusKey, type LinkObservation } from '@/api/queries/link-status';
import { boardKey, type LiveCheck } from '../lib/board-rows';

/** By board key (`source:orgId`). */
export type LiveChecks = ReadonlyMap<string, LiveCheck>;

const COALESCE_MS = 150;

function build(client: QueryClient): LiveChecks {
  const byOrg = new Map<string, LiveCheck>();
  for (const query of client.getQueryCache().getAll()) {
    const org = orgOfLinkStatusKey(query.queryKey);
    if (org === null) continue;
    const s = query.state;
    if (!s.dataUpdatedAt && !s.errorUpdatedAt) continue;
    byOrg.set(boardKey(org.source, org.orgId), {
      data: s.data as LinkObservation | undefined,
      dataAt: s.dataUpdatedAt,
      error: s.status === 'error' ? s.error : null,
      errorAt: s.status === 'error' ? s.errorUpdatedAt : 0,
    });
  }
  return byOrg;
}

function createStore(client: QueryClient) {
  let snapshot: LiveChecks | null = null;
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => void) | undefined;

  const flush = () => {
    timer = undefined;
    snapshot = null;
    listeners.forEach((l) => l());
  };

  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      if (listeners.size === 1) {
        snapshot = null;
        unsubscribe = client.getQueryCache().subscribe((event) => {
          if (event.type !== 'added' && event.type !== 'removed' && event.type !== 'updated')
            return;
          if (orgOfLinkStatusKey(event.query.queryKey) === null) return;
          timer ??= setTimeout(flush, COALESCE_MS);
        });
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          unsubscribe?.();
          clearTimeout(timer);
          timer = undefined;
        }
      };
    },
    getSnapshot(): LiveChecks {
      snapshot ??= build(client);
      return snapshot;
    },
  };
}

const stores = new WeakMap<QueryClient, ReturnType<typeof createStore>>();

export function useLiveChecks(): LiveChecks {
  const client = useQueryClient();
  let store = stores.get(client);
  if (!store) {
    store = createStore(client);
    stores.set(client, store);
  }
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
