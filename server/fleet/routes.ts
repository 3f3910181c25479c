// The fleet's routes, all answered from the database (never an upstream call):
//
//   GET  /api/fleet                                   every source org + sweep progress (viewer)
//   GET  /api/fleet/orgs/:upstream/:orgId/history     one org's status changes (viewer)
//   GET  /api/fleet/sweep                             sweep progress (viewer)
//   POST /api/fleet/sweep                             Check now: queue a sweep → 202 (operator, CSRF)
//
// Registered by server/app.ts with its dependencies as options; answers follow
// #contract/fleet-contract.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  FLEET_ENDPOINTS,
  HISTORY_LIMIT_DEFAULT,
  HISTORY_LIMIT_MAX,
  type Fleet,
  type OrgHistory,
  type SweepProgress,
} from '#contract/fleet-contract';
import { SOURCE_UPSTREAMS } from '#contract/route-table';
import { OBJECT_ID_PATTERN, OBJECT_ID_PROBLEM } from '#contract/schemas';
import { refused } from '../errors';
import type { Store } from '../store/connect';
import { getFleetOrg, listFleetJson, statusHistory } from '../store/fleet';
import { requestSweep } from '../store/sweeps';
import { systemClock, type Clock } from './clock';
import { readSweepProgress, toFleetOrg, toStatusChange } from './views';

export interface FleetRoutesOptions {
  store: Store;
  /** SWEEP_INTERVAL, for the progress's next sweep time. */
  sweepIntervalMs: number;
  clock?: Clock;
  /** Tells this instance's sweeper to look now rather than at its next tick (Check now). */
  wake?: () => void;
}

const historyParams = z
  .object({
    upstream: z.enum(SOURCE_UPSTREAMS, {
      error: `must be one of ${SOURCE_UPSTREAMS.join(', ')}`,
    }),
    orgId: z.string().regex(OBJECT_ID_PATTERN, { error: OBJECT_ID_PROBLEM }),
  })
  .strict();

const historyQuery = z
  .object({
    limit: z
      .string()
      .regex(/^\d{1,4}$/, { error: 'must be a whole number' })
      .transform(Number)
      .pipe(
        z
          .number()
          .min(1, { error: 'must be at least 1' })
          .max(HISTORY_LIMIT_MAX, { error: `must be at most ${HISTORY_LIMIT_MAX}` }),
      )
      .optional(),
  })
  .strict();

function parse<T>(schema: z.ZodType<T>, data: unknown, where: string): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const msg = r.error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
  throw refused(400, `Invalid ${where}: ${msg}`);
}

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

export const fleetRoutes: FastifyPluginAsync<FleetRoutesOptions> = async (app, o) => {
  const clock = o.clock ?? systemClock;
  const db = o.store.db;
  const progress = (): Promise<SweepProgress> =>
    readSweepProgress(db, o.sweepIntervalMs, clock.now());

  // Who may: the access layer decides from each route's config (signed in to read; Check now is a
  // proxy action: operator and CSRF), before the handler runs.
  const read = { config: { signedIn: true } } as const;

  app.get(FLEET_ENDPOINTS.fleet, read, async (_req, reply) => {
    noStore(reply);
    const generatedAt = new Date(clock.now()).toISOString();
    // The orgs come as JSON text built by the database (listFleetJson: the 5,000-org answer in
    // tens of ms); the rest is put around them here. The shape is the contract's `Fleet`.
    const [orgs, sweep] = await Promise.all([listFleetJson(db), progress()]);
    const rest: Omit<Fleet, 'orgs'> = { sweep, generatedAt };
    reply.type('application/json; charset=utf-8');
    return `{"orgs":${orgs},${JSON.stringify(rest).slice(1)}`;
  });

  app.get(FLEET_ENDPOINTS.historyRoute, read, async (req, reply): Promise<OrgHistory> => {
    const { upstream, orgId } = parse(historyParams, req.params, 'path');
    const { limit } = parse(historyQuery, req.query, 'query');
    noStore(reply);
    const [org, changes] = await Promise.all([
      getFleetOrg(db, upstream, orgId),
      statusHistory(db, upstream, orgId, limit ?? HISTORY_LIMIT_DEFAULT),
    ]);
    return {
      upstream,
      orgId,
      org: org ? toFleetOrg(org) : null,
      changes: changes.map(toStatusChange),
    };
  });

  app.get(FLEET_ENDPOINTS.sweep, read, async (_req, reply): Promise<SweepProgress> => {
    noStore(reply);
    return progress();
  });

  app.post(FLEET_ENDPOINTS.sweep, { config: { action: 'sweepNow' } }, async (req, reply) => {
    // Queued in the database: whichever instance sweeps picks it up; asking twice queues once.
    await requestSweep(db, req.dashboardSession?.user ?? 'unknown', new Date(clock.now()));
    req.auditOutcome = { outcome: 'success', upstreamStatus: null };
    o.wake?.();
    noStore(reply);
    reply.code(202);
    return progress();
  });
};
