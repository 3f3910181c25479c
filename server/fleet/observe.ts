// Every link status the server sees goes to the fleet's database: the sweeper's checks
// (`seen: 'sweep'`), and what passes through the proxy — a viewer's status poll (`'poll'`), a
// connect or a remove (`'mutation'`). One function records them all.
import type { FastifyBaseLogger } from 'fastify';
import type { FleetStatus, SeenVia } from '#contract/fleet-contract';
import {
  SOURCE_OPS,
  SOURCE_UPSTREAMS,
  type OperationId,
  type Upstream,
} from '#contract/route-table';
import { linkStatusSchema } from '#contract/schemas';
import type { Store } from '../store/connect';
import { recordObservation, type CheckResult, type ObservationOutcome } from '../store/fleet';
import type { UpstreamAnswer } from '../upstream-client';
import type { Clock } from './clock';

/** Records one check of one org's link (see recordObservation for the rules). */
export function observe(
  store: Store,
  clock: Clock,
  upstream: Upstream,
  orgId: string,
  result: CheckResult,
  seen: SeenVia,
): Promise<ObservationOutcome> {
  return recordObservation(store.db, { upstream, orgId, at: new Date(clock.now()), seen, result });
}

function statusIn(body: Buffer): FleetStatus | null {
  try {
    const parsed = linkStatusSchema.safeParse(JSON.parse(body.toString('utf8')));
    return parsed.success ? parsed.data.status : null;
  } catch {
    return null;
  }
}

/**
 * The route table's operations whose answers tell a link status, and how to read it. Only
 * definite answers count: an error answer to a viewer says nothing certain about the link.
 * (Cloud Manager's link operations belong here too once the route table has them.)
 */
type ObservedAnswer = { seen: SeenVia; read: (status: number, body: Buffer) => FleetStatus | null };

/** What each source's status, connect and remove answers say about its link (SOURCE_OPS). */
const READERS: Record<'status' | 'connect' | 'remove', ObservedAnswer> = {
  status: {
    seen: 'poll',
    read: (status, body) =>
      status === 404 ? 'NOT_LINKED' : status === 200 ? statusIn(body) : null,
  },
  connect: {
    seen: 'mutation',
    read: (status, body) => (status >= 200 && status < 300 ? statusIn(body) : null),
  },
  remove: {
    seen: 'mutation',
    read: (status) => (status === 204 || status === 404 ? 'NOT_LINKED' : null),
  },
};

export const OBSERVED_OPERATIONS: Partial<Record<OperationId, ObservedAnswer>> = Object.fromEntries(
  SOURCE_UPSTREAMS.flatMap((u) =>
    (['status', 'connect', 'remove'] as const).map((role) => [SOURCE_OPS[u][role], READERS[role]]),
  ),
);

export interface ProxiedAnswer {
  op: OperationId;
  upstream: Upstream;
  params: Record<string, string>;
  answer: UpstreamAnswer;
  /** What was asked: the validated body (it may hold a link-token: never log or store it), by whom. */
  request?: { body: unknown; user: string | null; requestId: string };
}

/** What the proxy calls after forwarding an operation; it never throws. */
export type ProxyObserver = (seen: ProxiedAnswer) => Promise<void>;

/** Several observers as one, called in order (each never throws). */
export function combineObservers(...observers: (ProxyObserver | undefined)[]): ProxyObserver {
  const all = observers.filter((o): o is ProxyObserver => o !== undefined);
  return async (seen) => {
    for (const o of all) await o(seen);
  };
}

export function createProxyObserver(deps: {
  store: Store;
  clock: Clock;
  log: FastifyBaseLogger;
}): ProxyObserver {
  return async ({ op, upstream, params, answer }) => {
    const how = OBSERVED_OPERATIONS[op];
    const orgId = params.orgId;
    // An answer served from the status cache or shared with a concurrent request was recorded by
    // the call that fetched it.
    if (!how || !orgId || answer.served !== 'upstream') return;
    const status = how.read(answer.status, answer.body);
    if (!status) return;
    try {
      await observe(deps.store, deps.clock, upstream, orgId, { status }, how.seen);
    } catch (err) {
      // The viewer still gets the answer; the fleet misses one observation.
      deps.log.warn({ err, op, orgId }, 'could not record a link status in the fleet database');
    }
  };
}
