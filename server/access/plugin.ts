// Dashboard access: who the user is (password session, trusted SSO header, or the loopback demo),
// what the role allows, and the audit line for every mutation attempt. Plugs into buildApp through
// its access hooks (server/app.ts): `extend` registers the hooks and routes below, `authorize`
// runs before any operation is forwarded, `audit` is called around every forwarded mutation.
//
//   POST   /api/session   sign in {username, password}     → 200 Session + cookie | 401 | 429
//   GET    /api/session   who am I                         → 200 Session | 401
//   DELETE /api/session   sign out                         → 204, cookie cleared
//   GET    /api/audit     recent audit lines (operators)   → 200 AuditList | 401 | 403
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AUDIT_OUTCOMES,
  AUDIT_SESSION_OPERATIONS,
  type AuditEntry,
  type AuditOutcome,
} from '#contract/audit-contract';
import { PROXY_ENDPOINTS, proxyErrorSchema, type Session } from '#contract/proxy-contract';
import { operationIds, routerPath, routes, type OperationId } from '#contract/route-table';
import { OBJECT_ID_PATTERN } from '#contract/schemas';
import { AuditLog } from './audit-log';
import { checkCsrf } from './csrf';
import { ProxyError, refused, sendProxyError } from '../errors';
import type { AccessHooks, AuditEntry as ProxyAuditEntry } from '../proxy-routes';
import type { AuthEnv } from './auth-env';
import { isLoopbackHost } from './auth-env';
import { burnDummyHash, HashQueueFullError, verifyPassword } from './passwords';
import {
  clearSessionCookie,
  createSessionCodec,
  readSessionCookies,
  sessionCookie,
  type SessionCodec,
  type SessionPayload,
} from './sessions';
import { createThrottle, type SignInThrottle } from './throttle';
import {
  createTrustedHeaderAuth,
  normalizeAddress,
  type TrustedHeaderAuth,
} from './trusted-header';
import { loadUsers, type UsersStore } from './users-file';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in dashboard user, resolved once per /api request. */
    dashboardSession?: Session | null;
    /** The verified cookie payload behind a password session (for sign-out). */
    sessionPayload?: SessionPayload;
    /** Why a presented credential was not accepted (for the 401's detail). */
    sessionProblem?: string;
    /** Set once this request's audit line is written. */
    audited?: boolean;
  }
}

/** The answers' words. */
const MSG = {
  notSignedIn: 'Sign in to use the dashboard.',
  wrongPassword: 'Wrong user name or password.',
  noPasswordSignIn: 'Password sign-in is not configured on this dashboard.',
  operatorOnly: (what: string) =>
    `Your role is viewer: the operator role is needed to ${what}. Ask an administrator for it.`,
  auditUnwritable:
    'The audit log cannot be written, so changes are refused until it can (see the server log).',
  demoHost:
    'This demo dashboard (no sign-in) answers only at 127.0.0.1 or localhost. Open it there, or configure sign-in.',
} as const;

export interface AccessOptions {
  auth: AuthEnv;
  /** Upstreams are simulated (the demo user is then called `demo`, otherwise `local`). */
  simulated: boolean;
  /** Tests pass their own clock, throttle or audit sink. */
  now?: () => number;
  throttle?: SignInThrottle;
  audit?: AuditLog;
  /** How often USERS_FILE is checked for changes (default 1 s). */
  usersCheckMs?: number;
}

export interface Access {
  hooks: AccessHooks & {
    session: (req: FastifyRequest) => Session | null;
    signInRequired: boolean;
    extend: (app: FastifyInstance) => void;
  };
  audit: AuditLog;
  /** Lines for the start-up log: how people sign in here. */
  describe(): string[];
}

const signInBodySchema = z
  .object({
    username: z.string().min(1).max(128),
    password: z.string().min(1).max(1024),
  })
  .strict();

const auditQuerySchema = z
  .object({
    user: z.string().max(64).optional(),
    operation: z.enum([...AUDIT_SESSION_OPERATIONS, ...operationIds]).optional(),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    id: z
      .string()
      .regex(OBJECT_ID_PATTERN, { message: 'must be 24 lowercase hex digits' })
      .optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, { message: 'must be a number' })
      .optional(),
  })
  .strict();

const FAILED_CODES = new Set([
  'UPSTREAM_UNREACHABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_NOT_CONFIGURED',
  'INTERNAL',
]);

