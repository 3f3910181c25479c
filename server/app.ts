// Builds the proxy as a fastify instance without listening (tests use app.inject() or listen on
// port 0; index.ts listens). Plugins are registered in the order a request meets them; hooks of one
// kind run in that order, and every plugin shares the root context (fastify-plugin), so each hook
// sees every route. A request to a route-table operation goes through:
//
//  0. (server)    connection caps, header/body deadlines, CONNECT, malformed HTTP (connections.ts)
//  1. onRequest   security headers on every answer; odd framing refused (absolute-form target,
//                 no or two Host headers, HTTP/0.9); the demo's Host guard (421, every path);
//                 hostile targets refused on every path (encoded prefixes, dot segments …)
//  2. onRequest   [access] who is asking → req.dashboardSession; CSRF for mutations; signed in,
//                 operator for mutations — all before a body is read
//  3. onRequest   (the route's own) method-override headers/params, body presence and type refused
//  4. parsing     JSON only, 32 KiB; zod checks of path IDs, query parameters and body
//  5. preHandler  [access] a mutation's attempt record, durable before anything is forwarded (503)
//  6. handler     forward to the upstream → req.auditOutcome (the upstream's answer)
//     (errors)    any refusal or failure of 1–6 in the proxy's error shape → req.auditOutcome
//  7. onSend      [access] the mutation's outcome record, durable before the answer leaves
//  8. onResponse  one log line: route template, validated IDs, upstream status, duration
//
// [access] is server/access/plugin.ts. The proxy's own endpoints (/api/config, /api/session,
// /api/audit, /healthz, /readyz) and the SPA's files meet steps 0, 1, 2, 7 and 8.
import { randomUUID } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import fp from 'fastify-plugin';
import pino, { type DestinationStream, type Logger } from 'pino';
import {
  PAGING_QUERY,
  SOURCE_OPS,
  SOURCE_UPSTREAMS,
  UPSTREAMS,
  routes,
  type OperationId,
  type Upstream,
} from '#contract/route-table';
import type { Access } from './access/access';
import { outcomeOfProxyError } from './access/audit-recorder';
import { hostGuardPlugin } from './access/authorization';
import { accessPlugin } from './access/plugin';
import {
  clientErrorHandler,
  expectContinuePlugin,
  guardConnections,
  httpServerOptions,
  type ConnectionStats,
} from './connections';
import type { Config } from './env';
import { ProxyError, refused, sendProxyError } from './errors';
import { systemClock } from './fleet/clock';
import { combineObservers, createProxyObserver } from './fleet/observe';
import { fleetRoutes, type FleetRoutesOptions } from './fleet/routes';
import { createLedgerObserver } from './link/observe';
import { linkRoutes } from './link/routes';
import { createValidationObserver } from './live-migrations/observe';
import { liveMigrationRoutes, type LiveMigrationRoutesOptions } from './live-migrations/routes';
import { metaRoutesPlugin } from './meta-routes';
import { proxyRoutesPlugin } from './proxy-routes';
import {
  BODY_LIMIT_BYTES,
  decodedPath,
  hostileTargetPlugin,
  isApiPath,
  methodsForPath,
  requestFramingPlugin,
  toProxyError,
  zodValidator,
} from './request-checks';
import { OBJECT_ID_PATTERN } from '#contract/schemas';
import { operationOf } from './route-config';
import { applySecurityHeaders, securityHeadersPlugin } from './security-headers';
import { registerStatic } from './static';
import { UpstreamClient } from './upstream-client';

export interface BuildOptions {
  /** Upstream clients; built from `config.upstreams` when absent (tests and the bench pass theirs). */
  clients?: Record<Upstream, UpstreamClient | null>;
  /** Where log lines go (default stdout); tests capture them. */
  logStream?: DestinationStream;
  /** Sign-in, roles and the audit log (server/access/access.ts: createAccess). */
  access: Access;
  /** The fleet's routes and the proxy's link status observations (server/fleet/). */
  fleet?: FleetRoutesOptions;
  /** The migration registry's routes and the validations it records (server/live-migrations/). */
  liveMigrations?: Omit<LiveMigrationRoutesOptions, 'recorder' | 'client'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The upstream clients (stats for tests and the bench). */
    upstreams: Record<Upstream, UpstreamClient | null>;
    /** Open and refused connections (connections.ts). */
    connectionStats: ConnectionStats;
  }
}

/**
 * Operations whose answers may be shared for `statusCacheMs` (SPEC: link status polling): every
 * source's link status (Ops Manager's and Cloud Manager's).
 */
