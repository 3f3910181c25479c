// The HTTP server's own defences, below fastify's routes (issue 14): slow or idle clients must not
// take the proxy down, and a stop must not cut off the changes in flight.
//   - deadlines: a request's headers (HEADERS_TIMEOUT_MS) and the whole request, body included
//     (REQUEST_TIMEOUT_MS), else 408 and the connection is closed — Node's own timers, checked often
//     enough that a short deadline holds;
//   - caps on open connections, overall (kept under the open-file limit, so accept() never runs
//     out of descriptors) and per address (IPv6: per /64), else 503 at once;
//   - JSON answers (with the security headers) where Node would answer bare or just hang up:
//     malformed HTTP, a request timeout, CONNECT;
//   - accept errors (EMFILE: out of file descriptors) logged instead of crashing. (libuv hides most
//     of them: it accepts and drops the connection itself. Hence the cap under the limit above.)
//   - a graceful stop: no new connections, in-flight requests finish, then close (closeGracefully).
import { readFileSync } from 'node:fs';
import type { ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { addressGroup, normalizeAddress } from './address-group';
import type { ServerLimits } from './env';
import { ProxyError, proxyErrorBody } from './errors';
import { SECURITY_HEADERS } from './security-headers';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
  503: 'Service Unavailable',
};

/**
 * A complete HTTP/1.1 answer in the proxy's error shape, written straight to a socket: for the
 * moments no fastify reply exists (before or instead of a request). Always `connection: close`.
 */
export function rawErrorResponse(status: number, detail: string): string {
  const body = JSON.stringify(proxyErrorBody(new ProxyError(status, 'REQUEST_REFUSED', detail)));
  const headers = Object.entries(SECURITY_HEADERS).map(([k, v]) => `${k}: ${v}`);
  return [
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'cache-control: no-store',
    'connection: close',
    ...headers,
    '',
    body,
  ].join('\r\n');
}

/** Writes a raw answer and closes the socket once it is out (a peer that never reads is cut too). */
function answerAndClose(socket: Socket, status: number, detail: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(rawErrorResponse(status, detail), () => socket.destroy());
  socket.setTimeout(5000, () => socket.destroy());
}

/** Node's options for the HTTP server fastify creates (fastify's `http` option). */
export function httpServerOptions(limits: ServerLimits): ServerOptions {
  return {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    // Node checks the deadlines every 30 s by default: a 2 s deadline would then hold for 32 s.
    connectionsCheckingInterval: Math.max(
      50,
      Math.min(1000, Math.floor(limits.headersTimeoutMs / 4)),
    ),
    // Refused by requestFramingPlugin (request-checks.ts) in JSON instead of Node's bare 400.
    requireHostHeader: false,
  };
}

/**
 * fastify's `clientErrorHandler`: malformed HTTP (CRLF in the request line or headers, oversized
 * headers) and the deadlines above never reach a route; they get a JSON answer and are closed.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  const started = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || started?.headersSent) {
    // Nothing useful can be written (the peer is gone, or an answer is already under way).
    socket.destroy();
    return;
  }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    answerAndClose(socket, 408, 'The request did not arrive in time; the connection is closed.');
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  answerAndClose(socket, status, 'The request is not valid HTTP.');
}

/** Runs `fn` at most once per `ms` (log lines about a flood must not become a flood). */
function throttled(ms: number, fn: (count: number) => void): () => void {
  let last = 0;
  let skipped = 0;
  return () => {
    const now = Date.now();
    if (now - last < ms) {
      skipped++;
      return;
    }
    last = now;
    fn(skipped + 1);
    skipped = 0;
  };
}

/** The soft limit on open files (Linux: /proc/self/limits); null where it cannot be read. */
export function openFileLimit(limits = '/proc/self/limits'): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync(limits, 'utf8'));
    return m?.[1] && m[1] !== 'unlimited' ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * How many client connections an open-file limit leaves room for: a quarter of it, and 64 more,
 * stay for the upstream connection pools, the audit file, the SPA's files and the runtime.
 */
export function connectionRoom(fileLimit: number): number {
  return Math.max(16, Math.floor(fileLimit * 0.75) - 64);
}

export interface ConnectionStats {
  /** The overall cap in force: MAX_CONNECTIONS, or less if the open-file limit is lower. */
  maxConnections: number;
  open: number;
  refusedOverall: number;
  refusedPerAddress: number;
  acceptErrors: number;
}

export interface GuardOptions {
  limits: ServerLimits;
  log: FastifyBaseLogger;
  /** Addresses the per-address cap does not apply to (a trusted SSO proxy carries many users). */
  exempt?: (address: string) => boolean;
  /** The open-file limit (tests); read from the system by default. */
  fileLimit?: number | null;
}

/**
 * Caps open connections and answers what the routes never see. Returns live counters (tests and
 * the log read them).
 */
