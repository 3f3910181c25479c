// Words and numbers the migration pages show: lag, the cutover window left, status names, and a
// link to the Atlas UI (where a cutover window can be extended: the API cannot).
import {
  CUTOVER_WARNING_MS,
  MIGRATION_STATUS_LABELS,
  type RegisteredMigration,
} from '#contract/live-migrations-contract';

/** "3,600 s (1 h 0 min)" is noisy: lag reads best as the largest two units. */
export function formatLag(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${seconds % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A duration left, e.g. "4 d 23 h", "23 h 10 min", "9 min 5 s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s % 60} s`;
  return `${s} s`;
}

export type WindowState =
  | { kind: 'not-started' }
  | { kind: 'open'; leftMs: number; warning: boolean }
  | { kind: 'ended'; endedAt: number }
  | { kind: 'closed' };

/** Where the cutover window stands now: before ready, open (warning in its last 24 h), run out. */
export function cutoverWindow(m: RegisteredMigration, now: number): WindowState {
  if (!m.windowEndsAt) return { kind: 'not-started' };
  // Cut over, complete or failed: the window no longer matters.
  if (m.cutoverRequestedAt || (m.status !== 'WORKING' && m.status !== 'EXPIRED')) {
    return { kind: 'closed' };
  }
  const end = Date.parse(m.windowEndsAt);
  if (m.status === 'EXPIRED' || end <= now) return { kind: 'ended', endedAt: end };
  const leftMs = end - now;
  const warning = leftMs <= CUTOVER_WARNING_MS;
  return { kind: 'open', leftMs, warning };
}

export function windowLeftText(m: RegisteredMigration, now: number): string {
  const w = cutoverWindow(m, now);
  switch (w.kind) {
    case 'not-started':
      return 'Not started';
    case 'open':
      return `${formatDuration(w.leftMs)} left`;
    case 'ended':
      return 'Ran out';
    case 'closed':
      return '—';
  }
}

export function statusLabel(m: Pick<RegisteredMigration, 'status'>): string {
  return m.status ? MIGRATION_STATUS_LABELS[m.status] : 'Unknown';
}

/** What a status badge shows: the status, "Cutting over" while a requested cutover runs. */
export function phaseLabel(m: RegisteredMigration): string {
  if (m.status === 'WORKING' && m.cutoverRequestedAt) return 'Cutting over';
  return statusLabel(m);
}

/**
 * The target project's clusters in the Atlas UI, where its live migrations are shown and where a
 * cutover window can be extended. A plausible deep link (the Atlas UI's project URL form,
 * `/v2/<groupId>#/clusters`); the exact migration page is not documented.
 */
export function atlasProjectUrl(groupId: string): string {
  return `https://cloud.mongodb.com/v2/${encodeURIComponent(groupId)}#/clusters`;
}

export const SOURCE_LABELS = { opsmanager: 'Ops Manager', cloudmanager: 'Cloud Manager' } as const;

export function sourceText(m: RegisteredMigration): string {
  return `${m.source.orgName ?? m.source.orgId} / ${m.source.projectName ?? m.source.projectId} / ${m.source.deployment}`;
}

export function targetText(m: RegisteredMigration): string {
  return `${m.target.projectName ?? m.target.projectId} / ${m.target.cluster}`;
}
