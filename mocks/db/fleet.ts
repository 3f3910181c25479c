// What the proxy's database would know of the fleet (server/fleet/), computed from this store, for
// the browser fakes of `/api/fleet`, `/api/fleet/sweep` and an org's history (`npm run dev`, the
// `mock` e2e project and the jsdom tests). As on the server: a sweep ran when the fake "started"
// (the first read), Check now runs another (FAKE_SWEEP_MS long, progress counted as it goes), the
// schedule sweeps every FAKE_SWEEP_INTERVAL_S, and every status a status poll, a connect or a remove
// passes through the fake proxy is recorded with how it was seen.
import type {
  Fleet,
  FleetOrg,
  FleetStatus,
  OrgHistory,
  SeenVia,
  StatusChange,
  SweepProgress,
  SweepRun,
} from '#contract/fleet-contract';
import { SOURCE_UPSTREAMS, type SourceUpstream } from '#contract/route-table';
import { SOURCE_STORES } from './cloudmanager';
import { storeNow } from './clock';
import { SEEDED_LINK_TIME, type OrgRecord } from './seed-data';
import { linkStatus } from './source-orgs';

/** How long a fake sweep takes, start to finish (whatever the number of orgs). */
export const FAKE_SWEEP_MS = 3_000;
/** How long Check now's sweep waits in the queue before it starts (the sweeper's next tick). */
export const FAKE_QUEUE_MS = 300;
/** The fake server's SWEEP_INTERVAL (the server's default). */
export const FAKE_SWEEP_INTERVAL_S = 300;

interface Entry {
  status: FleetStatus;
  since: number;
  checkedAt: number;
  /** Oldest first. */
  changes: StatusChange[];
}

interface State {
  /** When the fake server "started" (its first sweep finished then). */
  startedAt: number;
  entries: Map<string, Entry>;
  finished: SweepRun[];
  /** Check now's sweep: queued until `startsAt`, done at `startsAt + FAKE_SWEEP_MS`. */
  open: { run: SweepRun; startsAt: number; manyOrgs: boolean } | null;
  nextScheduled: number;
  nextId: number;
}

let state: State | null = null;

const iso = (ms: number) => new Date(ms).toISOString();
const keyOf = (upstream: SourceUpstream, orgId: string) => `${upstream}:${orgId}`;

/** The orgs a sweep lists: every source org (the many-orgs scenario's too), deleted ones left out. */
function sourceOrgs(manyOrgs: boolean): { upstream: SourceUpstream; org: OrgRecord }[] {
  return SOURCE_UPSTREAMS.flatMap((upstream) =>
    SOURCE_STORES[upstream]
      .list(manyOrgs && upstream === 'opsmanager')
      .filter((org) => !org.isDeleted)
      .map((org) => ({ upstream, org })),
  );
}

/** What the upstream would answer now. */
function truth(upstream: SourceUpstream, orgId: string, now: number): FleetStatus {
  const link = SOURCE_STORES[upstream].getLink(orgId);
  return link ? linkStatus(link, now) : 'NOT_LINKED';
}

function record(
  s: State,
  upstream: SourceUpstream,
  orgId: string,
  status: FleetStatus,
  seen: SeenVia,
  at: number,
): boolean {
  const key = keyOf(upstream, orgId);
  const entry = s.entries.get(key);
  if (!entry) {
    s.entries.set(key, {
      status,
      since: at,
      checkedAt: at,
      changes: [{ at: iso(at), from: null, to: status, seen }],
    });
    return true;
  }
  entry.checkedAt = Math.max(entry.checkedAt, at);
  if (entry.status === status) return false;
  entry.changes.push({ at: iso(at), from: entry.status, to: status, seen });
  entry.status = status;
  entry.since = at;
  return true;
}

/** Every listed org checked at `at`: what a finished sweep leaves behind. */
function sweepAll(s: State, at: number, manyOrgs: boolean): { checked: number; changes: number } {
  let changes = 0;
  const orgs = sourceOrgs(manyOrgs);
  for (const { upstream, org } of orgs) {
    // An org first seen by a sweep has held its status since the seeded links were made: the
    // fake server has (as if) watched since then, so long-standing states look long-standing.
    const first = !s.entries.has(keyOf(upstream, org.id));
    const status = truth(upstream, org.id, at);
    if (first) {
      record(s, upstream, org.id, status, 'sweep', SEEDED_LINK_TIME);
      (s.entries.get(keyOf(upstream, org.id)) as Entry).checkedAt = at;
    } else if (record(s, upstream, org.id, status, 'sweep', at)) {
      changes++;
    }
  }
  return { checked: orgs.length, changes };
}

function finishedRun(
  s: State,
  cause: SweepRun['cause'],
  requestedBy: string | null,
  requestedAt: number,
  startedAt: number,
  finishedAt: number,
  counts: { checked: number; changes: number },
): SweepRun {
  return {
    id: s.nextId++,
    cause,
    requestedBy,
    requestedAt: iso(requestedAt),
    startedAt: iso(startedAt),
    finishedAt: iso(finishedAt),
    outcome: 'completed',
    orgsTotal: counts.checked,
    orgsChecked: counts.checked,
    orgsFailed: 0,
    statusChanges: counts.changes,
    errorDetail: null,
  };
}

