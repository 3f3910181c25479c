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

// One formatter per style, made on first use: `toLocaleString(…, options)` builds a new
// Intl.DateTimeFormat on every call, which measured ~19 ms of the board's first render (a hover
// text per row).
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(undefined, options)));
  return f;
}

/** Wall-clock time, e.g. 14:03:27. */
export function formatClock(at: number): string {
  return formatter('clock', {
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(at);
}

/** Date and time, e.g. 2 Jan 2026, 10:00:00. */
export function formatDateTime(at: number): string {
  return formatter('date-time', { dateStyle: 'medium', timeStyle: 'medium', hour12: false }).format(
    at,
  );
}

/** Date, time and time zone, for hover text: "Friday, 2 January 2026 at 10:00:00 GMT+1". */
export function formatFull(at: number): string {
  return formatter('full', { dateStyle: 'full', timeStyle: 'long', hour12: false }).format(at);
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
