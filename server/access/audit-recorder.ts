// The audit records of every mutation attempt — done, refused by the upstream, refused by the
// dashboard, failed or of unknown outcome — and of every sign-in and sign-out, built from facts set
// on the request where they are known: forward() sets the upstream's answer, the error handler the
// proxy's own error (refusals included), never re-read from the answer body. Written ahead:
//   attempt(req)          preHandler, after every check: the attempt record, durable before anything
//                         is forwarded; if it cannot be made durable the change is refused (503)
//   outcome(req, status)  onSend: the outcome record, durable before the answer leaves
//   step(req, op, …)      inside a proxy action (PROXY_ACTIONS) that makes upstream changes itself:
//                         an attempt and an outcome record for each of them, around the call
// A refusal before the preHandler (CSRF, sign-in, role, validation) has an outcome record only.
// A proxy action is recorded like a route-table mutation, under its own name.
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type {
  AuditAttemptRecord,
  AuditEntry,
  AuditOutcome,
  AuditOutcomeRecord,
} from '#contract/audit-contract';
import type { ProxyErrorCode } from '#contract/proxy-contract';
import { OBJECT_ID_PATTERN } from '#contract/schemas';
import { ProxyError } from '../errors';
import type { OperationId } from '#contract/route-table';
import { auditedChangeOf } from '../route-config';
import type { UpstreamAnswer } from '../upstream-client';
import type { AuditLog } from './audit-log';
import type { Identity } from './identity';
import { ACCESS_MESSAGES } from './messages';

/** How a mutation attempt ended, as known where it ended. */
export interface MutationOutcome {
  outcome: AuditOutcome;
  /** The upstream's status, when it answered. */
  upstreamStatus: number | null;
  /** The proxy's error code, or the upstream's errorCode (its `X-Error-Code` header). */
  code?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by forward() or the error handler; the audit line is written from it. */
    auditOutcome: MutationOutcome | null;
    /** This request's outcome record is written (never two for one request). */
    audited: boolean;
    /** This request's attempt record is durable: it was (or may be) forwarded. */
    auditAttempted: boolean;
  }
}

/** Sent, and no answer says how it ended: the change may have been made. */
const UNKNOWN: ReadonlySet<ProxyErrorCode> = new Set<ProxyErrorCode>([
  'OUTCOME_UNKNOWN',
  'UPSTREAM_BAD_ANSWER',
]);
/** The proxy's own errors that mean nothing was done: it failed before or without sending. */
const FAILED: ReadonlySet<ProxyErrorCode> = new Set<ProxyErrorCode>([
  'UPSTREAM_UNREACHABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_NOT_CONFIGURED',
  'INTERNAL',
  'SERVER_BUSY',
]);

export function outcomeOfProxyError(e: ProxyError): MutationOutcome {
  const outcome = UNKNOWN.has(e.code) ? 'unknown' : FAILED.has(e.code) ? 'failed' : 'refused';
  return { outcome, upstreamStatus: null, code: e.code };
}

/** The outcome of an upstream answer that forward() passes back. */
export function outcomeOfUpstreamAnswer(status: number, errorCode?: string): MutationOutcome {
  return {
    outcome: status < 300 ? 'success' : 'upstream_error',
    upstreamStatus: status,
    ...(errorCode && /^[A-Z0-9_]{1,80}$/.test(errorCode) ? { code: errorCode } : {}),
  };
}

type LineFields = Pick<AuditEntry, 'operation' | 'outcome' | 'status' | 'upstreamStatus'> &
  Partial<AuditEntry>;

export class AuditRecorder {
  constructor(
    readonly log: AuditLog,
    private readonly identity: Identity,
    private readonly now: () => number,
  ) {}

  /**
   * Before a mutation is forwarded: its attempt record, durable in every sink. Fail closed: if it
   * cannot be written nothing is forwarded (503), so no change is ever made without a record.
   */
  async attempt(req: FastifyRequest): Promise<void> {
    const operation = auditedChangeOf(req);
    if (!operation) return;
    await this.writeAttempt(req, operation, req.params);
    req.auditAttempted = true;
  }

  /** An attempt record, durable; 503 (nothing may be forwarded) when it cannot be written. */
  private async writeAttempt(
    req: FastifyRequest,
    operation: string,
    params: unknown,
  ): Promise<void> {
    const record: AuditAttemptRecord = {
      type: 'attempt',
      ...this.who(req),
      operation,
      ...targetIds(params),
    };
    try {
      await this.log.append(record);
    } catch (err) {
      req.log.error(
        { audit: record, code: (err as NodeJS.ErrnoException).code },
        'AUDIT LOG WRITE FAILED: the change is refused and nothing was forwarded',
      );
      throw new ProxyError(503, 'INTERNAL', ACCESS_MESSAGES.auditUnwritable);
    }
  }