export function createAccess(options: AccessOptions): Access {
  const { auth } = options;
  const now = options.now ?? Date.now;
  const audit = options.audit ?? new AuditLog({ file: auth.auditFile, stdout: auth.auditStdout });
  const throttle = options.throttle ?? createThrottle({ now });
  const users: UsersStore | null = auth.usersFile
    ? loadUsers(auth.usersFile, { checkEveryMs: options.usersCheckMs ?? 1000, now })
    : null;
  const codec: SessionCodec | null =
    users && auth.sessionSecret
      ? createSessionCodec(auth.sessionSecret, auth.sessionTtlMs, now)
      : null;
  const trusted: TrustedHeaderAuth | null = auth.trusted
    ? createTrustedHeaderAuth(auth.trusted)
    : null;
  const demoSession: Session = {
    user: options.simulated ? 'demo' : 'local',
    role: 'operator',
    method: 'demo',
  };
  const warnedAddresses = new Set<string>();

  function secureCookie(req: FastifyRequest): boolean {
    if (auth.cookieSecure !== 'auto') return auth.cookieSecure === 'always';
    // Believing X-Forwarded-Proto here can only add Secure, never remove it: safe from anyone.
    return req.protocol === 'https' || req.headers['x-forwarded-proto'] === 'https';
  }

  /** The browser's address: the socket peer, or what a trusted SSO proxy says it forwarded for. */
  function clientAddress(req: FastifyRequest): string {
    const peer = normalizeAddress(req.socket.remoteAddress ?? 'unknown');
    if (trusted?.isTrusted(peer)) {
      const xff = req.headers['x-forwarded-for'];
      const last = (Array.isArray(xff) ? xff.join(',') : (xff ?? '')).split(',').pop()?.trim();
      if (last && /^[0-9a-fA-F.:]{2,45}$/.test(last)) return normalizeAddress(last);
    }
    return peer;
  }

  function resolveSession(req: FastifyRequest): Session | null {
    if (auth.demo) return demoSession;
    if (trusted) {
      const r = trusted.authenticate(req.headers, req.socket.remoteAddress);
      if (r.kind === 'user') return { user: r.user, role: r.role, method: 'header' };
      if (r.kind === 'invalid') {
        req.sessionProblem = `The sign-in proxy's header was not accepted: ${r.reason}.`;
        return null;
      }
      if (r.kind === 'untrusted' && !warnedAddresses.has(r.address) && warnedAddresses.size < 100) {
        warnedAddresses.add(r.address);
        req.log.warn({ address: r.address }, 'user header ignored: not from a trusted proxy');
      }
    }
    if (users && codec) {
      for (const token of readSessionCookies(req.headers.cookie, secureCookie(req))) {
        const p = codec.verify(token);
        if (!p) continue;
        const user = users.find(p.u);
        // Removed users and changed passwords end their sessions; the role is always the file's.
        if (!user || !codec.matchesPassword(p, user.passwordHash)) continue;
        req.sessionPayload = p;
        return { user: user.username, role: user.role, method: 'password' };
      }
    }
    return null;
  }

  function sessionOf(req: FastifyRequest): Session | null {
    if (req.dashboardSession === undefined) req.dashboardSession = resolveSession(req);
    return req.dashboardSession;
  }

  function entry(
    req: FastifyRequest,
    fields: Pick<AuditEntry, 'operation' | 'outcome' | 'status' | 'upstreamStatus'> &
      Partial<AuditEntry>,
  ): AuditEntry {
    const s = req.dashboardSession ?? null;
    const e: AuditEntry = {
      time: new Date(now()).toISOString(),
      requestId: req.id,
      user: s?.user ?? null,
      role: s?.role ?? null,
      auth: s?.method ?? null,
      method: req.method,
      address: clientAddress(req),
      ...fields,
    };
    return e;
  }

  /** Writes a line; a failed write is logged with the line itself and never hides the answer. */
  async function record(req: FastifyRequest, e: AuditEntry): Promise<void> {
    req.audited = true;
    try {
      await audit.append(e);
    } catch (err) {
      req.log.error(
        { audit: e, code: (err as NodeJS.ErrnoException).code },
        'AUDIT LOG WRITE FAILED: further changes are refused until it works again',
      );
    }
  }

  function targetIds(params: Record<string, string> | undefined): Partial<AuditEntry> {
    const out: Partial<AuditEntry> = {};
    if (params?.orgId && OBJECT_ID_PATTERN.test(params.orgId)) out.orgId = params.orgId;
    if (params?.federationId && OBJECT_ID_PATTERN.test(params.federationId)) {
      out.federationId = params.federationId;
    }
    return out;
  }

  const authorize: AccessHooks['authorize'] = (req, op) => {
    const s = sessionOf(req);
    if (!s) throw new ProxyError(401, 'NOT_SIGNED_IN', req.sessionProblem ?? MSG.notSignedIn);
    if (routes[op].mutation && s.role !== 'operator') {
      throw new ProxyError(403, 'ROLE_REQUIRED', MSG.operatorOnly(routes[op].summary));
    }
  };

  // The proxy calls this around each forwarded mutation; the line itself is written in onSend,
  // which also sees the attempts refused before forwarding.
  const auditHook: AccessHooks['audit'] = async (e: ProxyAuditEntry) => {
    // Fail closed: nothing is changed that could not be recorded.
    if (e.phase === 'before' && !audit.healthy && !(await audit.probe())) {
      throw new ProxyError(503, 'INTERNAL', MSG.auditUnwritable);
    }
  };

  function extend(app: FastifyInstance) {
    app.addHook('onRequest', async (req, reply) => {
      const path = req.url.split('?')[0] ?? '';
      if (!path.startsWith('/api/')) return;
      // DNS rebinding: a hostile page whose name points at 127.0.0.1 shares no cookie, but the demo
      // needs none; only loopback names may talk to a dashboard that signs everyone in.
      if (auth.demo) {
        const host = (req.headers.host ?? '').replace(/:\d+$/, '');
        if (!isLoopbackHost(host)) {
          return sendProxyError(reply, new ProxyError(421, 'REQUEST_REFUSED', MSG.demoHost));
        }
      }
      sessionOf(req);
    });

    // Every mutation attempt gets one line, also those refused before reaching the proxy's handler
    // (CSRF, role, validation): written here, before the answer leaves.
    app.addHook('onSend', async (req, reply, payload) => {
      const op = mutationOf(req);
      if (!op || req.audited) return payload;
      const status = reply.statusCode;
      const { proxy, upstream } = errorCodes(payload, status);
      // The proxy's own errors mean the upstream was not reached (or did not answer).
      const outcome: AuditOutcome = proxy
        ? FAILED_CODES.has(proxy)
          ? 'failed'
          : 'refused'
        : status < 300
          ? 'success'
          : 'upstream_error';
      const code = proxy ?? upstream;
      await record(
        req,
        entry(req, {
          operation: op,
          ...targetIds(req.params as Record<string, string> | undefined),
          outcome,
          status,
          upstreamStatus: proxy ? null : status,
          ...(code ? { code } : {}),
        }),
      );
      return payload;
    });

    app.post(PROXY_ENDPOINTS.session, (req, reply) => signIn(req, reply));
    app.get(PROXY_ENDPOINTS.session, async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const s = sessionOf(req);
      if (!s) {
        return sendProxyError(
          reply,
          new ProxyError(401, 'NOT_SIGNED_IN', req.sessionProblem ?? MSG.notSignedIn),
        );
      }
      return s;
    });
    app.delete(PROXY_ENDPOINTS.session, (req, reply) => signOut(req, reply));
    app.get(PROXY_ENDPOINTS.audit, async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const s = sessionOf(req);
      if (!s) return sendProxyError(reply, new ProxyError(401, 'NOT_SIGNED_IN', MSG.notSignedIn));
      if (s.role !== 'operator') {
        return sendProxyError(
          reply,
          new ProxyError(403, 'ROLE_REQUIRED', MSG.operatorOnly('read the audit log')),
        );
      }
      const q = auditQuerySchema.safeParse(req.query);
      if (!q.success) {
        const msg = q.error.issues
          .map((i) => `${i.path.join('.') || 'query'}: ${i.message}`)
          .join('; ');
        return sendProxyError(reply, refused(400, `Invalid query: ${msg}`));
      }
      return audit.recent(q.data);
    });
  }

  async function signIn(req: FastifyRequest, reply: FastifyReply) {
    reply.header('cache-control', 'no-store');
    const csrf = checkCsrf(req);
    if (csrf) return sendProxyError(reply, csrf);
    if (!users || !codec) return sendProxyError(reply, refused(404, MSG.noPasswordSignIn));
    const body = signInBodySchema.safeParse(req.body);
    if (!body.success) {
      return sendProxyError(
        reply,
        refused(400, 'Send {"username": "...", "password": "..."} as JSON.'),
      );
    }
    const { username, password } = body.data;
    const address = clientAddress(req);
    const wait = throttle.begin(username, address);
    if (wait > 0) {
      req.log.warn({ address }, 'sign-in throttled');
      return tooMany(reply, wait);
    }
    const user = users.find(username);
    let ok = false;
    try {
      if (user) ok = await verifyPassword(password, user.hash);
      else await burnDummyHash(password);
    } catch (e) {
      throttle.abandon(username, address);
      if (e instanceof HashQueueFullError) return tooMany(reply, 1000);
      throw e;
    }
    // A name that is no user could be a password typed in the wrong field: never record it.
    const who = user?.username ?? null;
    if (!ok) {
      throttle.failed(username, address);
      await record(
        req,
        entry(req, {
          user: who,
          operation: 'signIn',
          outcome: 'refused',
          status: 401,
          upstreamStatus: null,
          code: 'NOT_SIGNED_IN',
        }),
      );
      return sendProxyError(reply, new ProxyError(401, 'NOT_SIGNED_IN', MSG.wrongPassword));
    }
    throttle.succeeded(username, address);
    const found = user as NonNullable<typeof user>;
    const { token, payload } = codec.issue(found);
    const session: Session = { user: found.username, role: found.role, method: 'password' };
    req.dashboardSession = session;
    req.sessionPayload = payload;
    await record(
      req,
      entry(req, { operation: 'signIn', outcome: 'success', status: 200, upstreamStatus: null }),
    );
    reply.header(
      'set-cookie',
      sessionCookie(token, { secure: secureCookie(req), maxAgeSeconds: codec.ttlMs / 1000 }),
    );
    return session;
  }

  async function signOut(req: FastifyRequest, reply: FastifyReply) {
    reply.header('cache-control', 'no-store');
    const csrf = checkCsrf(req);
    if (csrf) return sendProxyError(reply, csrf);
    const s = sessionOf(req);
    if (req.sessionPayload && codec) {
      codec.revoke(req.sessionPayload);
      await record(
        req,
        entry(req, { operation: 'signOut', outcome: 'success', status: 204, upstreamStatus: null }),
      );
    }
    if (s?.method === 'password' || users) {
      reply.header('set-cookie', clearSessionCookie(secureCookie(req)));
    }
    return reply.code(204).send();
  }

  function tooMany(reply: FastifyReply, waitMs: number) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return sendProxyError(
      reply,
      new ProxyError(
        429,
        'TOO_MANY_ATTEMPTS',
        `Too many wrong passwords. Wait ${seconds} seconds, then try again.`,
        undefined,
        { 'retry-after': String(seconds) },
      ),
    );
  }

  return {
    audit,
    hooks: {
      session: sessionOf,
      signInRequired: !auth.demo,
      authorize,
      audit: auditHook,
      extend,
    },
    describe() {
      const lines: string[] = [];
      if (auth.demo) {
        lines.push(
          `No sign-in configured: every visitor on this loopback address is signed in as the demo operator "${demoSession.user}" (set USERS_FILE or TRUST_USER_HEADER to require sign-in)`,
        );
      }
      if (users) lines.push(`Password sign-in: ${users.count()} user(s) from ${auth.usersFile}`);
      if (trusted && auth.trusted) {
        lines.push(
          `SSO sign-in: header ${auth.trusted.userHeader} trusted from ${auth.trusted.proxies.join(', ')}`,
        );
      }
      lines.push(
        `Audit log: ${[auth.auditFile, auth.auditStdout ? 'stdout' : null].filter(Boolean).join(' and ')}`,
      );
      return lines;
    },
  };
}

