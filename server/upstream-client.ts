// Calls to one upstream (Ops Manager, Cloud Manager or MongoDB Cloud): an undici keep-alive pool, one
// deadline per call, Digest or OAuth, one retry of a GET on a connection failure (never of a
// mutation), coalescing of identical concurrent GETs, and a short cache for link status answers so
// many viewers of one org cost the upstream about one call per interval. For Atlas v2 routes it picks
// the path for the configured API generation and sends the route's versioned media type. A change
// that was sent and got no answer (a timeout or a reset after connecting) is OUTCOME_UNKNOWN, never
// "failed": the upstream may have made it.
import { rootCertificates } from 'node:tls';
import { Pool, errors as undiciErrors } from 'undici';
import { SCENARIO_HEADER } from '#contract/proxy-contract';
import { PROXY_MESSAGES } from '#contract/proxy-messages';
import {
  UPSTREAM_LABELS,
  atlasApiTarget,
  atlasMediaType,
  routes,
  type HttpMethod,
  type OperationId,
  type Upstream,
} from '#contract/route-table';
import { upstreamAnswerMeansNone } from '#contract/upstream-answers';
import { DigestLanes } from './digest';
import type { UpstreamSettings } from './env';
import { ProxyError } from './errors';
import { OAUTH_TOKEN_PATH, OAuthError, OAuthTokenSource } from './oauth';

/**
 * Headers of the upstream's answer that reach the browser; everything else stays here. The rate-limit
 * ones matter: the SPA counts down Retry-After, the sweeper paces itself by RateLimit-Remaining.
 */
export const PASSED_RESPONSE_HEADERS = [
  'content-type',
  'retry-after',
  'x-error-code',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'ratelimit-policy',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
] as const;

const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
const USER_AGENT = 'orglink-console-proxy';

export interface UpstreamRequest {
  op: OperationId;
  method: HttpMethod;
  /**
   * Upstream path and query (`/api/public/v1.0/orgs?itemsPerPage=1`), as the route's `path` fills
   * it; the base path is prepended, and a versioned route may go to its v1.0 path instead.
   */
  path: string;
  /** Validated JSON text for POST. */
  body?: string | undefined;
  /** Scenario name for the simulated upstream; ignored for a real one. */
  scenario?: string | undefined;
}

export interface UpstreamAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Time this call waited for the upstream (0 for a cache hit). */
  durationMs: number;
  /** HTTP round trips this call cost the upstream (0 when served from cache or another call). */
  roundTrips: number;
  served: 'upstream' | 'coalesced' | 'cache';
  /** For cache hits: how old the answer is. */
  ageMs?: number;
  /** For a 3xx: where it pointed (origin and path only; the query may hold anything). Never passed on. */
  redirectTo?: string;
}

export interface UpstreamClientOptions {
  timeoutMs: number;
  /** Extra CA (PEM) trusted besides the system roots. */
  ca?: string | null;
  /** Cache lifetime for `cacheableOps` answers; 0 = off. */
  cacheMs?: number;
  cacheableOps?: ReadonlySet<OperationId>;
  connections?: number;
  /** Most Digest calls in flight at once (each lane holds its own nonce; default 32). */
  digestLanes?: number;
}

export interface UpstreamStats {
  calls: number;
  roundTrips: number;
  coalesced: number;
  cacheHits: number;
  connectionRetries: number;
}

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A link status answer may be shared for a moment when it is a status, or "no link". */
const isCacheable = (status: number) => status === 200 || upstreamAnswerMeansNone(status);

const CONNECTION_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Errors that mean the request never left: no connection, so nothing can have been changed. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

class DeadlineExceeded extends Error {}

export class UpstreamClient {
  readonly name: Upstream;
  readonly label: string;
  readonly stats: UpstreamStats = {
    calls: 0,
    roundTrips: 0,
    coalesced: 0,
    cacheHits: 0,
    connectionRetries: 0,
  };
  /** Outcome of the last call or probe: answered at all (any status) or not; null = not tried. */
  reachable: boolean | null = null;
  reachableCheckedAt = 0;
  /**
   * When the upstream last accepted (2xx) and last refused (401) the proxy's key, ms since the
   * epoch; 0 = not since start. Settings shows them, so a refused key can be told from a bad ID.
   */
  readonly keyAnswers = { acceptedAt: 0, refusedAt: 0 };

  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly digest: DigestLanes | null;
  private readonly oauth: OAuthTokenSource | null;
  private readonly inflight = new Map<string, Promise<UpstreamAnswer>>();
  private readonly cache = new Map<string, { answer: UpstreamAnswer; at: number }>();
  /** Bumped by every mutation: answers fetched before it are neither cached nor shared after it. */
  private generation = 0;

