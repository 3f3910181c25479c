// Signed-out sessions. A session cookie is stateless (sessions.ts): any instance that knows the
// secret accepts it until it expires — except one whose session was signed out. Which those are
// lives in the database (server/store/revocations.ts), so a sign-out on one instance ends the
// session on every instance and survives a restart. Checking a cookie must stay cheap and
// synchronous, so each instance keeps the unexpired revocations in memory: loaded at start-up, and
// on a Postgres server (other instances write there too) refreshed every SYNC_EVERY_MS with the
// rows revoked since the last read. The embedded database belongs to this process alone: what it
// revoked itself is all there is. A list that could not be refreshed for STALE_AFTER_MS fails
// closed: password sessions are not accepted until it is fresh again.
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../fleet/clock';
import type { Engine, Database } from '../store/db';
import { insertRevocation, pruneRevocations, revocationsSince } from '../store/revocations';

export interface Revocations {
  /** Whether the session `sid` was signed out (on any instance). */
  has(sid: string): boolean;
  /** Signs a session out; durable (and so seen by every instance) when this resolves. */
  revoke(sid: string, userName: string, expiresAtMs: number): Promise<void>;
  /** False while the list may be missing other instances' sign-outs (the database is away). */
  fresh(): boolean;
}

/** Instances' clocks may differ a little: a revocation is kept this long past its expiry. */
const EXPIRY_SLACK_MS = 60_000;
/** How often other instances' sign-outs are read (the measure: refused everywhere within 1 s). */
export const SYNC_EVERY_MS = 500;
/** A read asks for rows revoked this long before the previous read (late commits). */
const READ_OVERLAP_MS = 10_000;
/** Without a successful read for this long, sessions are refused rather than maybe accepted. */
export const STALE_AFTER_MS = 10_000;

/** This process's memory only (tests, setups without a database). */
export class MemoryRevocations implements Revocations {
  private readonly revoked = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  has(sid: string): boolean {
    return this.revoked.has(sid);
  }

  async revoke(sid: string, _userName: string, expiresAtMs: number): Promise<void> {
    const t = this.now();
    for (const [s, exp] of this.revoked) if (exp + EXPIRY_SLACK_MS < t) this.revoked.delete(s);
    this.revoked.set(sid, expiresAtMs);
  }

  fresh(): boolean {
    return true;
  }
}

export interface DatabaseRevocationsOptions {
  db: Database;
  engine: Engine;
  clock: Clock;
  log?: Pick<FastifyBaseLogger, 'warn' | 'info'>;
  /** Tests: other periods. */
  syncEveryMs?: number;
  staleAfterMs?: number;
}

export class DatabaseRevocations implements Revocations {
  private readonly revoked = new Map<string, number>();
  private readonly syncEveryMs: number;
  private readonly staleAfterMs: number;
  /** The database's time of the last read (the next asks from a margin before it). */
  private readAt: Date | null = null;
  /** This process's clock at the last successful read. */
  private lastSyncAt = -Infinity;
  private failing = false;
  private loop: Promise<void> | null = null;
  private readonly stopping = new AbortController();

  constructor(private readonly o: DatabaseRevocationsOptions) {
    this.syncEveryMs = o.syncEveryMs ?? SYNC_EVERY_MS;
    this.staleAfterMs = o.staleAfterMs ?? STALE_AFTER_MS;
  }

  /** Whether other processes may write revocations (then they are read periodically). */
  private get shared(): boolean {
    return this.o.engine === 'postgres';
  }

  /** Start-up: loads every unexpired revocation (throws if it cannot), prunes expired ones. */
  async start(): Promise<void> {
    const now = this.o.clock.now();
    await pruneRevocations(this.o.db, new Date(now - EXPIRY_SLACK_MS));
    await this.sync();
    if (this.shared) this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      await this.o.clock.sleep(this.syncEveryMs, this.stopping.signal);
      if (this.stopping.signal.aborted) break;
      try {
        await this.sync();
        if (this.failing) this.o.log?.info('signed-out sessions are read from the database again');
        this.failing = false;
      } catch (err) {
        if (!this.failing) {
          this.o.log?.warn({ err }, 'cannot read signed-out sessions from the database');
        }
        this.failing = true;
      }
    }
  }

  /** Reads the revocations made since the last read (all unexpired ones the first time). */
  async sync(): Promise<void> {
    const now = this.o.clock.now();
    const since = this.readAt ? new Date(this.readAt.getTime() - READ_OVERLAP_MS) : null;
    const batch = await revocationsSince(this.o.db, since, new Date(now - EXPIRY_SLACK_MS));
    for (const r of batch.revocations) this.revoked.set(r.sessionId, r.expiresAt.getTime());
    this.readAt = batch.readAt;
    this.lastSyncAt = now;
    this.forgetExpired(now);
  }

  private forgetExpired(now: number): void {
    for (const [s, exp] of this.revoked) if (exp + EXPIRY_SLACK_MS < now) this.revoked.delete(s);
  }

  has(sid: string): boolean {
    return this.revoked.has(sid);
  }

  async revoke(sid: string, userName: string, expiresAtMs: number): Promise<void> {
    await insertRevocation(this.o.db, {
      sessionId: sid,
      userName,
      expiresAt: new Date(expiresAtMs),
    });
    this.revoked.set(sid, expiresAtMs);
    const now = this.o.clock.now();
    this.forgetExpired(now);
    // Expired revocations go as new ones come (an index range delete; usually nothing).
    await pruneRevocations(this.o.db, new Date(now - EXPIRY_SLACK_MS)).catch((err: unknown) =>
      this.o.log?.warn({ err }, 'pruning expired sign-outs failed'),
    );
  }

  fresh(): boolean {
    if (!this.shared) return true;
    return this.o.clock.now() - this.lastSyncAt <= this.staleAfterMs;
  }
}
