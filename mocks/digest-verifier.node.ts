// Server side of HTTP Digest (RFC 7616) as MongoDB's public APIs speak it: realm "MMS Public API",
// algorithm MD5, qop "auth". Keeps the nonces it issued so a client may reuse one with a growing
// nc (one round trip per call); a reused nc is refused, a nonce older than the TTL is answered
// with stale=true (the client then retries with the new nonce, without asking for the password).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const DIGEST_REALM = 'MMS Public API';

export interface DigestVerifierOptions {
  /** One key pair … */
  username?: string;
  password?: string;
  /** … or several (user name → password): the simulated MongoDB Cloud takes two keys. */
  users?: Record<string, string>;
  realm?: string;
  /** How long an issued nonce stays valid (default 5 minutes). */
  nonceTtlMs?: number;
  now?: () => number;
}

export type DigestResult =
  | { ok: true; username: string }
  | {
      ok: false;
      /** true: credentials were right but the nonce is too old or unknown. */
      stale: boolean;
      reason: 'missing' | 'malformed' | 'wrong-credentials' | 'nonce-expired' | 'nc-reused';
    };

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** Parses `Digest k=v, k="v", …` (quoted values may contain commas). */
export function parseDigestHeader(header: string): Record<string, string> | null {
  const m = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!m?.[1]) return null;
  const out: Record<string, string> = {};
  const re = /([a-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/gi;
  let match: RegExpExecArray | null;
  while ((match = re.exec(m[1])) !== null) {
    const key = match[1]?.toLowerCase();
    if (!key) break;
    out[key] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
    if (re.lastIndex >= m[1].length) break;
  }
  return out;
}

export class DigestVerifier {
  private readonly realm: string;
  private readonly ttl: number;
  private readonly now: () => number;
  /** nonce → when issued and the highest nc seen. */
  private readonly nonces = new Map<string, { issuedAt: number; lastNc: number }>();
  private readonly users: Map<string, string>;

  constructor(options: DigestVerifierOptions) {
    this.users = new Map(Object.entries(options.users ?? {}));
    if (options.username !== undefined && options.password !== undefined) {
      this.users.set(options.username, options.password);
    }
    if (this.users.size === 0) throw new Error('DigestVerifier needs at least one key pair');
    this.realm = options.realm ?? DIGEST_REALM;
    this.ttl = options.nonceTtlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** A fresh WWW-Authenticate value. */
  challenge(stale = false): string {
    this.prune();
    const nonce = randomBytes(24).toString('base64');
    this.nonces.set(nonce, { issuedAt: this.now(), lastNc: 0 });
    return `Digest realm="${this.realm}", domain="", nonce="${nonce}", algorithm=MD5, qop="auth", stale=${stale}`;
  }

  /** Checks an Authorization header for `method` on `uri` (the request-target as sent). */
  verify(method: string, uri: string, authorization: string | undefined): DigestResult {
    if (!authorization) return { ok: false, stale: false, reason: 'missing' };
    const p = parseDigestHeader(authorization);
    if (!p?.username || !p.nonce || !p.response || !p.uri || !p.nc || !p.cnonce) {
      return { ok: false, stale: false, reason: 'malformed' };
    }
    if (p.qop !== 'auth' || (p.algorithm && p.algorithm.toUpperCase() !== 'MD5')) {
      return { ok: false, stale: false, reason: 'malformed' };
    }
    if (p.realm !== this.realm || p.uri !== uri || !/^[0-9a-f]{8}$/i.test(p.nc)) {
      return { ok: false, stale: false, reason: 'malformed' };
    }
    const password = this.users.get(p.username);
    // An unknown user is checked against a throwaway password: same work, same answer.
    const ha1 = md5(`${p.username}:${this.realm}:${password ?? randomBytes(16).toString('hex')}`);
    const ha2 = md5(`${method}:${p.uri}`);
    const expected = md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`);
    const given = Buffer.from(p.response.toLowerCase());
    const right =
      password !== undefined &&
      given.length === expected.length &&
      timingSafeEqual(given, Buffer.from(expected));
    if (!right) return { ok: false, stale: false, reason: 'wrong-credentials' };
    const entry = this.nonces.get(p.nonce);
    // Unknown (e.g. issued before a restart) or expired nonce with right credentials: stale.
    if (!entry || this.now() - entry.issuedAt > this.ttl) {
      this.nonces.delete(p.nonce);
      return { ok: false, stale: true, reason: 'nonce-expired' };
    }
    const nc = parseInt(p.nc, 16);
    if (nc <= entry.lastNc) return { ok: false, stale: false, reason: 'nc-reused' };
    entry.lastNc = nc;
    return { ok: true, username: p.username };
  }

  /** Drops expired nonces so a long-running server does not grow without bound. */
  private prune(): void {
    const now = this.now();
    for (const [nonce, entry] of this.nonces) {
      if (now - entry.issuedAt > this.ttl) this.nonces.delete(nonce);
    }
  }
}