/** The route-table mutation a request targets (from the proxy route it matched), if any. */
function mutationOf(req: FastifyRequest): OperationId | null {
  const op = req.proxyLog?.op ?? opByRoute(req);
  return op && routes[op].mutation ? op : null;
}

function opByRoute(req: FastifyRequest): OperationId | undefined {
  const url = req.routeOptions.url;
  if (!url) return undefined;
  return ROUTE_OPS.get(`${req.method} ${url}`);
}

const ROUTE_OPS = new Map<string, OperationId>(
  operationIds.map((op) => [`${routes[op].method} ${routerPath(routes[op], 'proxy')}`, op]),
);

/**
 * Error codes in an answer body: the proxy's own (its error shape) or the upstream's `errorCode`.
 * Only these names are taken from the body; nothing else of it reaches the audit line.
 */
function errorCodes(payload: unknown, status: number): { proxy?: string; upstream?: string } {
  if (status < 400) return {};
  const text =
    typeof payload === 'string'
      ? payload
      : Buffer.isBuffer(payload)
        ? payload.toString('utf8')
        : null;
  if (!text || text.length > 65_536) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  const proxy = proxyErrorSchema.safeParse(json);
  if (proxy.success) return { proxy: proxy.data.code };
  const code = (json as { errorCode?: unknown } | null)?.errorCode;
  return typeof code === 'string' && /^[A-Z0-9_]{1,80}$/.test(code) ? { upstream: code } : {};
}
