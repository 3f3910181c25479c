// One fastify route per operation of the route table, and nothing else. Each request is checked
// (IDs, query, body, method override, CSRF for mutations, then the access hooks) before anything
// is forwarded; the upstream's answer goes back unchanged apart from a short header allowlist.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SCENARIO_HEADER } from '#contract/proxy-contract';
import {
  UPSTREAM_LABELS,
  fillPath,
  operationIds,
  routerPath,
  routes,
  type OperationId,
  type Route,
  type Upstream,
} from '#contract/route-table';
import { checkCsrf } from './csrf';
import { ProxyError } from './errors';
import {
  BODY_LIMIT_BYTES,
  checkBodyPresence,
  checkMethodOverride,
  paramsSchema,
  querySchema,
  upstreamQuery,
} from './refusals';
import type { ProxyObserver } from './fleet/observe';
import type { UpstreamAnswer, UpstreamClient } from './upstream-client';

/** What the access layer (sign-in, roles, audit: issue 6) plugs in. All optional. */
export interface AccessHooks {
  /**
   * Runs for every proxied operation after the refusal rules and the CSRF check, before anything
   * is forwarded. Throw a ProxyError (401 NOT_SIGNED_IN, 403 ROLE_REQUIRED) to refuse.
   */
  authorize?: (req: FastifyRequest, op: OperationId) => void | Promise<void>;
  /**
   * Called for every mutation: once before forwarding (`phase: 'before'`; if it throws, nothing is
   * forwarded) and once with the outcome. Never receives the request body (link-tokens).
   */
  audit?: (entry: AuditEntry) => void | Promise<void>;
}

export interface AuditEntry {
  phase: 'before' | 'after';
  at: string;
  requestId: string;
  op: OperationId;
  upstream: Upstream;
  /** The IDs of the call (orgId, federationId). */
  params: Record<string, string>;
  /** The upstream's HTTP status, or the proxy's own status when the upstream was not reached. */
  status?: number;
  /** Proxy error code when the upstream was not reached. */
  errorCode?: string;
}

/** Per-request facts for the one log line written in onResponse. */
export interface ProxyLogFields {
  op: OperationId;
  upstream: Upstream;
  upstreamStatus?: number;
  upstreamMs?: number;
  roundTrips?: number;
  served?: UpstreamAnswer['served'];
}

declare module 'fastify' {
  interface FastifyRequest {
    proxyLog?: ProxyLogFields;
  }
}

const ENV_HINT: Record<Upstream, string> = {
  opsmanager: 'OPSMANAGER_URL, OPSMANAGER_PUBLIC_KEY and OPSMANAGER_PRIVATE_KEY',
  cloud: 'CLOUD_PUBLIC_KEY and CLOUD_PRIVATE_KEY, or CLOUD_CLIENT_ID and CLOUD_CLIENT_SECRET',
};

const SCENARIO_PATTERN = /^[a-z0-9-]{1,40}$/;

export interface ProxyRouteDeps {
  clients: Record<Upstream, UpstreamClient | null>;
  hooks: AccessHooks;
  /** [fleet] Records link statuses seen in answers (server/fleet/observe.ts); never throws. */
  observe?: ProxyObserver;
}

export function registerProxyRoutes(app: FastifyInstance, deps: ProxyRouteDeps): void {
  for (const op of operationIds) {
    const r: Route = routes[op];
    app.route({
      method: r.method,
      url: routerPath(r, 'proxy'),
      exposeHeadRoute: false,
      bodyLimit: BODY_LIMIT_BYTES,
      schema: {
        params: paramsSchema(r),
        querystring: querySchema(r),
        ...(r.body ? { body: r.body } : {}),
      },
      onRequest: async (req) => {
        req.proxyLog = { op, upstream: r.upstream };
        const e = checkMethodOverride(req) ?? checkBodyPresence(req, r);
        if (e) throw e;
      },
      preHandler: async (req) => {
        if (r.mutation) {
          const e = checkCsrf(req);
          if (e) throw e;
        }
        await deps.hooks.authorize?.(req, op);
      },
      handler: (req, reply) => forward(op, r, req, reply, deps),
    });
  }
}

async function forward(
  op: OperationId,
  r: Route,
  req: FastifyRequest,
  reply: FastifyReply,
  deps: ProxyRouteDeps,
): Promise<FastifyReply> {
  const client = deps.clients[r.upstream];
  if (!client) {
    throw new ProxyError(
      503,
      'UPSTREAM_NOT_CONFIGURED',
      `${UPSTREAM_LABELS[r.upstream]} is not configured on this proxy (set ${ENV_HINT[r.upstream]}).`,
      r.upstream,
    );
  }
  const params = req.params as Record<string, string>;
  const path = fillPath(r, params) + upstreamQuery(r, req.query as Record<string, string>);
  const body = r.body ? JSON.stringify(req.body) : undefined;
  const rawScenario = req.headers[SCENARIO_HEADER];
  const scenario =
    client.settings.simulated &&
    typeof rawScenario === 'string' &&
    SCENARIO_PATTERN.test(rawScenario)
      ? rawScenario
      : undefined;

  const audit = deps.hooks.audit;
  const base = { requestId: req.id, op, upstream: r.upstream, params };
  if (r.mutation && audit) await audit({ ...base, phase: 'before', at: new Date().toISOString() });

  let answer: UpstreamAnswer;
  try {
    answer = await client.call({ op, method: r.method, path, body, scenario });
  } catch (e) {
    if (r.mutation && audit && e instanceof ProxyError) {
      await audit({
        ...base,
        phase: 'after',
        at: new Date().toISOString(),
        status: e.status,
        errorCode: e.code,
      });
    }
    throw e;
  }
  if (r.mutation && audit) {
    await audit({ ...base, phase: 'after', at: new Date().toISOString(), status: answer.status });
  }
  // [fleet] A link status this answer tells (a viewer's poll, a connect, a remove) is recorded.
  await deps.observe?.({ op, upstream: r.upstream, params, answer });

  req.proxyLog = {
    op,
    upstream: r.upstream,
    upstreamStatus: answer.status,
    upstreamMs: Math.round(answer.durationMs * 10) / 10,
    roundTrips: answer.roundTrips,
    served: answer.served,
  };
  for (const [k, v] of Object.entries(answer.headers)) reply.header(k, v);
  // Only JSON goes back as JSON; anything else (an HTML error page from a load balancer) is text.
  const type = answer.headers['content-type'] ?? '';
  reply.header(
    'content-type',
    /^application\/(.+\+)?json/i.test(type) ? type : 'text/plain; charset=utf-8',
  );
  reply.header('cache-control', 'no-store');
  if (answer.served === 'cache')
    reply.header('age', String(Math.floor((answer.ageMs ?? 0) / 1000)));
  reply.code(answer.status);
  if (answer.status === 204 || answer.status === 304 || answer.body.length === 0) {
    reply.removeHeader('content-type');
    return reply.send();
  }
  return reply.send(answer.body);
}
