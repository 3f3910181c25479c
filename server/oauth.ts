// OAuth 2.0 client credentials for MongoDB Cloud service accounts (FACTS.md: bearer tokens of about
// an hour). One token is shared by all calls and refreshed shortly before it expires; concurrent
// callers share one token request.

/** Path of the token endpoint on the MongoDB Cloud host. */
export const OAUTH_TOKEN_PATH = '/api/oauth/token';

export interface TokenEndpointAnswer {
  status: number;
  text: string;
}

/** Sends the token request: POST form body with HTTP Basic client authentication. */
export type TokenFetcher = (
  form: string,
  headers: Record<string, string>,
) => Promise<TokenEndpointAnswer>;

/** The token endpoint refused or answered nonsense. Carries no secret. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
    this.name = 'OAuthError';
  }
}

interface CachedToken {
  value: string;
  /** When to stop using it (already minus the safety margin). */
  refreshAt: number;
}

export interface OAuthOptions {
  clientId: string;
  clientSecret: string;
  fetchToken: TokenFetcher;
  now?: () => number;
  /** Refresh this long before expiry at most (default 60 s; never more than 10% of the lifetime). */
  marginMs?: number;
}

export class OAuthTokenSource {
  private cached: CachedToken | null = null;
  private pending: Promise<string> | null = null;
  private readonly now: () => number;
  readonly stats = { fetched: 0 };

  constructor(private readonly o: OAuthOptions) {
    this.now = o.now ?? Date.now;
  }

  /** A valid access token, from cache when it is not about to expire. */
  async token(): Promise<string> {
    const c = this.cached;
    if (c && this.now() < c.refreshAt) return c.value;
    this.pending ??= this.fetch().finally(() => (this.pending = null));
    return this.pending;
  }

  /** Drops the cached token (after the upstream answered 401 to it). */
  invalidate(token?: string): void {
    if (!token || this.cached?.value === token) this.cached = null;
  }

  private async fetch(): Promise<string> {
    const basic = Buffer.from(`${this.o.clientId}:${this.o.clientSecret}`).toString('base64');
    const started = this.now();
    this.stats.fetched++;
    const answer = await this.o.fetchToken('grant_type=client_credentials', {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    });
    if (answer.status !== 200) {
      throw new OAuthError(
        answer.status,
        `MongoDB Cloud refused the service account credentials (token endpoint answered HTTP ${answer.status}).`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      throw new OAuthError(502, 'The MongoDB Cloud token endpoint did not answer JSON.');
    }
    const b = body as { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
    if (typeof b.access_token !== 'string' || !b.access_token) {
      throw new OAuthError(
        502,
        'The MongoDB Cloud token endpoint answered without an access token.',
      );
    }
    if (typeof b.token_type === 'string' && b.token_type.toLowerCase() !== 'bearer') {
      throw new OAuthError(502, `Unexpected token type from MongoDB Cloud: ${b.token_type}.`);
    }
    const lifetimeMs = (typeof b.expires_in === 'number' ? b.expires_in : 3600) * 1000;
    const margin = Math.min(this.o.marginMs ?? 60_000, lifetimeMs * 0.1);
    this.cached = { value: b.access_token, refreshAt: started + lifetimeMs - margin };
    return b.access_token;
  }
}
