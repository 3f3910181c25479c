// The proxy's own endpoints: /api/config (what the Settings page shows; never a key, and no
// upstream address before sign-in), /healthz (the process answers) and /readyz (the configured
// upstreams answer, the database answers a query and the audit log really takes a write).
import { sql } from 'drizzle-orm';
import fp from 'fastify-plugin';
import { PROXY_ENDPOINTS, type ProxyConfig, type UpstreamConfig } from '#contract/proxy-contract';
import { UPSTREAMS, UPSTREAM_LABELS, fillPath, routes, type Upstream } from '#contract/route-table';
import type { AuditLog } from './access/audit-log';
import type { Config, UpstreamAuth } from './env';
import type { Database } from './store/db';
import type { UpstreamClient } from './upstream-client';

/** A reachability answer older than this triggers a new probe. */
const PROBE_MAX_AGE_MS = 30_000;
/** /readyz waits at most this long for a probe; after that it says "unknown". */
const PROBE_WAIT_MS = 800;

export interface MetaRouteOptions {
  config: Config;
  clients: Record<Upstream, UpstreamClient | null>;
  /** Sign-in is configured (otherwise every visitor is the loopback demo operator). */
  signInRequired: boolean;
  /** Probed by /readyz: a change is refused while its attempt record cannot be written. */
  audit: AuditLog;
  /** Asked by /readyz (a round trip): the board, sign-outs and the audit trail live there. */
  database?: Database | null;
}

/** One audit probe (a 4 KiB write and sync) serves the readiness checks of a second. */
const AUDIT_PROBE_MAX_AGE_MS = 1000;
/** One database round trip serves the readiness checks of a second, too. */
const DATABASE_PROBE_MAX_AGE_MS = 1000;
/** A database that does not answer in this long is not ready (a hung server must not hang /readyz). */
const DATABASE_PROBE_TIMEOUT_MS = 3000;

/** Resolves true when `p` resolves within `ms`, false when it rejects or takes longer. */
function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([
    p.then(
      () => true,
      () => false,
    ),
    late,
  ]).finally(() => clearTimeout(timer));
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether the upstreams answer, probed at most every 30 s (the Settings page shows it). */
    reachability: ReachabilityProbe;
  }
}

const probePath = fillPath(routes.listOrgs, {}) + '?itemsPerPage=1';

export class ReachabilityProbe {
  private running = new Map<Upstream, Promise<boolean>>();

  constructor(private readonly clients: Record<Upstream, UpstreamClient | null>) {}

  /**
   * What is known now, without waiting: the last answer (any call's, or a probe's), null when none
   * yet. When that is old or unknown a probe starts in the background, for the next asker.
   * /api/config answers from this: it is on the first page load's path, which must not wait for
   * an upstream (issue 10: it took ~185 ms, probing inside the request).
   */
  known(name: Upstream): boolean | null {
    const client = this.clients[name];
    if (!client) return null;
    if (client.reachable === null || !this.fresh(client)) void this.start(name, client);
    return client.reachable;
  }

  /** Probes when the last answer is old or unknown; waits at most `waitMs` for it (/readyz). */
  async reachable(name: Upstream, waitMs = PROBE_WAIT_MS): Promise<boolean | null> {
    const client = this.clients[name];
    if (!client) return null;
    if (client.reachable !== null && this.fresh(client)) return client.reachable;
    const p = this.start(name, client);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>(
      (resolve) => (timer = setTimeout(() => resolve(null), waitMs)),
    );
    const result = await Promise.race([p, timeout]);
    clearTimeout(timer);
    return result ?? client.reachable;
  }

  private fresh(client: UpstreamClient): boolean {
    return Date.now() - client.reachableCheckedAt < PROBE_MAX_AGE_MS;
  }

