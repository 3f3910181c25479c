// The proxy's settings, from environment variables (index.ts loads `.env` first). Parsed once with
// zod; wrong or partial settings stop start-up with one line per problem, naming the setting and
// never echoing a key or secret.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_POLL_INTERVALS_MS } from '#contract/proxy-contract';
import { ATLAS_API_VERSIONS, type AtlasApiVersion, type Upstream } from '#contract/route-table';
import { parseAuthEnv, type AuthEnv } from './access/auth-env';
import { parseDuration } from './access/sessions';

export type UpstreamAuth =
  | { kind: 'digest'; publicKey: string; privateKey: string }
  | { kind: 'oauth'; clientId: string; clientSecret: string };

export interface UpstreamSettings {
  name: Upstream;
  /** Origin plus an optional path prefix, without a trailing slash. */
  baseUrl: string;
  auth: UpstreamAuth;
  /** The in-process simulated upstream (then `x-mock-scenario` is forwarded). */
  simulated: boolean;
  /**
   * MongoDB Cloud (Atlas) only: which Atlas Admin API paths to call (ATLAS_API_VERSION); the
   * client defaults to v2.
   */
  atlasApiVersion?: AtlasApiVersion;
}

export interface Config {
  host: string;
  port: number;
  /** No upstream setting at all: start the simulated upstream in-process (`npm start` default). */
  simulated: boolean;
  /** null = not configured: its operations answer 503. Filled in for the simulated upstream. */
  upstreams: Record<Upstream, UpstreamSettings | null>;
  upstreamTimeoutMs: number;
  /** PEM text of UPSTREAM_CA_FILE, trusted in addition to the system CAs. */
  upstreamCa: string | null;
  pollIntervalsMs: { fast: number; slow: number };
  /** How long a link status answer may be served to other viewers; 0 turns the cache off. */
  statusCacheMs: number;
  logLevel: LogLevel;
  /** Built SPA to serve; null serves no static files (tests). */
  staticDir: string | null;
  /** Settings of the in-process simulated upstream (mocks/README.md); undefined = its default. */
  sim: {
    linkSyncDelayMs: number | undefined;
    latencyMs: number | undefined;
    validationMs: number | undefined;
    migrationNewMs: number | undefined;
    migrationCatchUpMs: number | undefined;
    migrationCutoverMs: number | undefined;
    /** The cutover window after readyForCutover (default 120 h): what the console should assume. */
    cutoverWindowMs: number | undefined;
    rateLimitPerMin: number | undefined;
    /** Test hook (SIM_LINK_TOKENS_FILE): every link-token it issues is appended to this file. */
    linkTokensFile: string | undefined;
  };
  /** ATLAS_API_VERSION: `v2` (default) or `v1.0` for older Cloud installations. */
  atlasApiVersion: AtlasApiVersion;
  /** Sign-in, roles and audit settings (server/access/auth-env.ts). */
  auth: AuthEnv;
  /** The database (server/store): a Postgres server, or embedded PGlite in `dataDir`. */
  store: { databaseUrl: string | null; dataDir: string };
  /** The fleet sweeper (server/fleet). */
  fleet: { sweepIntervalMs: number; sweepConcurrency: number; historyRetentionDays: number };
  /** The migration poller (server/live-migrations): how often each active migration is read. */
  liveMigrations: { pollIntervalMs: number };
  /** Deadlines and caps of the HTTP server itself (server/connections.ts; issue 14). */
  limits: ServerLimits;
}

/** What one client may hold of the server: slow or idle connections must not take it down. */
export interface ServerLimits {
  /** The whole request, headers and body, must arrive within this (else 408 and closed). */
  requestTimeoutMs: number;
  /** The request's headers must arrive within this. */
  headersTimeoutMs: number;
  /** Open connections in all; further ones get 503 and are closed at once. */
  maxConnections: number;
  /** Open connections from one address (IPv6: one /64); 0 = no cap. */
  maxConnectionsPerAddress: number;
  /** On SIGTERM, in-flight requests get this long to finish before connections are cut. */
  shutdownGraceMs: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_CLOUD_URL = 'https://cloud.mongodb.com';
const DEFAULT_SWEEP_MS = 5 * 60_000;
const MIN_SWEEP_MS = 30_000;
const MAX_SWEEP_MS = 24 * 3_600_000;
const DEFAULT_MIGRATION_POLL_MS = 30_000;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: 'must be a whole number' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );

