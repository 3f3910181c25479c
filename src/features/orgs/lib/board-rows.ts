// What a board row shows: the server's record of the org (/api/fleet: complete at first paint),
// unless this browser has checked the org itself since (a row on screen polls its status) — the
// newer answer wins. One function decides, for the row, the filter, the summary and the CSV.
import { isApiError } from '@/api/api-error';
import type { LinkBadgeStatus, LinkObservation, LinkStatus } from '@/api/queries/link-status';
import type { Fleet, FleetOrg } from '#contract/fleet-contract';
import type { SourceUpstream } from '#contract/route-table';
import { fleetErrorLabel, shortErrorLabel } from './short-error-label';

export interface BoardOrg {
  /** `source:orgId`: unique across both sources. */
  key: string;
  source: SourceUpstream;
  id: string;
  /** '' when the upstream gave none. */
  name: string;
  fleet: FleetOrg;
}

export function boardKey(source: SourceUpstream, orgId: string): string {
  return `${source}:${orgId}`;
}

/** The board's orgs, in the server's order (by name). */
export function boardOrgsOf(fleet: Fleet): BoardOrg[] {
  return fleet.orgs.map((f) => ({
    key: boardKey(f.upstream, f.orgId),
    source: f.upstream,
    id: f.orgId,
    name: f.name ?? '',
    fleet: f,
  }));
}

/** This browser's own latest check of an org (the shared link-status query's state). */
export interface LiveCheck {
  data: LinkObservation | undefined;
  /** When the data arrived (ms); 0: never. */
  dataAt: number;
  /** The latest check's error, when it failed. */
  error: unknown;
  /** When the latest failure came (ms); 0: none. */
  errorAt: number;
}

export interface RowStatus {
  status: LinkBadgeStatus;
  /** Words replacing the status's own (why a check failed). */
  label: string | undefined;
  /** The last status known, even when the latest check failed; null: none yet. */
  known: LinkStatus | null;
  /** Since when the known status has held (ms); null when unknown. */
  since: number | null;
  /** The latest check, successful or not (ms); null: never checked. */
  lastCheckedAt: number | null;
  /** Why the latest check failed. */
  error: { code: string; detail: string } | null;
}

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

function fromFleet(f: FleetOrg): RowStatus {
  return {
    status: f.lastError ? 'ERROR' : (f.status ?? 'UNCHECKED'),
    label: f.lastError ? fleetErrorLabel(f.lastError) : undefined,
    known: f.status,
    since: ms(f.statusSince),
    lastCheckedAt: ms(f.lastCheckedAt),
    error: f.lastError ? { code: f.lastError.code, detail: f.lastError.detail } : null,
  };
}

export function rowStatusOf(f: FleetOrg, live: LiveCheck | undefined): RowStatus {
  const fleet = fromFleet(f);
  const liveAt = live ? Math.max(live.dataAt, live.errorAt) : 0;
  // The server's record is as new or newer (it also records this browser's checks): it wins.
  if (!live || liveAt === 0 || liveAt < (fleet.lastCheckedAt ?? 0)) return fleet;
  if (live.errorAt > live.dataAt) {
    const e = live.error;
    return {
      ...fleet,
      status: 'ERROR',
      label: shortErrorLabel(e),
      lastCheckedAt: live.errorAt,
      error: isApiError(e)
        ? { code: e.errorCode ?? `HTTP_${e.status}`, detail: e.detail }
        : { code: 'ERROR', detail: String(e) },
    };
  }
  const status = live.data?.status;
  if (!status) return fleet;
  // Same status as the server knows: its "since" is older than anything this tab saw. A new one:
  // when this tab saw it change, or at the latest when it was checked.
  const since =
    status === fleet.known && fleet.since !== null ? fleet.since : (live.data?.changedAt ?? liveAt);
  return { status, label: undefined, known: status, since, lastCheckedAt: liveAt, error: null };
}