export const CACHEABLE_OPS: ReadonlySet<OperationId> = new Set<OperationId>(
  SOURCE_UPSTREAMS.map((u) => SOURCE_OPS[u].status),
);

export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-orglink-csrf"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'cookie',
  'privateKey',
  'publicKey',
  'clientSecret',
  'token',
  'linkToken',
  '*.privateKey',
  '*.publicKey',
  '*.clientSecret',
  '*.linkToken',
  '*.token',
  // A migration's source database password (write-only: FACTS.md), at any depth a body puts it.
  'password',
  '*.password',
  '*.*.password',
  '*.*.*.password',
];

export function createLogger(config: Config, stream?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
    base: { pid: process.pid },
  };
  return stream ? pino(options, stream) : pino(options);
}

export function createUpstreamClients(config: Config): Record<Upstream, UpstreamClient | null> {
  const out = {} as Record<Upstream, UpstreamClient | null>;
  for (const name of UPSTREAMS) {
    const s = config.upstreams[name];
    out[name] = s
      ? new UpstreamClient(s, {
          timeoutMs: config.upstreamTimeoutMs,
          ca: config.upstreamCa,
          cacheMs: config.statusCacheMs,
          cacheableOps: CACHEABLE_OPS,
        })
      : null;
  }
  return out;
}

/**
 * What the request log says about a request's target, never its raw text (a link-token pasted into
 * a path must not land in the log): for a proxy route its template (`…/orgs/:orgId`) and the IDs
 * that are IDs; otherwise the decoded path with every segment that is not a short plain word (an
 * asset name, a page, a 24-hex ID) replaced by `…`. The known query parameters keep their values.
 */
export function loggableTarget(req: FastifyRequest): {
  url: string;
  ids?: Record<string, string>;
} {
  const q = req.url.indexOf('?');
  const template = req.routeOptions.url;
  let path: string;
  let ids: Record<string, string> | undefined;
  if (template?.startsWith('/api/')) {
    path = template;
    for (const [k, v] of Object.entries((req.params ?? {}) as Record<string, unknown>)) {
      if (typeof v === 'string' && OBJECT_ID_PATTERN.test(v)) (ids ??= {})[k] = v;
    }
  } else {
    path = (decodedPath(q < 0 ? req.url : req.url.slice(0, q)) ?? '/')
      .split('/')
      .slice(0, 12)
      .map((seg) => (seg === '' || /^[A-Za-z0-9._~-]{1,40}$/.test(seg) ? seg : '…'))
      .join('/');
  }
  if (q < 0) return { url: path, ...(ids ? { ids } : {}) };
  const known = new Set<string>(PAGING_QUERY);
  const parts: string[] = [];
  for (const [k, v] of new URLSearchParams(req.url.slice(q + 1))) {
    const name = known.has(k) ? k : /^[A-Za-z0-9_-]{1,40}$/.test(k) ? k : '…';
    parts.push(`${name}=${known.has(k) ? encodeURIComponent(v.slice(0, 20)) : '…'}`);
  }
  return { url: `${path}?${parts.slice(0, 10).join('&')}`, ...(ids ? { ids } : {}) };
}

/**
 * The built SPA's files, and for any other path: the SPA's page (history fallback), or for an /api
 * path the route table lacks a 404 or a 405 naming the methods it has there.
 */
const sitePlugin = fp<{ staticDir: string | null }>(
  async (app, { staticDir }) => {
    const files = registerStatic(app, staticDir);
    app.setNotFoundHandler(async (req, reply) => {
      // The decoded path, as the router saw it: an API path however it was spelled gets JSON.
      const path = (decodedPath(req.url) ?? '/').slice(0, 300);
      if (isApiPath(path)) {
        const allowed = methodsForPath(path).join(', ');
        if (allowed) {
          throw refused(405, `${req.method} is not allowed here; allowed: ${allowed}.`, {
            allow: allowed,
          });
        }
        throw refused(
          404,
          'No such operation: the proxy forwards only the operations of its route table.',
        );
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        throw refused(405, `${req.method} is not allowed here.`, { allow: 'GET, HEAD' });
      }
      return files.fallback(req, reply);
    });
  },
  { name: 'orglink-site' },
);

/** onResponse, last: one line per request (health checks at debug level). */
const requestLogPlugin = fp(
  async (app) => {
    app.addHook('onResponse', async (req, reply) => {
      const path = req.url.split('?')[0];
      const health = path === '/healthz' || path === '/readyz';
      const op: OperationId | null = operationOf(req);
      const fields = {
        method: req.method,
        ...loggableTarget(req),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ...(op ? { op, upstream: routes[op].upstream } : {}),
        ...req.upstreamLog,
      };
      if (health) req.log.debug(fields, 'request');
      else if (reply.statusCode >= 500) req.log.warn(fields, 'request');
      else req.log.info(fields, 'request');
    });
  },
  { name: 'orglink-request-log' },
);

