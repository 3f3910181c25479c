// The proxy's settings, from environment variables (index.ts loads `.env` first). Parsed once with
// zod; wrong or partial settings stop start-up with one line per problem, naming the setting and
// never echoing a key or secret.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Upstream } from '#contract/route-table';
import { parseAuthEnv, type AuthEnv } from './auth/auth-env';
import { parseDuration } from './auth/sessions';

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
  sim: { linkSyncDelayMs: number | undefined; latencyMs: number | undefined };
  /** Sign-in, roles and audit settings (server/auth/auth-env.ts). */
  auth: AuthEnv;
  /** The database (server/store): a Postgres server, or embedded PGlite in `dataDir`. */
  store: { databaseUrl: string | null; dataDir: string };
  /** The fleet sweeper (server/fleet). */
  fleet: { sweepIntervalMs: number; sweepConcurrency: number; historyRetentionDays: number };
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_CLOUD_URL = 'https://cloud.mongodb.com';
const DEFAULT_SWEEP_MS = 5 * 60_000;
const MIN_SWEEP_MS = 30_000;
const MAX_SWEEP_MS = 24 * 3_600_000;

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
  UPSTREAM_TIMEOUT_MS: int(100, 600_000).default(15_000),
  UPSTREAM_CA_FILE: z.string().trim().optional(),
  POLL_FAST_MS: int(500, 600_000).default(3000),
  POLL_SLOW_MS: int(1000, 3_600_000).default(30_000),
  STATUS_CACHE_MS: int(0, 60_000).default(2500),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  STATIC_DIR: z.string().trim().optional(),
  SIM_LINK_SYNC_MS: int(0, 600_000).optional(),
  SIM_LATENCY_MS: int(0, 60_000).optional(),
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
});

const SECRET_SETTINGS = new Set([
  'DATABASE_URL',
  'OPSMANAGER_PUBLIC_KEY',
  'OPSMANAGER_PRIVATE_KEY',
  'CLOUD_PUBLIC_KEY',
  'CLOUD_PRIVATE_KEY',
  'CLOUD_CLIENT_ID',
  'CLOUD_CLIENT_SECRET',
]);

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

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
  const anyCloud = [
    'CLOUD_URL',
    'CLOUD_PUBLIC_KEY',
    'CLOUD_PRIVATE_KEY',
    'CLOUD_CLIENT_ID',
    'CLOUD_CLIENT_SECRET',
  ].some((k) => env[k] !== undefined);
  const simulated = !anyOps && !anyCloud;

  const upstreams: Config['upstreams'] = { opsmanager: null, cloud: null };

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

  if (anyCloud) {
    const hasKeys = e.CLOUD_PUBLIC_KEY !== undefined || e.CLOUD_PRIVATE_KEY !== undefined;
    const hasClient = e.CLOUD_CLIENT_ID !== undefined || e.CLOUD_CLIENT_SECRET !== undefined;
    const baseUrl = checkUrl('CLOUD_URL', e.CLOUD_URL ?? DEFAULT_CLOUD_URL, problems);
    if (hasKeys && hasClient) {
      problems.push(
        'set either CLOUD_PUBLIC_KEY + CLOUD_PRIVATE_KEY or CLOUD_CLIENT_ID + CLOUD_CLIENT_SECRET, not both',
      );
    } else if (hasKeys) {
      if (e.CLOUD_PUBLIC_KEY === undefined) problems.push('CLOUD_PUBLIC_KEY is missing');
      if (e.CLOUD_PRIVATE_KEY === undefined) problems.push('CLOUD_PRIVATE_KEY is missing');
      const pub = checkKey('CLOUD_PUBLIC_KEY', e.CLOUD_PUBLIC_KEY, problems);
      const priv = checkKey('CLOUD_PRIVATE_KEY', e.CLOUD_PRIVATE_KEY, problems);
      if (baseUrl && pub && priv) {
        upstreams.cloud = {
          name: 'cloud',
          baseUrl,
          auth: { kind: 'digest', publicKey: pub, privateKey: priv },
          simulated: false,
        };
      }
    } else if (hasClient) {
      if (e.CLOUD_CLIENT_ID === undefined) problems.push('CLOUD_CLIENT_ID is missing');
      if (e.CLOUD_CLIENT_SECRET === undefined) problems.push('CLOUD_CLIENT_SECRET is missing');
      const id = checkKey('CLOUD_CLIENT_ID', e.CLOUD_CLIENT_ID, problems);
      const secret = checkKey('CLOUD_CLIENT_SECRET', e.CLOUD_CLIENT_SECRET, problems);
      if (baseUrl && id && secret) {
        upstreams.cloud = {
          name: 'cloud',
          baseUrl,
          auth: { kind: 'oauth', clientId: id, clientSecret: secret },
          simulated: false,
        };
      }
    } else {
      problems.push(
        'CLOUD_URL is set without credentials: add CLOUD_PUBLIC_KEY + CLOUD_PRIVATE_KEY or CLOUD_CLIENT_ID + CLOUD_CLIENT_SECRET',
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
    sim: { linkSyncDelayMs: e.SIM_LINK_SYNC_MS, latencyMs: e.SIM_LATENCY_MS },
    auth,
    store: { databaseUrl: e.DATABASE_URL ?? null, dataDir: resolve(e.DATA_DIR) },
    fleet: {
      sweepIntervalMs: e.SWEEP_INTERVAL,
      sweepConcurrency: e.SWEEP_CONCURRENCY,
      historyRetentionDays: e.HISTORY_RETENTION_DAYS,
    },
  };
}
