// HTTP Digest client (RFC 7616, and RFC 2617 servers without qop) that keeps the server's nonce and
// counts `nc`, so a call costs one round trip in steady state. The official MongoDB clients pay two
// (challenge, then answer) and send the body twice; the libraries tried here either do the same
// (urllib) or reuse an `nc` under concurrent requests (digest-fetch). JavaScript runs `authorize`
// synchronously, so concurrent calls each take their own `nc`: no nonce+nc pair is ever sent twice.
import { createHash, randomBytes } from 'node:crypto';

export type DigestAlgorithm =
  'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess' | 'SHA-512-256' | 'SHA-512-256-sess';

const HASHES: Record<string, string> = {
  MD5: 'md5',
  'SHA-256': 'sha256',
  'SHA-512-256': 'sha512-256',
};

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string | undefined;
  algorithm: DigestAlgorithm;
  /** `auth` when the server offers it; null for RFC 2069-style servers that send no qop. */
  qop: 'auth' | null;
  stale: boolean;
  userhash: boolean;
}

export interface DigestCredentials {
  username: string;
  password: string;
}

/** Splits `a=b, c="d, e"` into a map; keys lowercased; quoted-string escapes undone. */
export function parseAuthParams(input: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < input.length && (m = re.exec(input)) !== null) {
    const key = (m[1] ?? '').toLowerCase();
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    if (!out.has(key)) out.set(key, value);
  }
  return out;
}

/**
 * Finds the Digest challenge among one or more `WWW-Authenticate` values. Returns null when there
 * is none, or when it asks for something this client does not do (unknown algorithm, qop without
 * `auth`), so the caller passes the 401 on instead of retrying blindly.
 */
export function parseDigestChallenge(
  header: string | readonly string[] | undefined,
): DigestChallenge | null {
  if (header === undefined) return null;
  const values = typeof header === 'string' ? [header] : header;
  for (const value of values) {
    // A value may hold several challenges ("Basic realm=..., Digest realm=..."): start at Digest and
    // stop at the next scheme token (a bare word followed by a space and a param).
    const start = value.search(/(^|[\s,])Digest\s/i);
    if (start < 0) continue;
    let rest = value.slice(start).replace(/^[\s,]*Digest\s+/i, '');
    const next = rest.search(/,\s*[A-Za-z][\w-]*\s+[\w-]+=/);
    if (next >= 0) rest = rest.slice(0, next);
    const p = parseAuthParams(rest);
    const realm = p.get('realm');
    const nonce = p.get('nonce');
    if (realm === undefined || !nonce) continue;
    const algorithm = normaliseAlgorithm(p.get('algorithm') ?? 'MD5');
    if (!algorithm) return null;
    const qopList = p.get('qop');
    let qop: 'auth' | null = null;
    if (qopList !== undefined) {
      const offered = qopList.split(',').map((q) => q.trim().toLowerCase());
      if (!offered.includes('auth')) return null; // auth-int only: not supported
      qop = 'auth';
    }
    return {
      realm,
      nonce,
      opaque: p.get('opaque'),
      algorithm,
      qop,
      stale: (p.get('stale') ?? '').toLowerCase() === 'true',
      userhash: (p.get('userhash') ?? '').toLowerCase() === 'true',
    };
  }
  return null;
}

function normaliseAlgorithm(a: string): DigestAlgorithm | null {
  const known: DigestAlgorithm[] = [
    'MD5',
    'MD5-sess',
    'SHA-256',
    'SHA-256-sess',
    'SHA-512-256',
    'SHA-512-256-sess',
  ];
  return known.find((k) => k.toLowerCase() === a.toLowerCase()) ?? null;
}

function hashFn(algorithm: DigestAlgorithm): (s: string) => string {
  const name = HASHES[algorithm.replace(/-sess$/, '')] ?? 'md5';
  return (s) => createHash(name).update(s, 'utf8').digest('hex');
}