export function buildApp(config: Config, options: BuildOptions): FastifyInstance {
  const logger = createLogger(config, options.logStream);
  const clients = options.clients ?? createUpstreamClients(config);
  const { access } = options;

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: false,
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    // A stop lets requests in flight finish (connections.ts: closeGracefully); idle ones close.
    forceCloseConnections: 'idle',
    // Deadlines for a request's headers and body, checked often (connections.ts).
    http: httpServerOptions(config.limits),
    requestTimeout: config.limits.requestTimeoutMs,
    routerOptions: {
      ignoreTrailingSlash: false,
      ignoreDuplicateSlashes: false,
      caseSensitive: true,
      maxParamLength: 100,
    },
    // Bad percent-encoding, over-long parameters: the router's own refusals, in the proxy's shape.
    frameworkErrors: (err, _req, reply) => {
      applySecurityHeaders(reply);
      const status = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
      // The reply is sent here; fastify expects nothing back (a reply is thenable, hence `void`).
      void sendProxyError(reply, refused(status, 'The request URL is malformed.'));
    },
    // Malformed HTTP (CRLF in the request line or headers, oversized headers) and requests that
    // missed their deadline never reach a route: a JSON answer, then the connection is closed.
    clientErrorHandler,
  });
  app.decorate('upstreams', clients);
  app.decorate(
    'connectionStats',
    guardConnections(app, {
      limits: config.limits,
      log: app.log,
      exempt: (address) => access.identity.isTrustedProxy(address),
    }),
  );
  app.setValidatorCompiler(zodValidator);
  // Set before any route exists: routes take the error handler of their context when registered.
  app.setErrorHandler((err: FastifyError, req, reply) => {
    let e = toProxyError(err);
    if (!e) {
      req.log.error({ err }, 'unexpected error');
      e = new ProxyError(500, 'INTERNAL', 'The dashboard server failed; see its log.');
    }
    // The audit line of a refused or failed mutation says so (forward() sets it on success).
    req.auditOutcome ??= outcomeOfProxyError(e);
    // Refused before its body was read (CSRF, sign-in, role …): close rather than wait for it.
    if (!req.raw.complete) reply.header('connection', 'close');
    return sendProxyError(reply, e);
  });

  void app.register(securityHeadersPlugin);
  void app.register(requestFramingPlugin);
  // Before the path checks: a page on a foreign host name gets 421 whatever path it asks for.
  void app.register(hostGuardPlugin, { demo: access.demo });
  void app.register(hostileTargetPlugin);
  void app.register(accessPlugin, { access });
  const fleet = options.fleet;
  const live = options.liveMigrations;
  const observed = fleet && { store: fleet.store, clock: fleet.clock ?? systemClock, log: app.log };
  const observeStatus = observed && createProxyObserver(observed);
  // What passes through the proxy: link statuses for the fleet, link-tokens for the ledger,
  // validations for Start migration.
  const observe = combineObservers(
    observeStatus,
    observed && createLedgerObserver(observed),
    live &&
      createValidationObserver({
        store: live.store,
        clock: live.clock ?? systemClock,
        log: app.log,
      }),
  );
  void app.register(proxyRoutesPlugin, { clients, observe });
  // /api/fleet, an org's history, Check now: answered from the database.
  if (fleet) {
    void app.register(fleetRoutes, fleet);
    // Generate and connect, and the link-token ledger (server/link/).
    void app.register(linkRoutes, {
      store: fleet.store,
      clock: fleet.clock,
      clients,
      recorder: access.recorder,
      observeStatus,
    });
  }
  // /api/migrations: the registry (reads from the database; Start migration, Cut over).
  if (live) {
    void app.register(liveMigrationRoutes, {
      ...live,
      client: clients.cloud,
      recorder: access.recorder,
    });
  }
  void app.register(metaRoutesPlugin, {
    config,
    clients,
    signInRequired: !access.demo,
    audit: access.audit,
    database: fleet?.store.db ?? null,
  });
  void app.register(expectContinuePlugin);
  void app.register(sitePlugin, { staticDir: config.staticDir });
  void app.register(requestLogPlugin);

  app.addHook('onClose', async () => {
    await Promise.all(UPSTREAMS.map((n) => clients[n]?.close()));
  });

  return app;
}