/** Every setting the proxy reads, in one place (README-section.md documents the same list). */
const envSchema = z.object({
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(8080),
  OPSMANAGER_URL: z.string().trim().optional(),
  OPSMANAGER_PUBLIC_KEY: z.string().optional(),
  OPSMANAGER_PRIVATE_KEY: z.string().optional(),
  CLOUD_URL: z.string().trim().optional(),
  CLOUD_PUBLIC_KEY: z.string().optional(),
  CLOUD_PRIVATE_KEY: z.string().optional(),
  CLOUD_CLIENT_ID: z.string().optional(),
  CLOUD_CLIENT_SECRET: z.string().optional(),
  CLOUDMANAGER_URL: z.string().trim().optional(),
  CLOUDMANAGER_PUBLIC_KEY: z.string().optional(),
  CLOUDMANAGER_PRIVATE_KEY: z.string().optional(),
  CLOUDMANAGER_CLIENT_ID: z.string().optional(),
  CLOUDMANAGER_CLIENT_SECRET: z.string().optional(),
  ATLAS_API_VERSION: z
    .enum(ATLAS_API_VERSIONS, { error: `must be ${ATLAS_API_VERSIONS.join(' or ')}` })
    .default('v2'),
  UPSTREAM_TIMEOUT_MS: int(100, 600_000).default(15_000),
  UPSTREAM_CA_FILE: z.string().trim().optional(),
  POLL_FAST_MS: int(500, 600_000).default(DEFAULT_POLL_INTERVALS_MS.fast),
  POLL_SLOW_MS: int(1000, 3_600_000).default(DEFAULT_POLL_INTERVALS_MS.slow),
  STATUS_CACHE_MS: int(0, 60_000).default(2500),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  STATIC_DIR: z.string().trim().optional(),
  SIM_LINK_SYNC_MS: int(0, 600_000).optional(),
  SIM_LATENCY_MS: int(0, 60_000).optional(),
  SIM_MIGRATION_VALIDATION_MS: int(0, 3_600_000).optional(),
  SIM_MIGRATION_NEW_MS: int(0, 3_600_000).optional(),
  SIM_MIGRATION_CATCHUP_MS: int(1, 86_400_000).optional(),
  SIM_MIGRATION_CUTOVER_MS: int(0, 3_600_000).optional(),
  SIM_CUTOVER_WINDOW_S: int(1, 30 * 86_400).optional(),
  SIM_RATE_LIMIT_PER_MIN: int(1, 1_000_000).optional(),
  SIM_LINK_TOKENS_FILE: z.string().trim().min(1).optional(),
  // The HTTP server's own deadlines and caps (server/connections.ts).
  REQUEST_TIMEOUT_MS: int(200, 600_000).default(30_000),
  HEADERS_TIMEOUT_MS: int(200, 600_000).default(10_000),
  MAX_CONNECTIONS: int(1, 1_000_000).default(1000),
  MAX_CONNECTIONS_PER_ADDRESS: int(0, 1_000_000).default(100),
  SHUTDOWN_GRACE_MS: int(0, 3_600_000).optional(),
  // The database and the fleet sweeper (issue 10).
  DATABASE_URL: z.string().trim().optional(),
  DATA_DIR: z.string().trim().default('data'),
  SWEEP_INTERVAL: z
    .string()
    .transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === null || ms < MIN_SWEEP_MS || ms > MAX_SWEEP_MS) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a duration between 30s and 24h, e.g. 5m',
        });
        return z.NEVER;
      }
      return ms;
    })
    .default(DEFAULT_SWEEP_MS),
  SWEEP_CONCURRENCY: int(1, 32).default(4),
  HISTORY_RETENTION_DAYS: int(1, 3650).default(90),
  // The migration poller (issue 12): one upstream call per active migration per interval.
  MIGRATION_POLL_INTERVAL: z
    .string()
    .transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === null || ms < 1000 || ms > 3_600_000) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a duration between 1s and 1h, e.g. 30s',
        });
        return z.NEVER;
      }
      return ms;
    })
    .default(DEFAULT_MIGRATION_POLL_MS),
});

