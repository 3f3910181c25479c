// Status changes seen while the org page is open: in memory only, newest first.
import { useState } from 'react';
import type { LinkObservation, LinkStatus } from '@/api/queries/link-status';

export const HISTORY_MAX = 20;

export interface HistoryEntry {
  at: number;
  from: LinkStatus;
  to: LinkStatus;
}

function entryOf(state: LinkObservation | undefined): HistoryEntry | null {
  if (!state || state.changedAt === null || state.previous === null) return null;
  return { at: state.changedAt, from: state.previous, to: state.status };
}

export function useStatusHistory(state: LinkObservation | undefined): HistoryEntry[] {
  const [entries, setEntries] = useState<HistoryEntry[]>(() => {
    const first = entryOf(state);
    return first ? [first] : [];
  });
  const [lastAt, setLastAt] = useState<number | null>(state?.changedAt ?? null);
  const entry = entryOf(state);
  // Adjusting state while rendering (no effect): each new change is added exactly once.
  if (entry && entry.at !== lastAt) {
    setLastAt(entry.at);
    setEntries((list) => [entry, ...list].slice(0, HISTORY_MAX));
  }
  return entries;
}
