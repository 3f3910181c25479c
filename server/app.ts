// Builds the proxy as a fastify instance without listening (tests use app.inject() or listen on
// port 0; index.ts listens). Request pipeline, in order — issue 6 (sign-in, roles, audit) plugs in
// at the points marked [access]:
//
//  1. onRequest (global)  security headers on every answer; hostile /api request targets refused
//  2. [access] `extend`   called here: register session/sign-in hooks and routes (/api/session)
//  3. onRequest (route)   method-override headers/params and body presence/type refused
//  4. parsing, schemas    JSON only, 32 KiB; zod checks of path IDs, query parameters and body
//  5. preHandler (route)  CSRF for mutations, then [access] hooks.authorize(req, op)
//  6. handler             [access] hooks.audit before/after a mutation; forward to the upstream
//  7. onResponse          one log line: operation, upstream status, round trips, duration
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { z } from 'zod';
import type { Session } from '#contract/proxy-contract';
import { PAGING_QUERY, UPSTREAMS, type OperationId, type Upstream } from '#contract/route-table';
import { isLoopbackHost, type Config } from './env';
import { ProxyError, proxyErrorBody, refused, sendProxyError } from './errors';
import { systemClock } from './fleet/clock';
import { createProxyObserver } from './fleet/observe';
import { fleetRoutes, type FleetRoutesOptions } from './fleet/routes';
import { registerMetaRoutes, type ReachabilityProbe } from './meta-routes';
import { registerProxyRoutes, type AccessHooks } from './proxy-routes';
import { BODY_LIMIT_BYTES, checkRawTarget, isApiPath, methodsForPath } from './refusals';
import {
  applySecurityHeaders,
  registerSecurityHeaders,
  SECURITY_HEADERS,
} from './security-headers';
import { registerStatic } from './static';
import { UpstreamClient } from './upstream-client';

export interface BuildOptions {
  /** Upstream clients; built from `config.upstreams` when absent (tests and the bench pass theirs). */
  clients?: Record<Upstream, UpstreamClient | null>;
  /** Where log lines go (default stdout); tests capture them. */
  logStream?: DestinationStream;
  /** [fleet] The fleet's routes and the proxy's link status observations (issue 10). */
  fleet?: Omit<FleetRoutesOptions, 'session'>;
  /** [access] sign-in, roles and audit (issue 6). */
  hooks?: AccessHooks & {
    /** The signed-in user for /api/config; default: the loopback demo operator. */
    session?: (req: FastifyRequest) => Session | null;
    signInRequired?: boolean;
    /** Registers hooks and routes of the access layer at step 2 of the pipeline. */
    extend?: (app: FastifyInstance) => void;
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The upstream clients (stats for tests and the bench). */
    upstreams: Record<Upstream, UpstreamClient | null>;
    reachability: ReachabilityProbe;
  }
}

/** Operations whose answers may be shared for `statusCacheMs` (SPEC: link status polling). */
export const CACHEABLE_OPS: ReadonlySet<OperationId> = new Set<OperationId>(['getLinkStatus']);

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

/** Validates fastify's params/querystring/body with the route table's zod schemas. */
function zodValidator({ schema }: { schema: unknown }) {
  const s = schema as z.ZodType;
  return (data: unknown) => {
    const r = s.safeParse(data);
    if (r.success) return { value: r.data };
    // zod's messages name the field and the rule, never the value (a link-token stays out).
    const msg = r.error.issues
      .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; ');
    return { error: new Error(msg) };
  };
}

const CONTEXT_WORDS: Record<string, string> = {
  params: 'path',
  querystring: 'query',
  body: 'body',
};

function toProxyError(err: FastifyError & { validationContext?: string }): ProxyError | null {
  if (err instanceof ProxyError) return err;
  if (err.validation !== undefined || err.code === 'FST_ERR_VALIDATION') {
    const where = CONTEXT_WORDS[err.validationContext ?? ''] ?? 'request';
    return refused(400, `Invalid ${where}: ${err.message}`);
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return refused(413, `The request body is larger than ${BODY_LIMIT_BYTES} bytes.`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return refused(415, 'The request body must be JSON (Content-Type: application/json).');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return refused(400, 'The request body is empty.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return refused(400, 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return refused(400, 'The Content-Length does not match the body.');
    default:
  }
  if (err instanceof SyntaxError) return refused(400, 'The request body is not valid JSON.');
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return refused(status, 'The request was refused.');
  return null;
}

/** Path plus the known query parameters' values; other values are not logged (could be secrets). */
function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).slice(0, 300);
  if (q < 0) return path;
  const known = new Set<string>(PAGING_QUERY);
  const parts: string[] = [];
  for (const [k, v] of new URLSearchParams(url.slice(q + 1))) {
    parts.push(
      `${encodeURIComponent(k.slice(0, 40))}=${known.has(k) ? encodeURIComponent(v.slice(0, 20)) : '…'}`,
    );
  }
  return `${path}?${parts.slice(0, 10).join('&')}`;
}

