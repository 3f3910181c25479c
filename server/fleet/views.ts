// Database rows in the words of the fleet contract (#contract/fleet-contract).
import type { FleetOrg, StatusChange, SweepProgress, SweepRun } from '#contract/fleet-contract';
import type { SourceUpstream } from '#contract/route-table';
import type { Database } from '../store/db';
import type { FleetOrgRow, FleetStatusChangeRow } from '../store/fleet';
import { lastFinishedSweep, lastScheduledStart, openSweep, type SweepRow } from '../store/sweeps';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toFleetOrg(row: FleetOrgRow): FleetOrg {
  return {
    upstream: row.upstream as SourceUpstream,
    orgId: row.orgId,
    name: row.name,
    status: row.linkStatus,
    statusSince: iso(row.linkStatusSince),
    lastCheckedAt: iso(row.lastCheckedAt),
    lastSuccessAt: iso(row.lastSuccessAt),
    lastError:
      row.lastErrorCode === null
        ? null
        : {
            code: row.lastErrorCode,
            detail: row.lastErrorDetail ?? '',
            httpStatus: row.lastErrorHttpStatus,
          },
  };
}

export function toStatusChange(row: FleetStatusChangeRow): StatusChange {
  return {
    at: row.changedAt.toISOString(),
    from: row.oldStatus,
    to: row.newStatus,
    seen: row.seenVia,
  };
}

export function toSweepRun(row: SweepRow): SweepRun {
  return {
    id: row.id,
    cause: row.cause,
    requestedBy: row.requestedBy,
    requestedAt: row.requestedAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    outcome: row.outcome,
    orgsTotal: row.orgsTotal,
    orgsChecked: row.orgsChecked,
    orgsFailed: row.orgsFailed,
    statusChanges: row.statusChanges,
    errorDetail: row.errorDetail,
  };
}

/** Where the sweeper is, from the database (the same on every instance). */
export async function readSweepProgress(
  db: Database,
  intervalMs: number,
  now: number,
): Promise<SweepProgress> {
  const [open, last, lastStart] = await Promise.all([
    openSweep(db),
    lastFinishedSweep(db),
    lastScheduledStart(db),
  ]);
  const next = lastStart ? Math.max(now, lastStart.getTime() + intervalMs) : now;
  return {
    state: open ? (open.startedAt ? 'running' : 'queued') : 'idle',
    current: open ? toSweepRun(open) : null,
    last: last ? toSweepRun(last) : null,
    nextSweepAt: open ? null : new Date(next).toISOString(),
    intervalSeconds: Math.round(intervalMs / 1000),
  };
}