  /** The probe of `name` running now, or a new one. */
  private start(name: Upstream, client: UpstreamClient): Promise<boolean> {
    let p = this.running.get(name);
    if (!p) {
      p = client.probe(probePath).finally(() => this.running.delete(name));
      this.running.set(name, p);
    }
    return p;
  }
}

/** The part of a key that identifies it and opens nothing: the public key or the client ID. */
export function publicKeyOf(auth: UpstreamAuth): string {
  return auth.kind === 'digest' ? auth.publicKey : auth.clientId;
}

function isoOrNull(ms: number | undefined): string | null {
  return ms ? new Date(ms).toISOString() : null;
}

export const metaRoutesPlugin = fp<MetaRouteOptions>(
  async (app, deps) => {
    const probe = new ReachabilityProbe(deps.clients);
    app.decorate('reachability', probe);
    let auditProbe: { at: number; result: Promise<boolean> } | null = null;
    const auditWritable = () => {
      if (!auditProbe || Date.now() - auditProbe.at >= AUDIT_PROBE_MAX_AGE_MS) {
        auditProbe = { at: Date.now(), result: deps.audit.probe() };
      }
      return auditProbe.result;
    };
    const db = deps.database;
    let databaseProbe: { at: number; result: Promise<boolean> } | null = null;
    const databaseAnswers = () => {
      if (!db) return Promise.resolve(null);
      if (!databaseProbe || Date.now() - databaseProbe.at >= DATABASE_PROBE_MAX_AGE_MS) {
        databaseProbe = {
          at: Date.now(),
          result: within(db.execute(sql`SELECT 1`), DATABASE_PROBE_TIMEOUT_MS),
        };
      }
      return databaseProbe.result;
    };

    app.get(PROXY_ENDPOINTS.config, async (req, reply) => {
      const anonymous = deps.signInRequired && !req.dashboardSession;
      const upstreams: UpstreamConfig[] = UPSTREAMS.map((name) => {
        const client = deps.clients[name];
        const s = client?.settings ?? null;
        return {
          name,
          label: UPSTREAM_LABELS[name],
          // Where the upstreams live is for signed-in users (the sign-in page needs none of it).
          baseUrl: anonymous ? null : (s?.baseUrl ?? null),
          authKind: s?.auth.kind ?? 'none',
          simulated: s?.simulated ?? false,
          // Known now (probed in the background): the request never waits for an upstream.
          reachable: probe.known(name),
          // The public part only, and only to a signed-in user: errors name the refused key.
          publicKey: s && req.dashboardSession ? publicKeyOf(s.auth) : null,
          keyAcceptedAt: isoOrNull(client?.keyAnswers.acceptedAt),
          keyRefusedAt: isoOrNull(client?.keyAnswers.refusedAt),
        };
      });
      const body: ProxyConfig = {
        upstreams,
        session: req.dashboardSession,
        signInRequired: deps.signInRequired,
        pollIntervalsMs: deps.config.pollIntervalsMs,
        statusCacheMs: deps.config.statusCacheMs,
      };
      reply.header('cache-control', 'no-store');
      return body;
    });

    app.get(PROXY_ENDPOINTS.healthz, async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
    });

    app.get(PROXY_ENDPOINTS.readyz, async (_req, reply) => {
      const configured = UPSTREAMS.filter((n) => deps.clients[n]);
      const [results, audit, database] = await Promise.all([
        Promise.all(configured.map(async (n) => [n, await probe.reachable(n, 3000)] as const)),
        auditWritable(),
        databaseAnswers(),
      ]);
      const ready =
        configured.length > 0 &&
        results.every(([, ok]) => ok === true) &&
        audit &&
        database !== false;
      reply.header('cache-control', 'no-store');
      reply.code(ready ? 200 : 503);
      return {
        status: ready ? 'ready' : 'not-ready',
        upstreams: Object.fromEntries(results),
        audit,
        // null: no database configured (tests); the proxy itself always has one.
        database,
      };
    });
  },
  { name: 'orglink-meta-routes', dependencies: ['orglink-access'] },
);
