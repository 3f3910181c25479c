// Stateless, signed, expiring sessions. The cookie holds who the user is and until when, signed with
// HMAC-SHA256 under a key derived from SESSION_SECRET; any instance that knows the secret accepts it,
// before and after a restart. A session is also bound to the user's current password hash and role,
// so changing a password, a role or removing the user ends it at once. Sign-out is the one piece of
// state: the session's id goes on a revocation list (revocations.ts), kept in the database and
// read by every instance.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ROLES, type Role } from '#contract/proxy-contract';
import { MemoryRevocations, type Revocations } from './revocations';

export const SESSION_COOKIE = 'orglink_session';
/** Over TLS the `__Host-` prefix stops a neighbouring subdomain from planting its own cookie. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

export function cookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}
/** Clocks of several instances may differ a little. */
const CLOCK_SKEW_MS = 60_000;

const payloadSchema = z
  .object({
    v: z.literal(1),
    /** user name as written in USERS_FILE */
    u: z.string().min(1).max(64),
    r: z.enum(ROLES),
    /** fingerprint of the password hash the user signed in with */
    pv: z.string().min(1).max(64),
    /** random session id, for sign-out (the revocation list names it) */
    sid: z.string().min(1).max(64),
    iat: z.number().int(),
    exp: z.number().int(),
  })
  .strict();
export type SessionPayload = z.infer<typeof payloadSchema>;

export interface SessionCodec {
  issue(user: { username: string; role: Role; passwordHash: string }): {
    token: string;
    payload: SessionPayload;
  };
  /** The payload when the token is authentic and unexpired; null otherwise (never throws). */
  verify(token: string): SessionPayload | null;
  /** Whether a verified session still matches the user's current password hash. */
  matchesPassword(payload: SessionPayload, passwordHash: string): boolean;
  /** Ends a session on every instance (sign-out); durable when this resolves. */
  revoke(payload: SessionPayload): Promise<void>;
  /** False while sign-outs made on other instances may be unknown here (the database is away). */
  revocationsFresh(): boolean;
  ttlMs: number;
}

export function createSessionCodec(
  secret: string,
  ttlMs: number,
  now: () => number = Date.now,
  revocations: Revocations = new MemoryRevocations(now),
): SessionCodec {
  // Separate keys for signing and for password fingerprints, both from the one secret.
  const macKey = Buffer.from(hkdfSync('sha256', secret, 'orglink', 'session-mac-v1', 32));
  const pvKey = Buffer.from(hkdfSync('sha256', secret, 'orglink', 'password-version-v1', 32));

  const mac = (data: string) => createHmac('sha256', macKey).update(data).digest();
  const fingerprint = (passwordHash: string) =>
    createHmac('sha256', pvKey).update(passwordHash).digest('base64url').slice(0, 22);

  return {
    ttlMs,
    issue(user) {
      const iat = now();
      const payload: SessionPayload = {
        v: 1,
        u: user.username,
        r: user.role,
        pv: fingerprint(user.passwordHash),
        sid: randomBytes(16).toString('base64url'),
        iat,
        exp: iat + ttlMs,
      };
      const body = `v1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
      return { token: `${body}.${mac(body).toString('base64url')}`, payload };
    },
    verify(token) {
      if (token.length > 1024) return null;
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== 'v1') return null;
      const body = `${parts[0]}.${parts[1]}`;
      const given = Buffer.from(parts[2] ?? '', 'base64url');
      const expected = mac(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
      } catch {
        return null;
      }
      const parsed = payloadSchema.safeParse(json);
      if (!parsed.success) return null;
      const p = parsed.data;
      const t = now();
      if (p.exp <= t || p.iat > t + CLOCK_SKEW_MS || p.exp - p.iat > ttlMs) return null;
      if (revocations.has(p.sid)) return null;
      return p;
    },
    matchesPassword(payload, passwordHash) {
      const a = Buffer.from(payload.pv);
      const b = Buffer.from(fingerprint(passwordHash));
      return a.length === b.length && timingSafeEqual(a, b);
    },
    revoke(payload) {
      return revocations.revoke(payload.sid, payload.u, payload.exp);
    },
    revocationsFresh() {
      return revocations.fresh();
    },
  };
}

export interface CookieOptions {
  secure: boolean;
  maxAgeSeconds: number;
}

/** HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Path=/ . */
export function sessionCookie(token: string, o: CookieOptions): string {
  const parts = [
    `${cookieName(o.secure)}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`,
  ];
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearSessionCookie(secure: boolean): string {
  return sessionCookie('', { secure, maxAgeSeconds: 0 });
}

/** Our cookie's values from a Cookie header (a browser may send two of one name); [] if absent. */
export function readSessionCookies(header: string | undefined, secure: boolean): string[] {
  if (!header) return [];
  const name = cookieName(secure);
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const value = part.slice(eq + 1).trim();
    if (part.slice(0, eq).trim() === name && value) values.push(value);
  }
  return values.slice(0, 4);
}

/** `8h`, `30m`, `90s`, `2d` or plain seconds. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+)\s*(s|m|h|d)?\s*$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 's'] ?? 1_000;
  return n * unit;
}
