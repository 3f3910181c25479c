// The fleet: what the proxy's database knows about every source organization's link, and the
// sweeper that keeps it current (SPEC "Fleet view that is always complete"). The answers of
// `/api/fleet…`, shared by the proxy (server/fleet/), the SPA and the fakes.
import { z } from 'zod/mini';
import { SOURCE_UPSTREAMS } from './route-table';
import { objectId } from './schemas';

/** A link status as the fleet records it: the upstream's two, plus "no link" (status 404). */
export const FLEET_STATUSES = ['SYNCED', 'NOT_SYNCED', 'NOT_LINKED'] as const;
export type FleetStatus = (typeof FLEET_STATUSES)[number];

/** How a status was seen: the server's sweep, a viewer's poll through the proxy, or a connect/remove. */
export const SEEN_VIA = ['sweep', 'poll', 'mutation'] as const;
export type SeenVia = (typeof SEEN_VIA)[number];

export const FLEET_ENDPOINTS = {
  fleet: '/api/fleet',
  sweep: '/api/fleet/sweep',
  /** The history route's pattern (server side); `history()` fills it in. */
  historyRoute: '/api/fleet/orgs/:upstream/:orgId/history',
  history: (upstream: string, orgId: string) =>
    `/api/fleet/orgs/${encodeURIComponent(upstream)}/${encodeURIComponent(orgId)}/history`,
} as const;

/** Largest page of history one request returns (`?limit=`, default 200). */
export const HISTORY_LIMIT_MAX = 1000;
export const HISTORY_LIMIT_DEFAULT = 200;

const isoTime = z.iso.datetime({ offset: true });

/** Why the last check of an org failed (cleared by the next successful check). */
export const checkErrorSchema = z.object({
  /** The upstream's errorCode (`RATE_LIMITED`, `USER_UNAUTHORIZED` …), `HTTP_<status>` when it sent
   *  none, or the proxy's own code when the upstream did not answer (`UPSTREAM_UNREACHABLE`). */
  code: z.string(),
  detail: z.string(),
  /** The upstream's HTTP status; null when it did not answer. */
  httpStatus: z.nullable(z.int()),
});
export type CheckError = z.infer<typeof checkErrorSchema>;

export const fleetOrgSchema = z.object({
  upstream: z.enum(SOURCE_UPSTREAMS),
  orgId: objectId,
  /** null only in an org's history before a sweep has listed it (a viewer's poll came first);
   *  `/api/fleet` lists only orgs a sweep has listed. */
  name: z.nullable(z.string()),
  /** null: not checked yet. */
  status: z.nullable(z.enum(FLEET_STATUSES)),
  /** When the current status was first seen. */
  statusSince: z.nullable(isoTime),
  /** The last check, successful or not. */
  lastCheckedAt: z.nullable(isoTime),
  lastSuccessAt: z.nullable(isoTime),
  /** The last check's error, when it failed; the status is then the last one known. */
  lastError: z.nullable(checkErrorSchema),
});
export type FleetOrg = z.infer<typeof fleetOrgSchema>;

export const SWEEP_CAUSES = ['schedule', 'request'] as const;
export const SWEEP_OUTCOMES = ['completed', 'failed', 'abandoned'] as const;

export const sweepRunSchema = z.object({
  id: z.int(),
  cause: z.enum(SWEEP_CAUSES),
  /** Who asked (Check now); null for the schedule. */
  requestedBy: z.nullable(z.string()),
  requestedAt: isoTime,
  /** null while queued. */
  startedAt: z.nullable(isoTime),
  finishedAt: z.nullable(isoTime),
  /** null while running; `abandoned` when the instance running it stopped or died. */
  outcome: z.nullable(z.enum(SWEEP_OUTCOMES)),
  /** Orgs to check; null until every source has been listed. */
  orgsTotal: z.nullable(z.int()),
  orgsChecked: z.int(),
  orgsFailed: z.int(),
  statusChanges: z.int(),
  /** What went wrong with the sweep as a whole (a source could not be listed). */
  errorDetail: z.nullable(z.string()),
});
export type SweepRun = z.infer<typeof sweepRunSchema>;

export const sweepProgressSchema = z.object({
  state: z.enum(['idle', 'queued', 'running']),
  /** The queued or running sweep; null when idle. */
  current: z.nullable(sweepRunSchema),
  /** The last finished sweep. */
  last: z.nullable(sweepRunSchema),
  /** When the schedule runs the next sweep (null while one is queued or running). */
  nextSweepAt: z.nullable(isoTime),
  intervalSeconds: z.int(),
});
export type SweepProgress = z.infer<typeof sweepProgressSchema>;

export const fleetSchema = z.object({
  orgs: z.array(fleetOrgSchema),
  sweep: sweepProgressSchema,
  /** When the server read the database for this answer. */
  generatedAt: isoTime,
});
export type Fleet = z.infer<typeof fleetSchema>;

export const statusChangeSchema = z.object({
  at: isoTime,
  /** null: the first status seen for this org. */
  from: z.nullable(z.enum(FLEET_STATUSES)),
  to: z.enum(FLEET_STATUSES),
  seen: z.enum(SEEN_VIA),
});
export type StatusChange = z.infer<typeof statusChangeSchema>;

export const orgHistorySchema = z.object({
  upstream: z.enum(SOURCE_UPSTREAMS),
  orgId: objectId,
  /** null when the fleet has not seen this org (not listed or polled yet). */
  org: z.nullable(fleetOrgSchema),
  /** Newest first, at most `limit`. */
  changes: z.array(statusChangeSchema),
});
export type OrgHistory = z.infer<typeof orgHistorySchema>;
