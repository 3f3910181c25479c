// What the proxy says in its own voice: its error shape and its own endpoints (not upstream calls).
// Shared by the SPA, the proxy in server/ and the browser fakes in mocks/.
import { z } from 'zod/mini';
import { UPSTREAMS } from './route-table';

/** Every mutating request from the SPA carries this header; the proxy refuses those without it. */
export const CSRF_HEADER = 'x-orglink-csrf';
export const CSRF_VALUE = '1';

/**
 * The one browser header the proxy forwards, and only to its simulated upstream: it picks a scenario
 * of the fakes (mocks/scenarios.ts) in full-stack tests.
 */
export const SCENARIO_HEADER = 'x-mock-scenario';

/** Codes of the proxy's own errors, so the SPA can tell them from the upstream's. */
export const PROXY_ERROR_CODES = [
  'UPSTREAM_UNREACHABLE', // 502
  'UPSTREAM_TIMEOUT', // 504
  'UPSTREAM_NOT_CONFIGURED', // 503
  'REQUEST_REFUSED', // 400/404/405/413/415: not on the allowlist or failed validation
  'NOT_SIGNED_IN', // 401
  'ROLE_REQUIRED', // 403: the dashboard user's role does not allow this
  'CSRF_REJECTED', // 403
  'TOO_MANY_ATTEMPTS', // 429: sign-in throttled
  'INTERNAL', // 500
  // A change was sent but no answer came (timeout, reset): it may have been made (502/504).
  'OUTCOME_UNKNOWN',
  // The upstream answered with a redirect or a non-JSON page instead of the API's answer (502).
  'UPSTREAM_BAD_ANSWER',
  // The dashboard server is busy (sign-in checks queued, too many connections) (503).
  'SERVER_BUSY',
] as const;
export type ProxyErrorCode = (typeof PROXY_ERROR_CODES)[number];

export const proxyErrorSchema = z.object({
  source: z.literal('proxy'),
  error: z.int(),
  code: z.enum(PROXY_ERROR_CODES),
  detail: z.string(),
  upstream: z.optional(z.enum(UPSTREAMS)),
  requestId: z.optional(z.string()),
});
export type ProxyErrorBody = z.infer<typeof proxyErrorSchema>;

export const ROLES = ['viewer', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The proxy's own endpoints that change something (beside the route table's mutations): each needs
 * the operator role and the CSRF header, and is audited under this name like an operation. The
 * words say what it does, as a route's `summary` does.
 */
export const PROXY_ACTIONS = {
  sweepNow: 'check every organization now',
  startMigration: 'start a live migration (after a successful validation of the same request)',
  cutOver: 'cut over a live migration started through the console',
  linkOrg: 'generate a link-token and connect an organization with it',
} as const;
export type ProxyActionId = keyof typeof PROXY_ACTIONS;
export const PROXY_ACTION_IDS = Object.keys(PROXY_ACTIONS) as ProxyActionId[];

export const PROXY_ENDPOINTS = {
  config: '/api/config',
  session: '/api/session',
  audit: '/api/audit',
  healthz: '/healthz',
  readyz: '/readyz',
} as const;

export const upstreamConfigSchema = z.object({
  name: z.enum(UPSTREAMS),
  label: z.string(),
  baseUrl: z.nullable(z.string()),
  authKind: z.enum(['digest', 'oauth', 'none']),
  simulated: z.boolean(),
  reachable: z.nullable(z.boolean()),
  /**
   * The public part of the proxy's key for this upstream (the Digest public key or the OAuth client
   * ID), so an error can say which key was refused. Never the private part. Only for a signed-in
   * user; absent or null otherwise.
   */
  publicKey: z.optional(z.nullable(z.string())),
  /** When this upstream last accepted the proxy's key (a 2xx answer), ISO time; null = not yet. */
  keyAcceptedAt: z.optional(z.nullable(z.string())),
  /** When this upstream last refused the proxy's key (a 401 answer), ISO time; null = not yet. */
  keyRefusedAt: z.optional(z.nullable(z.string())),
});
export type UpstreamConfig = z.infer<typeof upstreamConfigSchema>;

export const sessionSchema = z.object({
  user: z.string(),
  role: z.enum(ROLES),
  /** How the user was signed in: a password, a trusted SSO header, or the loopback demo. */
  method: z.enum(['password', 'header', 'demo']),
});
export type Session = z.infer<typeof sessionSchema>;

/**
 * Who every visitor is on a loopback dashboard with no sign-in configured: the demo operator, called
 * `demo` beside the simulated upstream and `local` beside real ones. The browser fakes use it too.
 */
export function demoSession(simulated: boolean): Session {
  return { user: simulated ? 'demo' : 'local', role: 'operator', method: 'demo' };
}

/**
 * How often the SPA checks a link's status: `fast` while it is not synced or just changed, `slow`
 * otherwise. The proxy's settings POLL_FAST_MS / POLL_SLOW_MS, served by /api/config.
 */
export const pollIntervalsSchema = z.object({ fast: z.number(), slow: z.number() });
export type PollIntervals = z.infer<typeof pollIntervalsSchema>;

/**
 * The one home of the polling defaults: the proxy's when POLL_FAST_MS / POLL_SLOW_MS are unset, and
 * the SPA's until /api/config has answered.
 */
export const DEFAULT_POLL_INTERVALS_MS: Readonly<PollIntervals> = Object.freeze({
  fast: 3_000,
  slow: 30_000,
});

export const configSchema = z.object({
  upstreams: z.array(upstreamConfigSchema),
  session: z.nullable(sessionSchema),
  signInRequired: z.boolean(),
  pollIntervalsMs: pollIntervalsSchema,
  statusCacheMs: z.number(),
});
export type ProxyConfig = z.infer<typeof configSchema>;
