// The access layer's state, built once at start-up from the settings: who the users are, how
// sessions are signed, which SSO proxy is trusted, the sign-in throttle and the audit log. A broken
// USERS_FILE throws here, before anything listens. accessPlugin (plugin.ts) puts it on the requests.
// With a store (the proxy always has one) the state several instances must agree on lives in the
// database: the audit trail, signed-out sessions and the sign-in throttle's counts.
import { systemClock, type Clock } from '../fleet/clock';
import type { Store } from '../store/connect';
import { AuditLog } from './audit-log';
import { AuditRecorder } from './audit-recorder';
import type { AuthEnv } from './auth-env';
import { Identity } from './identity';
import { burnDummyHash, verifyPassword, type ParsedHash } from './passwords';
import type { SessionRouteDeps } from './session-routes';
import { DatabaseRevocations, MemoryRevocations, type Revocations } from './revocations';
import { createSessionCodec } from './sessions';
import { createThrottle, DatabaseCounters, type SignInThrottle } from './throttle';
import { createTrustedHeaderAuth } from './trusted-header';
import { loadUsers } from './users-file';

export interface AccessOptions {
  auth: AuthEnv;
  /** Upstreams are simulated (the demo user is then called `demo`, otherwise `local`). */
  simulated: boolean;
  /**
   * The database: the audit trail's store of record, signed-out sessions and throttle counts.
   * Without one (tests) they stay in this process's memory.
   */
  store?: Pick<Store, 'db' | 'engine' | 'description'> | null;
  /** Tests pass their own clock, throttle, audit log or password check. */
  now?: () => number;
  /** The revocation list's refresh timer (tests drive it). */
  clock?: Clock;
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
  /** Signed-out sessions (in the database when there is a store). */
  revocations: Revocations;
  /** Start-up, before listening: loads the signed-out sessions (throws when it cannot). */
  start(): Promise<void>;
  /** Stops reading other instances' sign-outs. */
  stop(): Promise<void>;
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
  const store = options.store ?? null;
  const audit =
    options.audit ??
    new AuditLog({ file: auth.auditFile, stdout: auth.auditStdout, database: store, now });
  const revocations: Revocations = store
    ? new DatabaseRevocations({
        db: store.db,
        engine: store.engine,
        clock: options.clock ?? { ...systemClock, now },
      })
    : new MemoryRevocations(now);
  const users = auth.usersFile
    ? loadUsers(auth.usersFile, { checkEveryMs: options.usersCheckMs ?? 1000, now })
    : null;
  const codec =
    users && auth.sessionSecret
      ? createSessionCodec(auth.sessionSecret, auth.sessionTtlMs, now, revocations)
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
      throttle:
        options.throttle ??
        createThrottle({
          now,
          ...(store && auth.sessionSecret
            ? { counters: new DatabaseCounters(store.db, auth.sessionSecret) }
            : {}),
        }),
      checkPassword: options.checkPassword ?? checkPassword,
    },
    revocations,
    async start() {
      if (revocations instanceof DatabaseRevocations) await revocations.start();
    },
    async stop() {
      if (revocations instanceof DatabaseRevocations) await revocations.stop();
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
      lines.push(`Audit log: ${audit.sinks.map((s) => s.name).join('; ')}`);
      if (store && users) {
        lines.push(
          store.engine === 'postgres'
            ? 'Sign-outs and sign-in throttle counts: in the database, shared by every instance on it'
            : 'Sign-outs and sign-in throttle counts: in the database (kept across restarts)',
        );
      }
      return lines;
    },
  };
}