const SECRET_SETTINGS = new Set([
  'DATABASE_URL',
  'OPSMANAGER_PUBLIC_KEY',
  'OPSMANAGER_PRIVATE_KEY',
  'CLOUD_PUBLIC_KEY',
  'CLOUD_PRIVATE_KEY',
  'CLOUD_CLIENT_ID',
  'CLOUD_CLIENT_SECRET',
  'CLOUDMANAGER_PUBLIC_KEY',
  'CLOUDMANAGER_PRIVATE_KEY',
  'CLOUDMANAGER_CLIENT_ID',
  'CLOUDMANAGER_CLIENT_SECRET',
]);

/** MongoDB Cloud as Atlas and as Cloud Manager: same kind of settings, under two prefixes. */
const CLOUD_LIKE = {
  cloud: 'CLOUD',
  cloudmanager: 'CLOUDMANAGER',
} as const satisfies Partial<Record<Upstream, string>>;
type CloudLike = keyof typeof CLOUD_LIKE;

/** Empty strings count as unset, as in most `.env` tooling. */
function clean(env: Env): Env {
  const out: Env = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

function checkUrl(name: string, value: string, problems: string[]): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name} is not a URL (expected e.g. https://opsmanager.example.com:8443)`);
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${name} must start with http:// or https://`);
    return null;
  }
  if (url.username || url.password) {
    problems.push(`${name} must not contain a user name or password; use the key settings`);
    return null;
  }
  if (url.search || url.hash) {
    problems.push(`${name} must not contain a query or fragment`);
    return null;
  }
  // A path prefix is allowed (a reverse proxy in front of Ops Manager); the API path is appended.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/public\/v1\.0$/, '');
  return `${url.origin}${path}`;
}

function checkKey(name: string, value: string | undefined, problems: string[]): string | null {
  if (value === undefined) return null;
  if (/\s/.test(value)) {
    problems.push(`${name} contains whitespace (check quoting in .env)`);
    return null;
  }
  return value;
}