function current(manyOrgs: boolean, now = storeNow()): State {
  if (!state) {
    const s: State = {
      startedAt: now,
      entries: new Map(),
      finished: [],
      open: null,
      nextScheduled: now + FAKE_SWEEP_INTERVAL_S * 1000,
      nextId: 1,
    };
    s.finished.push(finishedRun(s, 'schedule', null, now, now, now, sweepAll(s, now, manyOrgs)));
    state = s;
  }
  const s = state;
  // Orgs of the many-orgs scenario appear once it is on: the next sweep would list them.
  if (manyOrgs && s.entries.size < sourceOrgs(true).length) sweepAll(s, now, true);
  // What happened since the last look: Check now's sweep finished, scheduled sweeps ran.
  if (s.open && now >= s.open.startsAt + FAKE_SWEEP_MS) {
    const { run, startsAt } = s.open;
    const done = startsAt + FAKE_SWEEP_MS;
    const counts = sweepAll(s, done, s.open.manyOrgs);
    s.finished.push({
      ...finishedRun(
        s,
        run.cause,
        run.requestedBy,
        Date.parse(run.requestedAt),
        startsAt,
        done,
        counts,
      ),
      id: run.id,
    });
    s.open = null;
    s.nextScheduled = startsAt + FAKE_SWEEP_INTERVAL_S * 1000;
  }
  while (!s.open && now >= s.nextScheduled) {
    const at = s.nextScheduled;
    s.finished.push(finishedRun(s, 'schedule', null, at, at, at, sweepAll(s, at, manyOrgs)));
    s.nextScheduled = at + FAKE_SWEEP_INTERVAL_S * 1000;
  }
  if (s.finished.length > 50) s.finished.splice(0, s.finished.length - 50);
  return s;
}

function toFleetOrg(upstream: SourceUpstream, org: OrgRecord, e: Entry | undefined): FleetOrg {
  return {
    upstream,
    orgId: org.id,
    name: org.name,
    status: e?.status ?? null,
    statusSince: e ? iso(e.since) : null,
    lastCheckedAt: e ? iso(e.checkedAt) : null,
    lastSuccessAt: e ? iso(e.checkedAt) : null,
    lastError: null,
  };
}

function progressOf(s: State, now: number): SweepProgress {
  const last = s.finished.at(-1) ?? null;
  let run: SweepRun | null = null;
  let running = false;
  if (s.open) {
    running = now >= s.open.startsAt;
    const total = sourceOrgs(s.open.manyOrgs).length;
    const checked = running
      ? Math.min(total, Math.floor((total * (now - s.open.startsAt)) / FAKE_SWEEP_MS))
      : 0;
    run = {
      ...s.open.run,
      startedAt: running ? iso(s.open.startsAt) : null,
      orgsTotal: running ? total : null,
      orgsChecked: checked,
    };
  }
  return {
    state: s.open ? (running ? 'running' : 'queued') : 'idle',
    current: run,
    last,
    nextSweepAt: s.open ? null : iso(s.nextScheduled),
    intervalSeconds: FAKE_SWEEP_INTERVAL_S,
  };
}

/** `GET /api/fleet`: every source org the fake server has listed, by name as the server orders. */
export function fakeFleet(manyOrgs: boolean, now = storeNow()): Fleet {
  const s = current(manyOrgs, now);
  const orgs = sourceOrgs(manyOrgs)
    .map(({ upstream, org }) => toFleetOrg(upstream, org, s.entries.get(keyOf(upstream, org.id))))
    .sort((a, b) =>
      (a.name ?? '') < (b.name ?? '')
        ? -1
        : (a.name ?? '') > (b.name ?? '')
          ? 1
          : a.upstream < b.upstream
            ? -1
            : a.upstream > b.upstream
              ? 1
              : a.orgId < b.orgId
                ? -1
                : 1,
    );
  return { orgs, sweep: progressOf(s, now), generatedAt: iso(now) };
}

/** `GET /api/fleet/sweep`. */
export function fakeSweepProgress(manyOrgs: boolean, now = storeNow()): SweepProgress {
  return progressOf(current(manyOrgs, now), now);
}

/** `POST /api/fleet/sweep` (Check now): queues a sweep unless one is open; either way the progress. */
export function requestFakeSweep(by: string, manyOrgs: boolean, now = storeNow()): SweepProgress {
  const s = current(manyOrgs, now);
  if (!s.open) {
    s.open = {
      startsAt: now + FAKE_QUEUE_MS,
      manyOrgs,
      run: {
        id: s.nextId++,
        cause: 'request',
        requestedBy: by,
        requestedAt: iso(now),
        startedAt: null,
        finishedAt: null,
        outcome: null,
        orgsTotal: null,
        orgsChecked: 0,
        orgsFailed: 0,
        statusChanges: 0,
        errorDetail: null,
      },
    };
  }
  return progressOf(s, now);
}

/** `GET /api/fleet/orgs/:upstream/:orgId/history`: newest first, at most `limit`. */
export function fakeHistory(
  upstream: SourceUpstream,
  orgId: string,
  limit: number,
  now = storeNow(),
): OrgHistory {
  const s = current(false, now);
  const e = s.entries.get(keyOf(upstream, orgId));
  const org = SOURCE_STORES[upstream].find(orgId, true);
  return {
    upstream,
    orgId,
    org: e ? toFleetOrg(upstream, org ?? { id: orgId, name: '', isDeleted: false }, e) : null,
    changes: e ? [...e.changes].reverse().slice(0, limit) : [],
  };
}

/** A status the fake proxy saw pass: a viewer's poll, or the answer to a connect or remove. */
export function observeFakeStatus(
  upstream: SourceUpstream,
  orgId: string,
  status: FleetStatus,
  seen: SeenVia,
  now = storeNow(),
): void {
  record(current(false, now), upstream, orgId, status, seen, now);
}

/** Forgets everything (resetMocks): the next read "starts" the fake server again. */
export function resetFakeFleet(): void {
  state = null;
}
