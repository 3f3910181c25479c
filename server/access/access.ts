// The access layer's state, built once at start-up from the settings: who the users are, how
// sessions are signed, which SSO proxy is trusted, the sign-in throttle and the audit log. A broken
// USERS_FILE throws here, before anything listens. accessPlugin (plugin.ts) puts it on the requests.
import { AuditLog } from './audit-log';
import { AuditRecorder } from './audit-recorder';
import type { AuthEnv } from './auth-env';
import { Identity } from './identity';
import { burnDummyHash, verifyPassword, type ParsedHash } from './passwords';
import type { SessionRouteDeps } from './session-routes';
import { createSessionCodec } from './sessions';
import { createThrottle, type SignInThrottle } from './throttle';
import { createTrustedHeaderAuth } from './trusted-header';
import { loadUsers } from './users-file';

export interface AccessOptions {
  auth: AuthEnv;
  /** Upstreams are simulated (the demo user is then called `demo`, otherwise `local`). */
  simulated: boolean;
  /** Tests pass their own clock, throttle, audit log or password check. */
  now?: () => number;
  throttle?: SignInThrottle;
  audit?: AuditLog;
  checkPassword?: SessionRouteDeps['checkPassword'];
  /** How often USERS_FILE is checked for changes (default 1 s). */
  usersCheckMs?: number;
}

export interface Access {
  /** No sign-in configured: every visitor of this loopback dashboard is the demo operator. */
  demo: boolean;
  identity: Identity;
  recorder: AuditRecorder;
  audit: AuditLog;
  sessionRoutes: SessionRouteDeps;
  /** Lines for the start-up log: how people sign in here. */
  describe(): string[];
}

async function checkPassword(
  password: string,
  hash: ParsedHash | null,
  address: string,
): Promise<boolean> {
  if (hash) return verifyPassword(password, hash, address);
  // Unknown user names pay for one hash too, so timing does not tell which names exist.
  await burnDummyHash(password, address);
  return false;
}

export function createAccess(options: AccessOptions): Access {
  const { auth } = options;
  const now = options.now ?? Date.now;
  const audit = options.audit ?? new AuditLog({ file: auth.auditFile, stdout: auth.auditStdout });
  const users = auth.usersFile
    ? loadUsers(auth.usersFile, { checkEveryMs: options.usersCheckMs ?? 1000, now })
    : null;
  const codec =
    users && auth.sessionSecret
      ? createSessionCodec(auth.sessionSecret, auth.sessionTtlMs, now)
      : null;
  const trusted = auth.trusted ? createTrustedHeaderAuth(auth.trusted) : null;
  const identity = new Identity({ auth, simulated: options.simulated, users, codec, trusted });
  const recorder = new AuditRecorder(audit, identity, now);
  return {
    demo: auth.demo,
    identity,
    recorder,
    audit,
    sessionRoutes: {
      identity,
      recorder,
      users,
      codec,
      throttle: options.throttle ?? createThrottle({ now }),
      checkPassword: options.checkPassword ?? checkPassword,
    },
    describe() {
      const lines: string[] = [];
      if (auth.demo) {
        lines.push(
          `No sign-in configured: every visitor on this loopback address is signed in as the demo operator "${identity.demoSession.user}" (set USERS_FILE or TRUST_USER_HEADER to require sign-in)`,
        );
      }
      if (users) lines.push(`Password sign-in: ${users.count()} user(s) from ${auth.usersFile}`);
      if (auth.trusted) {
        lines.push(
          `SSO sign-in: header ${auth.trusted.userHeader} trusted from ${auth.trusted.proxies.join(', ')}`,
        );
      }
      lines.push(
        `Audit log: ${[auth.auditFile, auth.auditStdout ? 'stdout' : null].filter(Boolean).join(' and ')}`,
      );
      return lines;
    },
  };
}
