import {
  formatAgo,
  formatClock,
  formatDateTime,
  formatDuration,
  formatFull,
  useNow,
} from '@/lib/relative-time';

interface TimestampProps {
  /** Milliseconds since the epoch, or an ISO date. */
  at: number | string;
  /**
   * `ago`: "12 s ago" and `since`: "14 min" (how long since then; both kept current); `clock`:
   * 14:03:27; `date-time`: 2 Jan 2026, 14:03:27.
   */
  show?: 'ago' | 'since' | 'clock' | 'date-time';
}

/**
 * The one way a time is shown: a <time> whose hover text has the full date and time zone, so a
 * short "12 s ago" or "14:03:27" is never ambiguous.
 */
export function Timestamp({ at, show = 'ago' }: TimestampProps) {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (Number.isNaN(ms)) return <>{String(at)}</>;
  return (
    <time dateTime={new Date(ms).toISOString()} title={formatFull(ms)}>
      {show === 'ago' || show === 'since' ? (
        <Ago at={ms} since={show === 'since'} />
      ) : show === 'clock' ? (
        formatClock(ms)
      ) : (
        formatDateTime(ms)
      )}
    </time>
  );
}

function Ago({ at, since }: { at: number; since: boolean }) {
  const now = useNow(5_000);
  return <>{since ? formatDuration(now - at) : formatAgo(at, now)}</>;
}