  constructor(
    readonly settings: UpstreamSettings,
    private readonly o: UpstreamClientOptions,
  ) {
    this.name = settings.name;
    this.label = UPSTREAM_LABELS[settings.name];
    const url = new URL(settings.baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: o.connections ?? 64,
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
      headersTimeout: o.timeoutMs,
      bodyTimeout: o.timeoutMs,
      maxResponseSize: MAX_RESPONSE_BYTES,
      connect: {
        timeout: Math.min(o.timeoutMs, 10_000),
        ...(o.ca ? { ca: [...rootCertificates, o.ca] } : {}),
      },
    });
    const auth = settings.auth;
    this.digest =
      auth.kind === 'digest'
        ? new DigestLanes({ username: auth.publicKey, password: auth.privateKey }, o.digestLanes)
        : null;
    this.oauth =
      auth.kind === 'oauth'
        ? new OAuthTokenSource({
            clientId: auth.clientId,
            clientSecret: auth.clientSecret,
            fetchToken: (form, headers) => this.fetchToken(form, headers),
          })
        : null;
  }

  get digestStats() {
    return this.digest ? { ...this.digest.stats, lanes: this.digest.lanes } : null;
  }

  get oauthStats() {
    return this.oauth?.stats ?? null;
  }

  /** One proxied call. Throws ProxyError for 502/504; every upstream answer is returned as is. */
  async call(req: UpstreamRequest): Promise<UpstreamAnswer> {
    if (req.method !== 'GET') {
      this.generation++;
      this.cache.clear();
      try {
        return await this.execute(req);
      } finally {
        // Answers to GETs that started during the mutation must not be kept either.
        this.generation++;
      }
    }
    const scenario = this.settings.simulated ? (req.scenario ?? '') : '';
    const key = `${req.path}\n${scenario}`;
    const cacheable = (this.o.cacheMs ?? 0) > 0 && (this.o.cacheableOps?.has(req.op) ?? false);
    if (cacheable) {
      const hit = this.cache.get(key);
      const age = hit ? Date.now() - hit.at : Infinity;
      if (hit && age < (this.o.cacheMs ?? 0)) {
        this.stats.cacheHits++;
        return { ...hit.answer, served: 'cache', durationMs: 0, roundTrips: 0, ageMs: age };
      }
    }
    const flightKey = `${this.generation}\n${key}`;
    const shared = this.inflight.get(flightKey);
    if (shared) {
      this.stats.coalesced++;
      const a = await shared;
      return { ...a, served: 'coalesced', roundTrips: 0 };
    }
    const generation = this.generation;
    const started = Date.now();
    const p = this.execute(req).finally(() => this.inflight.delete(flightKey));
    this.inflight.set(flightKey, p);
    const answer = await p;
    if (cacheable && generation === this.generation && isCacheable(answer.status)) {
      this.cache.set(key, { answer, at: started });
      if (this.cache.size > 5000) this.pruneCache();
    }
    return answer;
  }

  private pruneCache(): void {
    const now = Date.now();
    for (const [k, v] of this.cache) {
      if (now - v.at >= (this.o.cacheMs ?? 0)) this.cache.delete(k);
    }
  }

  /** Cheap reachability check: one small GET; any HTTP answer counts as reachable. */
  async probe(path: string, timeoutMs = Math.min(this.o.timeoutMs, 5000)): Promise<boolean> {
    try {
      await this.execute({ op: 'listOrgs', method: 'GET', path }, timeoutMs);
    } catch {
      // reachable already updated
    }
    return this.reachable === true;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async execute(
    req: UpstreamRequest,
    timeoutMs = this.o.timeoutMs,
  ): Promise<UpstreamAnswer> {
    this.stats.calls++;
    const started = performance.now();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DeadlineExceeded()), timeoutMs);
    let roundTrips = 0;
    // Atlas v2: the route's version as media type; ATLAS_API_VERSION=v1.0 takes its v1.0 path.
    const target = atlasApiTarget(routes[req.op], req.path, this.settings.atlasApiVersion ?? 'v2');
    const mediaType = target.version ? atlasMediaType(target.version) : 'application/json';
    const headers: Record<string, string> = {
      accept: mediaType,
      'user-agent': USER_AGENT,
    };
    if (req.body !== undefined) headers['content-type'] = mediaType;
    if (this.settings.simulated && req.scenario) headers[SCENARIO_HEADER] = req.scenario;
    const uri = this.basePath + target.path;

    const attempt = async (authorization: string | null): Promise<RawAnswer> => {
      roundTrips++;
      this.stats.roundTrips++;
      const h = authorization ? { ...headers, authorization } : headers;
      const res = await this.pool.request({
        method: req.method,
        path: uri,
        headers: h,
        body: req.body,
        signal: deadline.signal,
      });
      const body = Buffer.from(await res.body.arrayBuffer());
      return { status: res.statusCode, headers: res.headers, body };
    };

    const once = async (): Promise<RawAnswer> => {
      if (this.digest) return this.digest.send(req.method, uri, attempt);
      if (this.oauth) {
        let token = await this.oauth.token();
        let a = await attempt(`Bearer ${token}`);
        if (a.status === 401) {
          // A revoked or expired token: fetch a new one and try once more (not processed yet).
          this.oauth.invalidate(token);
          token = await this.oauth.token();
          a = await attempt(`Bearer ${token}`);
        }
        return a;
      }
      return attempt(null);
    };

    try {
      let raw: RawAnswer;
      try {
        raw = await once();
      } catch (e) {
        if (req.method !== 'GET' || !isConnectionError(e) || deadline.signal.aborted) throw e;
        // A kept-alive connection the upstream closed, or a reset: safe to repeat a GET once.
        this.stats.connectionRetries++;
        raw = await once();
      }
      this.markReachable(true);
      this.noteKeyAnswer(raw.status);
      const location = raw.status >= 300 && raw.status < 400 ? raw.headers.location : undefined;
      return {
        status: raw.status,
        headers: pickHeaders(raw.headers),
        body: raw.body,
        durationMs: performance.now() - started,
        roundTrips,
        served: 'upstream',
        ...(location ? { redirectTo: describeLocation(location, this.settings.baseUrl) } : {}),
      };
    } catch (e) {
      throw this.toProxyError(e, deadline.signal, timeoutMs, req.method !== 'GET');
    } finally {
      clearTimeout(timer);
    }
  }

  /** The final answer's status says whether the key was taken (Digest challenges are done by now). */
  private noteKeyAnswer(status: number): void {
    if (status >= 200 && status < 300) this.keyAnswers.acceptedAt = Date.now();
    else if (status === 401) this.keyAnswers.refusedAt = Date.now();
  }

  private markReachable(ok: boolean): void {
    this.reachable = ok;
    this.reachableCheckedAt = Date.now();
  }

  private toProxyError(
    e: unknown,
    signal: AbortSignal,
    timeoutMs: number,
    mutation: boolean,
  ): Error {
    if (e instanceof OAuthError) {
      this.markReachable(true);
      // The token endpoint refused the service account: its credentials are the key here.
      if (e.status === 400 || e.status === 401) this.noteKeyAnswer(401);
      // Bad service account credentials are a proxy setting to fix, not the user's request.
      return new ProxyError(502, 'UPSTREAM_UNREACHABLE', e.message, this.name);
    }
    const timedOut =
      (signal.aborted && signal.reason instanceof DeadlineExceeded) ||
      e instanceof undiciErrors.HeadersTimeoutError ||
      e instanceof undiciErrors.BodyTimeoutError;
    const code = errorCode(e);
    if (mutation && (timedOut || !code || !NOT_SENT_CODES.has(code))) {
      // Connected, and then no answer: the upstream may have done it. Saying "failed" would invite
      // a retry that does it twice (or fails confusingly because it was done).
      this.markReachable(false);
      const what = timedOut
        ? `did not answer within ${timeoutMs} ms`
        : `closed the connection (${describeNetworkError(e)})`;
      return new ProxyError(
        timedOut ? 504 : 502,
        'OUTCOME_UNKNOWN',
        PROXY_MESSAGES.outcomeUnknown(this.label, what),
        this.name,
      );
    }
    if (timedOut) {
      this.markReachable(false);
      return new ProxyError(
        504,
        'UPSTREAM_TIMEOUT',
        PROXY_MESSAGES.upstreamTimeout(this.label, timeoutMs),
        this.name,
      );
    }
    this.markReachable(false);
    return new ProxyError(
      502,
      'UPSTREAM_UNREACHABLE',
      PROXY_MESSAGES.upstreamUnreachable(
        this.label,
        describeNetworkError(e),
        this.settings.baseUrl,
      ),
      this.name,
    );
  }

  private async fetchToken(
    form: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; text: string }> {
    const res = await this.pool.request({
      method: 'POST',
      path: this.basePath + OAUTH_TOKEN_PATH,
      headers: { ...headers, 'user-agent': USER_AGENT },
      body: form,
      signal: AbortSignal.timeout(this.o.timeoutMs),
    });
    return { status: res.statusCode, text: await res.body.text() };
  }
}

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isConnectionError(e: unknown): boolean {
  const code = errorCode(e);
  return code !== undefined && CONNECTION_ERROR_CODES.has(code);
}

/** Plain words for a network failure, without anything secret (no headers, no keys). */
function describeNetworkError(e: unknown): string {
  const code = errorCode(e);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return 'connection closed before an answer';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connection attempt timed out';
    case 'UND_ERR_RES_EXCEEDED_MAX_SIZE':
      return 'answer too large';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `TLS certificate not accepted: ${code}; a private CA goes in UPSTREAM_CA_FILE`;
    default:
      return code ?? 'network error';
  }
}

/** `https://sso.example.com/login` for a Location header: no query, no fragment, no user info. */
function describeLocation(location: string | string[], base: string): string {
  try {
    const url = new URL(Array.isArray(location) ? (location[0] ?? '') : location, base);
    return `${url.origin}${url.pathname}`.slice(0, 200);
  } catch {
    return '';
  }
}

function pickHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PASSED_RESPONSE_HEADERS) {
    const v = h[name];
    if (v !== undefined) out[name] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