export interface ResponseInput {
  algorithm: DigestAlgorithm;
  username: string;
  password: string;
  realm: string;
  method: string;
  uri: string;
  nonce: string;
  /** 8 hex digits, e.g. `00000001`. */
  nc: string;
  cnonce: string;
  qop: 'auth' | null;
}

/** The `response` value (RFC 7616 §3.4.1; RFC 2069 form when the server sent no qop). */
export function computeDigestResponse(i: ResponseInput): string {
  const H = hashFn(i.algorithm);
  let ha1 = H(`${i.username}:${i.realm}:${i.password}`);
  if (i.algorithm.endsWith('-sess')) ha1 = H(`${ha1}:${i.nonce}:${i.cnonce}`);
  const ha2 = H(`${i.method}:${i.uri}`);
  return i.qop
    ? H(`${ha1}:${i.nonce}:${i.nc}:${i.cnonce}:${i.qop}:${ha2}`)
    : H(`${ha1}:${i.nonce}:${ha2}`);
}

function quote(s: string): string {
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}

/** The response headers a Digest session looks at. */
export interface DigestAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

export interface DigestStats {
  /** Round trips sent (every attempt, including the ones answered by a challenge). */
  roundTrips: number;
  /** 401 answers that carried a challenge. */
  challenges: number;
  /** Retries after a challenge (first contact, stale nonce, or a nonce the server forgot). */
  retries: number;
  /** Challenges that said stale=true (an expired nonce). */
  stale: number;
}

/**
 * One Digest session: the current challenge and its `nc` counter. Use `send` to run a request: it
 * adds `Authorization`, and on a 401 challenge takes the new nonce and tries once more. The proxy
 * uses sessions through DigestLanes, one call per session at a time.
 */
export class DigestSession {
  private challenge: DigestChallenge | null = null;
  /** nc per nonce; a few recent nonces are kept so a nonce the server brings back is never re-counted from 1. */
  private readonly counters = new Map<string, number>();
  readonly stats: DigestStats = { roundTrips: 0, challenges: 0, retries: 0, stale: 0 };

  constructor(
    private readonly creds: DigestCredentials,
    private readonly makeCnonce: () => string = () => randomBytes(16).toString('hex'),
  ) {}

  get current(): Readonly<DigestChallenge> | null {
    return this.challenge;
  }

  /** Takes a new challenge; the `nc` count starts at 1 for a nonce not seen before. */
  accept(challenge: DigestChallenge): void {
    this.challenge = challenge;
    if (!this.counters.has(challenge.nonce)) {
      this.counters.set(challenge.nonce, 0);
      while (this.counters.size > 16) {
        const oldest = this.counters.keys().next().value as string;
        this.counters.delete(oldest);
      }
    }
  }