export function guardConnections(app: FastifyInstance, o: GuardOptions): ConnectionStats {
  const server = app.server;
  const fileLimit = o.fileLimit === undefined ? openFileLimit() : o.fileLimit;
  const room = fileLimit === null ? Infinity : connectionRoom(fileLimit);
  const maxConnections = Math.min(o.limits.maxConnections, room);
  if (maxConnections < o.limits.maxConnections) {
    o.log.warn(
      { MAX_CONNECTIONS: o.limits.maxConnections, openFileLimit: fileLimit, maxConnections },
      'MAX_CONNECTIONS is more than the open-file limit (ulimit -n) leaves room for: capped lower',
    );
  }
  const stats: ConnectionStats = {
    maxConnections,
    open: 0,
    refusedOverall: 0,
    refusedPerAddress: 0,
    acceptErrors: 0,
  };
  const perGroup = new Map<string, number>();
  const warnOverall = throttled(1000, (n) =>
    o.log.warn({ refused: n, max: maxConnections }, 'connection refused: MAX_CONNECTIONS reached'),
  );
  const warnAddress = throttled(1000, (n) =>
    o.log.warn(
      { refused: n, max: o.limits.maxConnectionsPerAddress },
      'connection refused: MAX_CONNECTIONS_PER_ADDRESS reached for an address',
    ),
  );

  server.on('connection', (socket: Socket) => {
    const address = normalizeAddress(socket.remoteAddress ?? 'unknown');
    const group = addressGroup(address);
    const mine = perGroup.get(group) ?? 0;
    const perCap = o.limits.maxConnectionsPerAddress;
    if (stats.open >= maxConnections) {
      stats.refusedOverall++;
      warnOverall();
      answerAndClose(socket, 503, 'The dashboard server has too many open connections; try again.');
      return;
    }
    if (perCap > 0 && mine >= perCap && !o.exempt?.(address)) {
      stats.refusedPerAddress++;
      warnAddress();
      answerAndClose(
        socket,
        503,
        'Too many open connections from your address; close some and try again.',
      );
      return;
    }
    stats.open++;
    perGroup.set(group, mine + 1);
    socket.once('close', () => {
      stats.open--;
      const n = (perGroup.get(group) ?? 1) - 1;
      if (n > 0) perGroup.set(group, n);
      else perGroup.delete(group);
    });
  });

  // `Expect: 100-continue`: Node would invite the body before any check. The request goes to the
  // routes as it is; expectContinuePlugin invites the body once the checks before it have passed.
  server.on('checkContinue', (req, res) => server.emit('request', req, res));

  // Without a listener Node hangs up on CONNECT without a word; this is no forward proxy.
  server.on('connect', (_req, socket: Socket) => {
    answerAndClose(socket, 405, 'CONNECT is not served: this is not a forward proxy.');
  });

  // An accept error (EMFILE/ENFILE: out of file descriptors) is an 'error' event on the server;
  // unheard it would crash the process, and the refused clients would leave no trace.
  const warnAccept = throttled(1000, (n) =>
    o.log.error(
      { errors: n, open: stats.open },
      'cannot accept connections: out of file descriptors? (raise `ulimit -n` or lower MAX_CONNECTIONS)',
    ),
  );
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.syscall !== 'accept') return; // listen errors are fastify's (listen() rejects)
    stats.acceptErrors++;
    o.log.debug({ code: err.code }, 'accept failed');
    warnAccept();
  });
  return stats;
}

/**
 * preParsing (after every check that comes before a body: framing, Host, target, CSRF, sign-in,
 * role, the route's own): a client that asked `Expect: 100-continue` is now invited to send it.
 */
export const expectContinuePlugin = fp(
  async (app) => {
    app.addHook('preParsing', async (req, reply, payload) => {
      if (/^100-continue$/i.test(req.headers.expect ?? '') && !reply.raw.headersSent) {
        reply.raw.writeContinue();
      }
      return payload;
    });
  },
  { name: 'orglink-expect-continue' },
);

/**
 * Stops like a careful shop closes: no new connections (fastify answers 503 to new requests on
 * kept-alive ones), the requests in flight finish — each ends within UPSTREAM_TIMEOUT_MS, so a grace
 * of at least that loses none — then the app closes. After `graceMs` whatever is left (a client that
 * trickles its body) is cut off. Resolves with how it ended.
 */
export async function closeGracefully(
  app: FastifyInstance,
  graceMs: number,
): Promise<'clean' | 'deadline'> {
  const server = app.server;
  // A kept-alive connection whose last answer just went out is idle: close it, don't wait for it.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), graceMs);
  });
  const closed = app.close().then(() => 'clean' as const);
  try {
    const result = await Promise.race([closed, deadline]);
    if (result === 'deadline') {
      app.log.warn({ graceMs }, 'shutdown grace over: closing the connections still open');
      server.closeAllConnections();
      await closed;
    }
    return result;
  } finally {
    clearInterval(sweep);
    clearTimeout(timer);
  }
}
