// What the query cache knows about every org's link status, for the summary, the status filter
// and "last check". Cache events are coalesced so 5,000 checks do not mean 5,000 re-renders.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import {
  linkBadgeStatus,
  linkStatusQueries,
  orgIdOfLinkStatusKey,
  type LinkBadgeStatus,
  type LinkObservation,
} from '@/api/queries/link-status';

export interface LinkStatusSnapshot {
  byOrg: ReadonlyMap<string, LinkBadgeStatus>;
  /** Time of the most recent answer (success or error) to any status check; null before any. */
  lastCheckedAt: number | null;
}

const COALESCE_MS = 150;

function build(client: QueryClient): LinkStatusSnapshot {
  const byOrg = new Map<string, LinkBadgeStatus>();
  let lastCheckedAt = 0;
  for (const query of client.getQueryCache().findAll({ queryKey: linkStatusQueries.all() })) {
    const orgId = orgIdOfLinkStatusKey(query.queryKey);
    if (orgId === null) continue;
    const state = query.state;
    byOrg.set(
      orgId,
      linkBadgeStatus({ status: state.status, data: state.data as LinkObservation | undefined }),
    );
    lastCheckedAt = Math.max(lastCheckedAt, state.dataUpdatedAt, state.errorUpdatedAt);
  }
  return { byOrg, lastCheckedAt: lastCheckedAt || null };
}

function createStore(client: QueryClient) {
  let snapshot: LinkStatusSnapshot | null = null;
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
          if (orgIdOfLinkStatusKey(event.query.queryKey) === null) return;
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
    getSnapshot(): LinkStatusSnapshot {
      snapshot ??= build(client);
      return snapshot;
    },
  };
}

const stores = new WeakMap<QueryClient, ReturnType<typeof createStore>>();

export function useLinkStatusSnapshot(): LinkStatusSnapshot {
  const client = useQueryClient();
  let store = stores.get(client);
  if (!store) {
    store = createStore(client);
    stores.set(client, store);
  }
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