  /** `Authorization` value for the next request, or null before the first challenge. */
  authorize(method: string, uri: string): string | null {
    const c = this.challenge;
    if (!c) return null;
    const count = (this.counters.get(c.nonce) ?? 0) + 1;
    this.counters.set(c.nonce, count);
    const nc = count.toString(16).padStart(8, '0');
    const cnonce = this.makeCnonce();
    const H = hashFn(c.algorithm);
    const username = c.userhash ? H(`${this.creds.username}:${c.realm}`) : this.creds.username;
    const response = computeDigestResponse({
      algorithm: c.algorithm,
      username: this.creds.username,
      password: this.creds.password,
      realm: c.realm,
      method,
      uri,
      nonce: c.nonce,
      nc,
      cnonce,
      qop: c.qop,
    });
    const parts = [
      `username=${quote(username)}`,
      `realm=${quote(c.realm)}`,
      `nonce=${quote(c.nonce)}`,
      `uri=${quote(uri)}`,
      `algorithm=${c.algorithm}`,
      `response=${quote(response)}`,
    ];
    if (c.qop) parts.push(`qop=${c.qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
    if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
    if (c.userhash) parts.push('userhash=true');
    return `Digest ${parts.join(', ')}`;
  }

  /** Honours `Authentication-Info: nextnonce=...` (RFC 7616 §3.5). */
  private takeNextNonce(info: string | string[] | undefined): void {
    const value = Array.isArray(info) ? info[0] : info;
    if (!value || !this.challenge) return;
    const next = parseAuthParams(value).get('nextnonce');
    if (next && next !== this.challenge.nonce) {
      this.accept({ ...this.challenge, nonce: next, stale: false });
    }
  }

  /**
   * Runs one logical call. `attempt` sends the request with the given Authorization (or none) and
   * resolves once the answer's status and headers are known (read or discard the body of a 401
   * before returning it). At most two attempts: the second only after a 401 challenge.
   */
  async send<A extends DigestAnswer>(
    method: string,
    uri: string,
    attempt: (authorization: string | null) => Promise<A>,
  ): Promise<A> {
    this.stats.roundTrips++;
    let answer = await attempt(this.authorize(method, uri));
    if (answer.status === 401) {
      const challenge = parseDigestChallenge(answer.headers['www-authenticate']);
      if (challenge) {
        this.stats.challenges++;
        if (challenge.stale) this.stats.stale++;
        this.accept(challenge);
        // The first 401 answers either no credentials, a stale nonce or one the server no longer
        // knows; all mean "not processed", so one retry is safe even for POST and DELETE.
        this.stats.retries++;
        this.stats.roundTrips++;
        answer = await attempt(this.authorize(method, uri));
        if (answer.status === 401) {
          const again = parseDigestChallenge(answer.headers['www-authenticate']);
          if (again) {
            this.stats.challenges++;
            this.accept(again);
          }
        }
      }
    }
    if (answer.status !== 401) this.takeNextNonce(answer.headers['authentication-info']);
    return answer;
  }
}

/**
 * Several Digest sessions, each used by one call at a time. Servers that refuse an `nc` not higher
 * than the last one seen for a nonce (the simulated upstream; Apache with AuthDigestNcCheck) would
 * refuse concurrent calls on one nonce whenever they arrive out of order over different
 * connections. A lane's calls are sequential, so its `nc` always arrives in order; each lane pays
 * one challenge when it is first used, then one round trip per call.
 */
export class DigestLanes {
  private readonly idle: DigestSession[] = [];
  private readonly all: DigestSession[] = [];
  private readonly waiters: ((s: DigestSession) => void)[] = [];

  constructor(
    private readonly creds: DigestCredentials,
    readonly maxLanes = 32,
    private readonly makeCnonce?: () => string,
  ) {}

  get lanes(): number {
    return this.all.length;
  }

  /** Summed over all lanes. */
  get stats(): DigestStats {
    const total: DigestStats = { roundTrips: 0, challenges: 0, retries: 0, stale: 0 };
    for (const s of this.all) {
      total.roundTrips += s.stats.roundTrips;
      total.challenges += s.stats.challenges;
      total.retries += s.stats.retries;
      total.stale += s.stats.stale;
    }
    return total;
  }

  async send<A extends DigestAnswer>(
    method: string,
    uri: string,
    attempt: (authorization: string | null) => Promise<A>,
  ): Promise<A> {
    const lane = await this.acquire();
    try {
      return await lane.send(method, uri, attempt);
    } finally {
      this.release(lane);
    }
  }

  private acquire(): Promise<DigestSession> | DigestSession {
    // Most recently used first: keeps few lanes busy and their nonces fresh.
    const lane = this.idle.pop();
    if (lane) return lane;
    if (this.all.length < this.maxLanes) {
      const s = new DigestSession(this.creds, this.makeCnonce);
      this.all.push(s);
      return s;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(lane: DigestSession): void {
    const next = this.waiters.shift();
    if (next) next(lane);
    else this.idle.push(lane);
  }
}
