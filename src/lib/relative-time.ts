// "12 s ago", clock and full date texts, and a clock that re-renders a component every few seconds
// to keep such text current.
import { useEffect, useState } from 'react';

/** Short relative time for "last checked … ago" text. */
export function formatAgo(then: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** How long something has lasted, for "Not synced for 14 min": under a minute, min, h, d. */
export function formatDuration(ms: number): string {
  const m = Math.floor(Math.max(0, ms) / 60_000);
  if (m < 1) return 'under a minute';
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

/** Wall-clock time, e.g. 14:03:27. */
export function formatClock(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour12: false });
}

/** Date and time, e.g. 2 Jan 2026, 10:00:00. */
export function formatDateTime(at: number): string {
  return new Date(at).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'medium',
    hour12: false,
  });
}

/** Date, time and time zone, for hover text: "Friday, 2 January 2026 at 10:00:00 GMT+1". */
export function formatFull(at: number): string {
  return new Date(at).toLocaleString(undefined, {
    dateStyle: 'full',
    timeStyle: 'long',
    hour12: false,
  });
}

/** The current time, refreshed every `everyMs`. */
export function useNow(everyMs = 5_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}