function clientErrorResponse(status: number, detail: string): string {
  const body = JSON.stringify(proxyErrorBody(new ProxyError(status, 'REQUEST_REFUSED', detail)));
  const reason = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  const headers = Object.entries(SECURITY_HEADERS).map(([k, v]) => `${k}: ${v}`);
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    ...headers,
    '',
    body,
  ].join('\r\n');
}

export function buildApp(config: Config, options: BuildOptions = {}): FastifyInstance {
  const logger = createLogger(config, options.logStream);
  const clients = options.clients ?? createUpstreamClients(config);
  const hooks = options.hooks ?? {};

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: false,
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    forceCloseConnections: true,
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
      return sendProxyError(reply, refused(status, 'The request URL is malformed.'));
    },
    // Malformed HTTP (CRLF in the request line or headers, oversized headers) never reaches a route.
    clientErrorHandler(err: Error & { code?: string }, socket: Socket) {
      if (err.code === 'ECONNRESET' || !socket.writable) return;
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      socket.end(clientErrorResponse(status, 'The request is not valid HTTP.'));
    },
  });
  app.decorate('upstreams', clients);
  app.setValidatorCompiler(zodValidator);

  // 1. Security headers and hostile targets.
  registerSecurityHeaders(app);
  app.addHook('onRequest', async (req) => {
    // "GET /path" alone on a line is an HTTP/0.9 request to Node: nothing this proxy should serve.
    if (req.raw.httpVersionMajor !== 1)
      throw refused(400, 'Only HTTP/1.0 and HTTP/1.1 are served.');
    const raw = req.raw.url ?? '/';
    if (isApiPath(raw.split('?')[0] ?? '')) {
      const e = checkRawTarget(raw);
      if (e) throw e;
    }
  });

  // 2. [access] session hooks and routes.
  hooks.extend?.(app);

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const e = toProxyError(err);
    if (e) return sendProxyError(reply, e);
    req.log.error({ err }, 'unexpected error');
    return sendProxyError(
      reply,
      new ProxyError(500, 'INTERNAL', 'The dashboard server failed; see its log.'),
    );
  });

  const fleet = options.fleet;
  const observe = fleet
    ? createProxyObserver({ store: fleet.store, clock: fleet.clock ?? systemClock, log: app.log })
    : undefined;
  registerProxyRoutes(app, { clients, hooks, observe });
  const session =
    hooks.session ??
    (() =>
      isLoopbackHost(config.host)
        ? ({ user: config.simulated ? 'demo' : 'local', role: 'operator', method: 'demo' } as const)
        : null);
  app.decorate(
    'reachability',
    registerMetaRoutes(app, {
      config,
      clients,
      session,
      signInRequired: hooks.signInRequired ?? false,
    }),
  );

  // [fleet] /api/fleet, an org's history, Check now (issue 10).
  if (fleet) app.register(fleetRoutes, { ...fleet, session });

  const site = registerStatic(app, config.staticDir);
  app.setNotFoundHandler(async (req, reply) => {
    const path = (req.url.split('?')[0] ?? '/').slice(0, 300);
    if (isApiPath(path)) {
      const allowed = methodsForPath(path);
      if (allowed.length > 0) {
        throw refused(405, `${req.method} is not allowed here; allowed: ${allowed.join(', ')}.`, {
          allow: allowed.join(', '),
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
    return site.fallback(req, reply);
  });

  // 7. One line per request.
  app.addHook('onResponse', async (req, reply) => {
    const path = req.url.split('?')[0];
    const health = path === '/healthz' || path === '/readyz';
    const fields = {
      method: req.method,
      url: loggableUrl(req.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      ...req.proxyLog,
    };
    if (health) req.log.debug(fields, 'request');
    else if (reply.statusCode >= 500) req.log.warn(fields, 'request');
    else req.log.info(fields, 'request');
  });

  app.addHook('onClose', async () => {
    await Promise.all(UPSTREAMS.map((n) => clients[n]?.close()));
  });

  return app;
}