export function parseEnv(rawEnv: Env, opts: { defaultStaticDir?: string | null } = {}): Config {
  const env = clean(rawEnv);
  const problems: string[] = [];
  // Field by field, so one bad setting does not hide the others; a bad one falls back to its
  // default for the checks below (start-up stops anyway).
  const values: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(envSchema.shape)) {
    const r = (schema as z.ZodType).safeParse(env[name]);
    if (r.success) {
      values[name] = r.data;
      continue;
    }
    // zod's messages do not repeat the value; still, never risk echoing a secret.
    const msg = r.error.issues[0]?.message ?? 'is invalid';
    problems.push(SECRET_SETTINGS.has(name) ? `${name} is invalid` : `${name} ${msg}`);
    const fallback = (schema as z.ZodType).safeParse(undefined);
    values[name] = fallback.success ? fallback.data : undefined;
  }
  const e = values as z.infer<typeof envSchema>;

  // Dashboard access (sign-in, roles, audit): refuses a non-loopback HOST without sign-in.
  const { auth, problems: authProblems } = parseAuthEnv(env, e.HOST);
  problems.push(...authProblems);

  const anyOps = ['OPSMANAGER_URL', 'OPSMANAGER_PUBLIC_KEY', 'OPSMANAGER_PRIVATE_KEY'].some(
    (k) => env[k] !== undefined,
  );
  const anyOf = (u: CloudLike) =>
    ['URL', 'PUBLIC_KEY', 'PRIVATE_KEY', 'CLIENT_ID', 'CLIENT_SECRET'].some(
      (k) => env[`${CLOUD_LIKE[u]}_${k}`] !== undefined,
    );
  const anyCloud = anyOf('cloud');
  const anyCloudManager = anyOf('cloudmanager');
  const simulated = !anyOps && !anyCloud && !anyCloudManager;

  const upstreams: Config['upstreams'] = { opsmanager: null, cloudmanager: null, cloud: null };

  if (anyOps) {
    const pub = checkKey('OPSMANAGER_PUBLIC_KEY', e.OPSMANAGER_PUBLIC_KEY, problems);
    const priv = checkKey('OPSMANAGER_PRIVATE_KEY', e.OPSMANAGER_PRIVATE_KEY, problems);
    if (!e.OPSMANAGER_URL) {
      problems.push('OPSMANAGER_URL is missing (the Ops Manager keys are set)');
    }
    if (e.OPSMANAGER_PUBLIC_KEY === undefined) problems.push('OPSMANAGER_PUBLIC_KEY is missing');
    if (e.OPSMANAGER_PRIVATE_KEY === undefined) problems.push('OPSMANAGER_PRIVATE_KEY is missing');
    const baseUrl = e.OPSMANAGER_URL
      ? checkUrl('OPSMANAGER_URL', e.OPSMANAGER_URL, problems)
      : null;
    if (baseUrl && pub && priv) {
      upstreams.opsmanager = {
        name: 'opsmanager',
        baseUrl,
        auth: { kind: 'digest', publicKey: pub, privateKey: priv },
        simulated: false,
      };
    }
  }

  // Atlas (targets) and Cloud Manager (sources): usually one host, always two keys.
  for (const name of ['cloud', 'cloudmanager'] as const) {
    if (!(name === 'cloud' ? anyCloud : anyCloudManager)) continue;
    const prefix = CLOUD_LIKE[name];
    const v = (k: string) => (e as unknown as Record<string, string | undefined>)[`${prefix}_${k}`];
    const hasKeys = v('PUBLIC_KEY') !== undefined || v('PRIVATE_KEY') !== undefined;
    const hasClient = v('CLIENT_ID') !== undefined || v('CLIENT_SECRET') !== undefined;
    const baseUrl = checkUrl(`${prefix}_URL`, v('URL') ?? DEFAULT_CLOUD_URL, problems);
    const extra = name === 'cloud' ? { atlasApiVersion: e.ATLAS_API_VERSION } : {};
    if (hasKeys && hasClient) {
      problems.push(
        `set either ${prefix}_PUBLIC_KEY + ${prefix}_PRIVATE_KEY or ${prefix}_CLIENT_ID + ${prefix}_CLIENT_SECRET, not both`,
      );
    } else if (hasKeys) {
      if (v('PUBLIC_KEY') === undefined) problems.push(`${prefix}_PUBLIC_KEY is missing`);
      if (v('PRIVATE_KEY') === undefined) problems.push(`${prefix}_PRIVATE_KEY is missing`);
      const pub = checkKey(`${prefix}_PUBLIC_KEY`, v('PUBLIC_KEY'), problems);
      const priv = checkKey(`${prefix}_PRIVATE_KEY`, v('PRIVATE_KEY'), problems);
      if (baseUrl && pub && priv) {
        upstreams[name] = {
          name,
          baseUrl,
          auth: { kind: 'digest', publicKey: pub, privateKey: priv },
          simulated: false,
          ...extra,
        };
      }
    } else if (hasClient) {
      if (v('CLIENT_ID') === undefined) problems.push(`${prefix}_CLIENT_ID is missing`);
      if (v('CLIENT_SECRET') === undefined) problems.push(`${prefix}_CLIENT_SECRET is missing`);
      const id = checkKey(`${prefix}_CLIENT_ID`, v('CLIENT_ID'), problems);
      const secret = checkKey(`${prefix}_CLIENT_SECRET`, v('CLIENT_SECRET'), problems);
      if (baseUrl && id && secret) {
        upstreams[name] = {
          name,
          baseUrl,
          auth: { kind: 'oauth', clientId: id, clientSecret: secret },
          simulated: false,
          ...extra,
        };
      }
    } else {
      problems.push(
        `${prefix}_URL is set without credentials: add ${prefix}_PUBLIC_KEY + ${prefix}_PRIVATE_KEY or ${prefix}_CLIENT_ID + ${prefix}_CLIENT_SECRET`,
      );
    }
  }

  let upstreamCa: string | null = null;
  if (e.UPSTREAM_CA_FILE) {
    try {
      upstreamCa = readFileSync(e.UPSTREAM_CA_FILE, 'utf8');
      if (!upstreamCa.includes('-----BEGIN CERTIFICATE-----')) {
        problems.push(`UPSTREAM_CA_FILE (${e.UPSTREAM_CA_FILE}) holds no PEM certificate`);
      }
    } catch {
      problems.push(`UPSTREAM_CA_FILE (${e.UPSTREAM_CA_FILE}) cannot be read`);
    }
  }

  if (e.DATABASE_URL) {
    // Checked here so a mistake is reported with the other settings; never echoes the value.
    let url: URL | null = null;
    try {
      url = new URL(e.DATABASE_URL);
    } catch {
      problems.push(
        'DATABASE_URL is not a URL (expected postgres://USER:PASSWORD@HOST:5432/DATABASE)',
      );
    }
    if (url && url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      problems.push('DATABASE_URL must start with postgres:// or postgresql://');
    }
  }

  if (e.POLL_SLOW_MS < e.POLL_FAST_MS) {
    problems.push('POLL_SLOW_MS must not be shorter than POLL_FAST_MS');
  }

  if (e.HEADERS_TIMEOUT_MS > e.REQUEST_TIMEOUT_MS) {
    problems.push('HEADERS_TIMEOUT_MS must not be longer than REQUEST_TIMEOUT_MS');
  }
  // In-flight changes must be able to end (answer or timeout) before a stop cuts them off.
  const shutdownGraceMs = e.SHUTDOWN_GRACE_MS ?? e.UPSTREAM_TIMEOUT_MS + 5000;
  if (shutdownGraceMs < e.UPSTREAM_TIMEOUT_MS) {
    problems.push(
      'SHUTDOWN_GRACE_MS must be at least UPSTREAM_TIMEOUT_MS, so in-flight changes can finish when the proxy stops',
    );
  }

  if (problems.length) throw new ConfigError(problems);

  return {
    host: e.HOST,
    port: e.PORT,
    simulated,
    upstreams,
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
    upstreamCa,
    pollIntervalsMs: { fast: e.POLL_FAST_MS, slow: e.POLL_SLOW_MS },
    statusCacheMs: e.STATUS_CACHE_MS,
    logLevel: e.LOG_LEVEL,
    staticDir: e.STATIC_DIR ?? opts.defaultStaticDir ?? null,
    sim: {
      linkSyncDelayMs: e.SIM_LINK_SYNC_MS,
      latencyMs: e.SIM_LATENCY_MS,
      validationMs: e.SIM_MIGRATION_VALIDATION_MS,
      migrationNewMs: e.SIM_MIGRATION_NEW_MS,
      migrationCatchUpMs: e.SIM_MIGRATION_CATCHUP_MS,
      migrationCutoverMs: e.SIM_MIGRATION_CUTOVER_MS,
      cutoverWindowMs:
        e.SIM_CUTOVER_WINDOW_S === undefined ? undefined : e.SIM_CUTOVER_WINDOW_S * 1000,
      rateLimitPerMin: e.SIM_RATE_LIMIT_PER_MIN,
      linkTokensFile: e.SIM_LINK_TOKENS_FILE,
    },
    atlasApiVersion: e.ATLAS_API_VERSION,
    auth,
    store: { databaseUrl: e.DATABASE_URL ?? null, dataDir: resolve(e.DATA_DIR) },
    fleet: {
      sweepIntervalMs: e.SWEEP_INTERVAL,
      sweepConcurrency: e.SWEEP_CONCURRENCY,
      historyRetentionDays: e.HISTORY_RETENTION_DAYS,
    },
    liveMigrations: { pollIntervalMs: e.MIGRATION_POLL_INTERVAL },
    limits: {
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
      maxConnections: e.MAX_CONNECTIONS,
      maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
      shutdownGraceMs,
    },
  };
}