  /**
   * One upstream change made by a proxy action itself (e.g. the link-token, then the connect, of
   * "Generate and connect"): its attempt record, durable before `call` runs (503 and no call if it
   * cannot be written), then its outcome record from the answer or the proxy's error. The outcome
   * record's `status` is the upstream's (the action's own answer is recorded by outcome()).
   */
  async step(
    req: FastifyRequest,
    operation: OperationId,
    params: Record<string, string>,
    call: () => Promise<UpstreamAnswer>,
  ): Promise<UpstreamAnswer> {
    await this.writeAttempt(req, operation, params);
    let o: MutationOutcome;
    let answer: UpstreamAnswer | null = null;
    try {
      answer = await call();
      o = outcomeOfUpstreamAnswer(answer.status, answer.headers['x-error-code']);
    } catch (e) {
      o =
        e instanceof ProxyError
          ? outcomeOfProxyError(e)
          : { outcome: 'unknown', upstreamStatus: null };
      await this.append(req, {
        operation,
        ...targetIds(params),
        outcome: o.outcome,
        status: null,
        upstreamStatus: null,
        ...(o.code ? { code: o.code } : {}),
      });
      throw e;
    }
    await this.append(req, {
      operation,
      ...targetIds(params),
      outcome: o.outcome,
      status: answer.status,
      upstreamStatus: o.upstreamStatus,
      ...(o.code ? { code: o.code } : {}),
    });
    return answer;
  }

  /** The outcome record of a mutation attempt, from `req.auditOutcome`; `status` is the answer's. */
  async outcome(req: FastifyRequest, status: number | null): Promise<void> {
    const operation = auditedChangeOf(req);
    if (!operation) return;
    // Every path that answers sets the outcome; should one not, the upstream gave no answer to pass on.
    const o: MutationOutcome = req.auditOutcome ?? {
      outcome: req.auditAttempted
        ? 'unknown'
        : status !== null && status >= 500
          ? 'failed'
          : 'refused',
      upstreamStatus: null,
    };
    await this.write(req, {
      operation,
      ...targetIds(req.params),
      outcome: o.outcome,
      status,
      upstreamStatus: o.upstreamStatus,
      ...(o.code ? { code: o.code } : {}),
    });
  }

  /**
   * Writes one outcome record (also sign-in and sign-out); resolves once it is durable. A failed
   * write is logged with the record itself and never hides the answer (the attempt record, when
   * there is one, is on disk: the entry then reads `unknown`); further changes are refused while
   * attempt records cannot be written.
   */
  async write(req: FastifyRequest, fields: LineFields): Promise<void> {
    if (req.audited) return;
    req.audited = true;
    await this.append(req, fields);
  }

  /** Appends one outcome record; a failed write is logged with the record and not thrown. */
  private async append(req: FastifyRequest, fields: LineFields): Promise<void> {
    const record: AuditOutcomeRecord = { type: 'outcome', ...this.who(req), ...fields };
    try {
      await this.log.append(record);
    } catch (err) {
      req.log.error(
        { audit: record, code: (err as NodeJS.ErrnoException).code },
        'AUDIT LOG WRITE FAILED: further changes are refused until it works again',
      );
    }
  }

  private who(req: FastifyRequest) {
    const s = req.dashboardSession;
    return {
      time: new Date(this.now()).toISOString(),
      requestId: req.id,
      user: s?.user ?? null,
      role: s?.role ?? null,
      auth: s?.method ?? null,
      method: req.method,
      address: this.identity.clientAddress(req),
    };
  }
}

/** The path parameters an audit record names, by the route table's names for them. */
const TARGET_IDS = ['orgId', 'federationId', 'groupId', 'liveMigrationId'] as const;

/** The IDs of the call, when they are IDs (a refused request may carry anything). */
export function targetIds(params: unknown): Partial<AuditEntry> {
  const p = (params ?? {}) as Record<string, unknown>;
  const out: Partial<AuditEntry> = {};
  for (const name of TARGET_IDS) {
    const v = p[name];
    if (typeof v === 'string' && OBJECT_ID_PATTERN.test(v)) out[name] = v;
  }
  return out;
}

/**
 * preHandler (after every check): the attempt record of every route-table mutation; onSend: its
 * outcome record, also for the attempts refused earlier (CSRF, role, validation, sign-in), before
 * the answer leaves. Should no answer be sent (the client went away), the outcome is recorded when
 * the request ends all the same, so no attempt stays "in flight".
 */
export const auditRecorderPlugin = fp<{ recorder: AuditRecorder }>(
  async (app, { recorder }) => {
    app.decorateRequest('auditOutcome', null);
    app.decorateRequest('audited', false);
    app.decorateRequest('auditAttempted', false);
    app.addHook('preHandler', async (req) => {
      await recorder.attempt(req);
    });
    app.addHook('onSend', async (req, reply, payload) => {
      await recorder.outcome(req, reply.statusCode);
      return payload;
    });
    app.addHook('onResponse', async (req, reply) => {
      if (req.auditAttempted && !req.audited) await recorder.outcome(req, reply.statusCode);
    });
  },
  { name: 'orglink-audit-recorder' },
);
