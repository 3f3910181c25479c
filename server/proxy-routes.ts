// One fastify route per operation of the route table, and nothing else. Each route carries its
// operation in `config` (server/route-config.ts), so the access hooks (CSRF, role, audit) know what
// they guard. Before anything is forwarded a request has passed the checks (IDs, query, body,
// method override) and those hooks; the upstream's answer goes back unchanged apart from a short
// header allowlist, and its outcome is set on the request for the audit line.
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SCENARIO_HEADER } from '#contract/proxy-contract';
import { PROXY_MESSAGES } from '#contract/proxy-messages';
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
import { outcomeOfUpstreamAnswer } from './access/audit-recorder';
import { ProxyError } from './errors';
import {
  BODY_LIMIT_BYTES,
  checkBodyPresence,
  checkMethodOverride,
  paramsSchema,
  querySchema,
  upstreamQuery,
} from './request-checks';
import type { ProxyObserver } from './fleet/observe';
import type { UpstreamAnswer, UpstreamClient } from './upstream-client';

/** What forward() learned from the upstream, for the one log line written in onResponse. */
export interface UpstreamLogFields {
  upstreamStatus: number;
  upstreamMs: number;
  roundTrips: number;
  served: UpstreamAnswer['served'];
}

declare module 'fastify' {
  interface FastifyRequest {
    upstreamLog: UpstreamLogFields | null;
  }
}

const ENV_HINT: Record<Upstream, string> = {
  opsmanager: 'OPSMANAGER_URL, OPSMANAGER_PUBLIC_KEY and OPSMANAGER_PRIVATE_KEY',
  cloudmanager:
    'CLOUDMANAGER_PUBLIC_KEY and CLOUDMANAGER_PRIVATE_KEY, or CLOUDMANAGER_CLIENT_ID and CLOUDMANAGER_CLIENT_SECRET',
  cloud: 'CLOUD_PUBLIC_KEY and CLOUD_PRIVATE_KEY, or CLOUD_CLIENT_ID and CLOUD_CLIENT_SECRET',
};

const SCENARIO_PATTERN = /^[a-z0-9-]{1,40}$/;

export interface ProxyRouteOptions {
  clients: Record<Upstream, UpstreamClient | null>;
  /** [fleet] Records link statuses seen in answers (server/fleet/observe.ts); never throws. */
  observe?: ProxyObserver | undefined;
}

export const proxyRoutesPlugin = fp<ProxyRouteOptions>(
  async (app, { clients, observe }) => {
    app.decorateRequest('upstreamLog', null);
    for (const op of operationIds) {
      const r: Route = routes[op];
      app.route({
        method: r.method,
        url: routerPath(r, 'proxy'),
        config: { operation: op },
        exposeHeadRoute: false,
        bodyLimit: BODY_LIMIT_BYTES,
        schema: {
          params: paramsSchema(r),
          querystring: querySchema(r),
          ...(r.body ? { body: r.body } : {}),
        },
        onRequest: async (req) => {
          const e = checkMethodOverride(req) ?? checkBodyPresence(req, r);
          if (e) throw e;
        },
        handler: (req, reply) => forward(op, r, req, reply, clients[r.upstream], observe),
      });
    }
  },
  { name: 'orglink-proxy-routes', dependencies: ['orglink-access'] },
);

/** The 503 of an upstream this proxy has no settings for, naming the settings to set. */
export function notConfigured(upstream: Upstream): ProxyError {
  return new ProxyError(
    503,
    'UPSTREAM_NOT_CONFIGURED',
    `${UPSTREAM_LABELS[upstream]} is not configured on this proxy (set ${ENV_HINT[upstream]}).`,
    upstream,
  );
}

/**
 * The browser's `x-mock-scenario` header, passed on only to a simulated upstream (full-stack tests
 * pick a scenario of the fakes with it); a real upstream never sees it.
 */
export function scenarioFor(req: FastifyRequest, client: UpstreamClient): string | undefined {
  const raw = req.headers[SCENARIO_HEADER];
  return client.settings.simulated && typeof raw === 'string' && SCENARIO_PATTERN.test(raw)
    ? raw
    : undefined;
}

async function forward(
  op: OperationId,
  r: Route,
  req: FastifyRequest,
  reply: FastifyReply,
  client: UpstreamClient | null,
  observe: ProxyObserver | undefined,
): Promise<FastifyReply> {
  if (!client) throw notConfigured(r.upstream);
  const params = req.params as Record<string, string>;
  const path = fillPath(r, params) + upstreamQuery(r, req.query as Record<string, string>);
  const body = r.body ? JSON.stringify(req.body) : undefined;
  const scenario = scenarioFor(req, client);

  // A failure here is a ProxyError (unreachable, timeout, outcome unknown): the error handler
  // answers and audits it.
  const answer = await client.call({ op, method: r.method, path, body, scenario });
  req.upstreamLog = {
    upstreamStatus: answer.status,
    upstreamMs: Math.round(answer.durationMs * 10) / 10,
    roundTrips: answer.roundTrips,
    served: answer.served,
  };
  const bad = badAnswer(r, answer);
  if (bad) {
    // Whatever answered, it was not the API: a change may or may not have been made behind it.
    req.auditOutcome = {
      outcome: 'unknown',
      upstreamStatus: answer.status,
      code: 'UPSTREAM_BAD_ANSWER',
    };
    throw bad;
  }
  req.auditOutcome = outcomeOfUpstreamAnswer(answer.status, answer.headers['x-error-code']);
  // [fleet] A link status this answer tells (a viewer's poll, a connect, a remove) is recorded;
  // [link] so is a link-token generated, deleted or connected with (its fingerprint only).
  await observe?.({
    op,
    upstream: r.upstream,
    params,
    answer,
    request: { body: req.body, user: req.dashboardSession?.user ?? null, requestId: req.id },
  });
  for (const [k, v] of Object.entries(answer.headers)) reply.header(k, v);
  // Only JSON goes back as JSON; anything else (a bodyless 401's text) is text.
  const type = answer.headers['content-type'] ?? '';
  reply.header('content-type', isJsonType(type) ? type : 'text/plain; charset=utf-8');
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

const isJsonType = (type: string) => /^application\/(.+\+)?json/i.test(type);

/** Statuses whose answer goes back as it is, JSON or not: a bodyless 401, a rate limit. */
const PASSED_AS_IS = new Set([401, 429]);

/**
 * An upstream answer that is not the API's: a redirect (the proxy follows none; its `Location` is
 * named, never passed on) or a body that is not JSON (a sign-in page, a load balancer's error page).
 * It becomes a 502 naming the upstream, so nobody blames the dashboard or the user's request.
 */
export function badAnswer(r: Route, a: UpstreamAnswer): ProxyError | null {
  const label = UPSTREAM_LABELS[r.upstream];
  if (a.status >= 300 && a.status < 400 && a.status !== 304) {
    return new ProxyError(
      502,
      'UPSTREAM_BAD_ANSWER',
      PROXY_MESSAGES.upstreamRedirect(label, a.status, a.redirectTo ?? ''),
      r.upstream,
    );
  }
  if (a.body.length === 0 || PASSED_AS_IS.has(a.status)) return null;
  const type = a.headers['content-type'] ?? '';
  const first = a.body.subarray(0, 64).toString('utf8').trimStart()[0];
  if (isJsonType(type) && (first === '{' || first === '[')) return null;
  return new ProxyError(
    502,
    'UPSTREAM_BAD_ANSWER',
    PROXY_MESSAGES.upstreamNotJson(label, a.status, type.split(';')[0]?.trim().slice(0, 60) ?? ''),
    r.upstream,
  );
}
