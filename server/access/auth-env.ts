// Dashboard access settings from the environment. Problems are collected and reported together, in
// words that say how to fix them, and never echo a secret.
import { resolve } from 'node:path';
import { CSRF_HEADER, SCENARIO_HEADER } from '#contract/proxy-contract';
import { isLoopbackHost } from './loopback';
import { parseDuration } from './sessions';
import type { TrustedHeaderConfig } from './trusted-header';
import { buildTrustList } from './trusted-header';

export type CookieSecure = 'auto' | 'always' | 'never';

export interface AuthEnv {
  /** Absolute path of USERS_FILE, or null when password sign-in is off. */
  usersFile: string | null;
  sessionSecret: string | null;
  sessionTtlMs: number;
  cookieSecure: CookieSecure;
  trusted: TrustedHeaderConfig | null;
  /** No sign-in configured and listening on loopback only: every visitor is the demo operator. */
  demo: boolean;
  /** The JSON-lines copy of the audit trail (beside the database); null: AUDIT_LOG=off. */
  auditFile: string | null;
  auditStdout: boolean;
}

export const DEFAULT_AUDIT_LOG = 'data/audit.log';
const DEFAULT_TTL_MS = 8 * 3_600_000;
const MIN_TTL_MS = 5 * 60_000;
const MAX_TTL_MS = 30 * 86_400_000;
const MIN_SECRET_LENGTH = 32;

/** Headers a user header must never be: they are set by browsers or by this dashboard itself. */
const RESERVED_HEADERS = new Set([
  'host',
  'cookie',
  'authorization',
  'origin',
  'referer',
  'user-agent',
  'content-type',
  'content-length',
  'x-forwarded-for',
  CSRF_HEADER,
  SCENARIO_HEADER,
]);

const HOW_TO_SIGN_IN =
  'Configure sign-in: set USERS_FILE=<path> and SESSION_SECRET=<32+ random characters> ' +
  '(create users with `npm run user:add -- NAME --role viewer|operator`; a secret with ' +
  '`openssl rand -base64 32`), or, behind a company SSO proxy, TRUST_USER_HEADER=<header> with ' +
  'TRUSTED_PROXIES=<its addresses>. Or listen on 127.0.0.1 for a local demo.';

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function flag(name: string, value: string | undefined, problems: string[]): boolean {
  if (value === undefined || value === '') return false;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  problems.push(`${name} must be true or false`);
  return false;
}

/**
 * Reads the access settings. `host` is the address the proxy will listen on; `cwd` resolves
 * relative paths. Returns the problems instead of throwing, so env.ts can list them with its own.
 */
export function parseAuthEnv(
  env: Record<string, string | undefined>,
  host: string,
  cwd: string = process.cwd(),
): { auth: AuthEnv; problems: string[] } {
  const problems: string[] = [];
  const usersFile = env.USERS_FILE?.trim() ? resolve(cwd, env.USERS_FILE.trim()) : null;

  const secret = env.SESSION_SECRET ?? '';
  let sessionSecret: string | null = null;
  if (usersFile) {
    if (!secret) {
      problems.push(
        'SESSION_SECRET is required with USERS_FILE: sessions are signed with it (generate one with `openssl rand -base64 32`; give every instance the same)',
      );
    } else if (secret.length < MIN_SECRET_LENGTH || new Set(secret).size < 10) {
      problems.push(
        `SESSION_SECRET is too short or too simple: use at least ${MIN_SECRET_LENGTH} random characters (\`openssl rand -base64 32\`)`,
      );
    } else {
      sessionSecret = secret;
    }
  }

  let sessionTtlMs = DEFAULT_TTL_MS;
  if (env.SESSION_TTL) {
    const ttl = parseDuration(env.SESSION_TTL);
    if (ttl === null || ttl < MIN_TTL_MS || ttl > MAX_TTL_MS) {
      problems.push('SESSION_TTL must be a duration between 5m and 30d, e.g. 8h');
    } else {
      sessionTtlMs = ttl;
    }
  }

  const cookieSecureText = (env.COOKIE_SECURE ?? 'auto').toLowerCase();
  let cookieSecure: CookieSecure = 'auto';
  if (
    cookieSecureText === 'auto' ||
    cookieSecureText === 'always' ||
    cookieSecureText === 'never'
  ) {
    cookieSecure = cookieSecureText;
  } else {
    problems.push('COOKIE_SECURE must be auto, always or never');
  }

  let trusted: TrustedHeaderConfig | null = null;
  const userHeader = env.TRUST_USER_HEADER?.trim().toLowerCase();
  if (userHeader) {
    const before = problems.length;
    if (!/^[a-z0-9-]{1,64}$/.test(userHeader) || RESERVED_HEADERS.has(userHeader)) {
      problems.push(
        `TRUST_USER_HEADER must be the name of the header your SSO proxy sets, e.g. x-forwarded-user (not ${RESERVED_HEADERS.has(userHeader) ? 'a standard header' : 'that'})`,
      );
    }
    const proxies = list(env.TRUSTED_PROXIES);
    if (proxies.length === 0) {
      problems.push(
        'TRUSTED_PROXIES is required with TRUST_USER_HEADER: the SSO proxy addresses (IPs or CIDR ranges) the header is believed from',
      );
    } else {
      problems.push(...buildTrustList(proxies).problems);
    }
    const groupsHeader = env.TRUSTED_GROUPS_HEADER?.trim().toLowerCase() || null;
    if (groupsHeader && !/^[a-z0-9-]{1,64}$/.test(groupsHeader)) {
      problems.push('TRUSTED_GROUPS_HEADER must be a header name, e.g. x-forwarded-groups');
    }
    const operatorGroups = list(env.TRUSTED_OPERATOR_GROUPS);
    if (operatorGroups.length && !groupsHeader) {
      problems.push('TRUSTED_OPERATOR_GROUPS needs TRUSTED_GROUPS_HEADER');
    }
    if (problems.length === before) {
      trusted = {
        userHeader,
        proxies,
        operators: list(env.TRUSTED_OPERATORS),
        groupsHeader,
        operatorGroups,
      };
    }
  } else if (env.TRUSTED_PROXIES || env.TRUSTED_OPERATORS || env.TRUSTED_OPERATOR_GROUPS) {
    problems.push('TRUSTED_PROXIES and TRUSTED_OPERATORS only take effect with TRUST_USER_HEADER');
  }

  const signInConfigured = usersFile !== null || userHeader !== undefined;
  const demo = !signInConfigured && isLoopbackHost(host);
  if (!signInConfigured && !demo) {
    problems.push(
      `Refusing to listen on ${host} without sign-in: anyone who reaches it could unlink organizations. ${HOW_TO_SIGN_IN}`,
    );
  }

  // The database always records (the Audit page reads it); the file is an extra copy by default.
  const auditStdout = flag('AUDIT_STDOUT', env.AUDIT_STDOUT, problems);
  const auditText = env.AUDIT_LOG?.trim();
  const auditFile: string | null =
    auditText && /^(off|none|false)$/i.test(auditText)
      ? null
      : resolve(cwd, auditText || DEFAULT_AUDIT_LOG);

  return {
    auth: {
      usersFile,
      sessionSecret,
      sessionTtlMs,
      cookieSecure,
      trusted,
      demo,
      auditFile,
      auditStdout,
    },
    problems,
  };
}
