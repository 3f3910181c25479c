// Who is asking: the loopback demo operator, a user named by a trusted SSO proxy's header, or the
// holder of a signed session cookie — resolved once per /api request onto `req.dashboardSession`.
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { demoSession, type Session } from '#contract/proxy-contract';
import type { AuthEnv } from './auth-env';
import { ACCESS_MESSAGES } from './messages';
import { readSessionCookies, type SessionCodec, type SessionPayload } from './sessions';
import { normalizeAddress, type TrustedHeaderAuth } from './trusted-header';
import type { UsersStore } from './users-file';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in dashboard user (null: nobody), resolved in onRequest for /api paths. */
    dashboardSession: Session | null;
    /** The verified cookie payload behind a password session (sign-out revokes it). */
    sessionPayload: SessionPayload | null;
    /** Why a presented credential was not accepted (the 401's detail). */
    sessionProblem: string | null;
  }
}

export interface IdentityDeps {
  auth: AuthEnv;
  /** Upstreams are simulated: the demo user is then called `demo`, otherwise `local`. */
  simulated: boolean;
  users: UsersStore | null;
  codec: SessionCodec | null;
  trusted: TrustedHeaderAuth | null;
}

export class Identity {
  readonly demoSession: Session;
  private readonly warnedAddresses = new Set<string>();

  constructor(private readonly d: IdentityDeps) {
    this.demoSession = demoSession(d.simulated);
  }

  /** Cookies get `Secure` (and the `__Host-` name) behind TLS. */
  secureCookie(req: FastifyRequest): boolean {
    const setting = this.d.auth.cookieSecure;
    if (setting !== 'auto') return setting === 'always';
    // Believing X-Forwarded-Proto here can only add Secure, never remove it: safe from anyone.
    return req.protocol === 'https' || req.headers['x-forwarded-proto'] === 'https';
  }

  /** A TRUSTED_PROXIES address (the SSO proxy carries many users: no per-address connection cap). */
  isTrustedProxy(address: string): boolean {
    return this.d.trusted?.isTrusted(address) ?? false;
  }

  /** The browser's address: the socket peer, or what a trusted SSO proxy says it forwarded for. */
  clientAddress(req: FastifyRequest): string {
    const peer = normalizeAddress(req.socket.remoteAddress ?? 'unknown');
    if (this.d.trusted?.isTrusted(peer)) {
      const xff = req.headers['x-forwarded-for'];
      const last = (Array.isArray(xff) ? xff.join(',') : (xff ?? '')).split(',').pop()?.trim();
      if (last && /^[0-9a-fA-F.:]{2,45}$/.test(last)) return normalizeAddress(last);
    }
    return peer;
  }

  resolve(req: FastifyRequest): Session | null {
    const { auth, trusted, users, codec } = this.d;
    if (auth.demo) return this.demoSession;
    if (trusted) {
      const r = trusted.authenticate(req.headers, req.socket.remoteAddress);
      if (r.kind === 'user') return { user: r.user, role: r.role, method: 'header' };
      if (r.kind === 'invalid') {
        req.sessionProblem = ACCESS_MESSAGES.untrustedHeader(r.reason);
        return null;
      }
      if (
        r.kind === 'untrusted' &&
        !this.warnedAddresses.has(r.address) &&
        this.warnedAddresses.size < 100
      ) {
        this.warnedAddresses.add(r.address);
        req.log.warn({ address: r.address }, 'user header ignored: not from a trusted proxy');
      }
    }
    if (users && codec) {
      const tokens = readSessionCookies(req.headers.cookie, this.secureCookie(req));
      // Fail closed: a signed-out session must not work because the list of sign-outs is stale.
      if (tokens.length && !codec.revocationsFresh()) {
        req.sessionProblem = ACCESS_MESSAGES.sessionsUncheckable;
        return null;
      }
      for (const token of tokens) {
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
}

/** onRequest: resolves the session of every /api route (the proxy's routes and its own). */
export const identityPlugin = fp<{ identity: Identity }>(
  async (app, { identity }) => {
    app.decorateRequest('dashboardSession', null);
    app.decorateRequest('sessionPayload', null);
    app.decorateRequest('sessionProblem', null);
    app.addHook('onRequest', async (req) => {
      // Decided on the route the router matched (decoded), never on the raw URL's spelling.
      if (req.routeOptions.url?.startsWith('/api/')) req.dashboardSession = identity.resolve(req);
    });
  },
  { name: 'orglink-identity' },
);
