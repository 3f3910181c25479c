// Export CSV: the board as filtered, as a file (RFC 4180: comma-separated, CRLF line ends, fields
// quoted when needed). Loaded on the first click, so the first route does not carry it.
// Hand-written: the rules fit in a few lines, and a CSV library would add weight for no gain.
import { LINK_BADGE_LABELS } from '@/api/queries/link-status';
import { UPSTREAM_LABELS } from '#contract/route-table';
import type { BoardOrg, RowStatus } from './board-rows';

export const CSV_HEADER = [
  'Source',
  'Name',
  'ID',
  'Status',
  'Since',
  'Last checked',
  'Last error',
] as const;

/**
 * One field. A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a
 * formula — a name such as `=HYPERLINK(…)` from an upstream would run on the reader's machine
 * (CSV/formula injection). Such a cell gets a leading single quote, which spreadsheets show as
 * text. Then quoted when it holds a comma, a quote, a line break or edge spaces.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

/** The fields of one row, in CSV_HEADER's order. */
export function csvRecord(org: BoardOrg, view: RowStatus): string[] {
  return [
    UPSTREAM_LABELS[org.source],
    org.name,
    org.id,
    view.label ?? LINK_BADGE_LABELS[view.status],
    iso(view.since),
    iso(view.lastCheckedAt),
    view.error ? `${view.error.code}: ${view.error.detail}` : '',
  ];
}

/** The whole file: a byte-order mark (so spreadsheets read the names as UTF-8), the header, rows. */
export function boardCsv(rows: readonly { org: BoardOrg; view: RowStatus }[]): string {
  const lines = [CSV_HEADER, ...rows.map((r) => csvRecord(r.org, r.view))];
  return `\uFEFF${lines.map((fields) => fields.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** `organizations-2026-01-31.csv` (the local date). */
export function csvFileName(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `organizations-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`;
}

/** Hands the text to the browser as a file download. */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // After the click has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
