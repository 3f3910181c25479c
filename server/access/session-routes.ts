// Sign-in, who-am-I and sign-out:
//   POST   /api/session   sign in {username, password}  → 200 Session + cookie | 401 | 404 | 429
//   GET    /api/session   who am I                      → 200 Session | 401
//   DELETE /api/session   sign out                      → 204, cookie cleared
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PROXY_ENDPOINTS, type Session } from '#contract/proxy-contract';
import { addressGroup } from '../address-group';
import { ProxyError, refused, sendProxyError } from '../errors';
import type { AuditRecorder } from './audit-recorder';
import { notSignedIn } from './authorization';
import { checkCsrf } from './csrf';
import type { Identity } from './identity';
import { ACCESS_MESSAGES } from './messages';
import { HashQueueFullError, type ParsedHash } from './passwords';
import { clearSessionCookie, sessionCookie, type SessionCodec } from './sessions';
import type { SignInThrottle } from './throttle';
import type { UsersStore } from './users-file';

export interface SessionRouteDeps {
  identity: Identity;
  recorder: AuditRecorder;
  users: UsersStore | null;
  codec: SessionCodec | null;
  throttle: SignInThrottle;
  /**
   * Checks a password against a user's hash; with null (no such user) it costs the same and fails.
   * `address` is the client's: the hash queue takes addresses in turn.
   */
  checkPassword: (password: string, hash: ParsedHash | null, address: string) => Promise<boolean>;
}

const signInBodySchema = z
  .object({
    username: z.string().min(1).max(128),
    password: z.string().min(1).max(1024),
  })
  .strict();

export const sessionRoutesPlugin = fp<{ deps: SessionRouteDeps }>(
  async (app, { deps }) => {
    // CSRF before the body is read (a refused client cannot hold the connection with a slow body).
    app.post(PROXY_ENDPOINTS.session, {
      onRequest: async (req) => {
        const csrf = checkCsrf(req, deps.identity.secureCookie(req));
        if (csrf) throw csrf;
      },
      handler: (req, reply) => signIn(deps, req, reply),
    });
    app.get(PROXY_ENDPOINTS.session, async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return req.dashboardSession ?? sendProxyError(reply, notSignedIn(req.sessionProblem));
    });
    app.delete(PROXY_ENDPOINTS.session, (req, reply) => signOut(deps, req, reply));
  },
  { name: 'orglink-session-routes', dependencies: ['orglink-identity'] },
);

async function signIn(d: SessionRouteDeps, req: FastifyRequest, reply: FastifyReply) {
  reply.header('cache-control', 'no-store');
  if (!d.users || !d.codec) {
    return sendProxyError(reply, refused(404, ACCESS_MESSAGES.noPasswordSignIn));
  }
  const body = signInBodySchema.safeParse(req.body);
  if (!body.success) return sendProxyError(reply, refused(400, ACCESS_MESSAGES.signInBody));
  const { username, password } = body.data;
  const address = d.identity.clientAddress(req);
  const user = d.users.find(username);
  let admission;
  try {
    admission = await d.throttle.begin(username, address);
  } catch (err) {
    // Fail closed: no password is checked while the shared counts cannot be read.
    req.log.error({ err }, 'sign-in throttle: cannot read the counts from the database');
    return storeDown(reply, ACCESS_MESSAGES.signInStoreDown);
  }
  if (admission.waitMs > 0) {
    // Recorded once per user, address and blocking period (a flood is one record, not many).
    if (admission.firstRefusal) {
      req.log.warn({ address }, 'sign-in throttled');
      await d.recorder.write(req, {
        user: user?.username ?? null, // never a name that is no user (a password in the wrong field)
        operation: 'signIn',
        outcome: 'refused',
        status: 429,
        upstreamStatus: null,
        code: 'TOO_MANY_ATTEMPTS',
      });
    }
    return tooMany(reply, admission.waitMs);
  }
  let ok: boolean;
  try {
    ok = await d.checkPassword(password, user?.hash ?? null, addressGroup(address));
  } catch (e) {
    d.throttle.abandon(username, address);
    // Not the user's fault: too many sign-ins (from many addresses) are being checked right now.
    if (e instanceof HashQueueFullError) return busy(reply);
    throw e;
  }
  if (!ok || !user) {
    try {
      // Counted on every instance before the answer leaves (the next guess anywhere sees it).
      await d.throttle.failed(username, address);
    } catch (err) {
      req.log.error({ err }, 'sign-in throttle: cannot count a wrong password in the database');
    }
    // A name that is no user could be a password typed in the wrong field: never record it.
    await d.recorder.write(req, {
      user: user?.username ?? null,
      operation: 'signIn',
      outcome: 'refused',
      status: 401,
      upstreamStatus: null,
      code: 'NOT_SIGNED_IN',
    });
    return sendProxyError(reply, notSignedIn(ACCESS_MESSAGES.wrongPassword));
  }
  await d.throttle.succeeded(username, address).catch((err: unknown) => {
    req.log.warn({ err }, 'sign-in throttle: cannot clear the count in the database');
  });
  const { token, payload } = d.codec.issue(user);
  const session: Session = { user: user.username, role: user.role, method: 'password' };
  req.dashboardSession = session;
  req.sessionPayload = payload;
  await d.recorder.write(req, {
    operation: 'signIn',
    outcome: 'success',
    status: 200,
    upstreamStatus: null,
  });
  reply.header(
    'set-cookie',
    sessionCookie(token, {
      secure: d.identity.secureCookie(req),
      maxAgeSeconds: d.codec.ttlMs / 1000,
    }),
  );
  return session;
}

async function signOut(d: SessionRouteDeps, req: FastifyRequest, reply: FastifyReply) {
  reply.header('cache-control', 'no-store');
  const csrf = checkCsrf(req, d.identity.secureCookie(req));
  if (csrf) return sendProxyError(reply, csrf);
  if (req.sessionPayload && d.codec) {
    try {
      // Durable before the answer: every instance refuses the cookie from now on, after restarts too.
      await d.codec.revoke(req.sessionPayload);
    } catch (err) {
      req.log.error({ err }, 'sign-out: cannot record it in the database');
      // The cookie stays, so the user can sign out again; nothing claims a sign-out that is not.
      return storeDown(reply, ACCESS_MESSAGES.signOutUnrecorded);
    }
    await d.recorder.write(req, {
      operation: 'signOut',
      outcome: 'success',
      status: 204,
      upstreamStatus: null,
    });
  }
  if (req.dashboardSession?.method === 'password' || d.users) {
    reply.header('set-cookie', clearSessionCookie(d.identity.secureCookie(req)));
  }
  return reply.code(204).send();
}

function storeDown(reply: FastifyReply, detail: string) {
  return sendProxyError(
    reply,
    new ProxyError(503, 'SERVER_BUSY', detail, undefined, { 'retry-after': '5' }),
  );
}

function busy(reply: FastifyReply) {
  return sendProxyError(
    reply,
    new ProxyError(503, 'SERVER_BUSY', ACCESS_MESSAGES.signInBusy, undefined, {
      'retry-after': '2',
    }),
  );
}

function tooMany(reply: FastifyReply, waitMs: number) {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return sendProxyError(
    reply,
    new ProxyError(429, 'TOO_MANY_ATTEMPTS', ACCESS_MESSAGES.tooManyAttempts(seconds), undefined, {
      'retry-after': String(seconds),
    }),
  );
}
