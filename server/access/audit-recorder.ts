// One audit line per mutation attempt — done, refused by the upstream, refused by the dashboard or
// failed — and per sign-in and sign-out, built from facts set on the request where they are known:
// forward() sets the upstream's answer, the error handler the proxy's own error (refusals included),
// never re-read from the answer body. Two steps, so the line can later be written ahead (issue 14):
//   attempt(req)          before forwarding; today it only refuses when the log cannot be written
//   outcome(req, status)  before the answer leaves: writes the line and waits for the fsync
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { AuditEntry, AuditOutcome } from '#contract/audit-contract';
import type { ProxyErrorCode } from '#contract/proxy-contract';
import { OBJECT_ID_PATTERN } from '#contract/schemas';
import { ProxyError } from '../errors';
import { mutationOf } from '../route-config';
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
    /** This request's audit line is written (never two for one request). */
    audited: boolean;
  }
}

/** The proxy's own errors mean the upstream did not do it: refused, or failed to answer. */
const FAILED: ReadonlySet<ProxyErrorCode> = new Set<ProxyErrorCode>([
  'UPSTREAM_UNREACHABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_NOT_CONFIGURED',
  'INTERNAL',
]);

export function outcomeOfProxyError(e: ProxyError): MutationOutcome {
  return { outcome: FAILED.has(e.code) ? 'failed' : 'refused', upstreamStatus: null, code: e.code };
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

  /** Before a mutation is forwarded. Fail closed: nothing is changed that could not be recorded. */
  async attempt(_req: FastifyRequest): Promise<void> {
    if (!this.log.healthy && !(await this.log.probe())) {
      throw new ProxyError(503, 'INTERNAL', ACCESS_MESSAGES.auditUnwritable);
    }
  }

  /** The line of a mutation attempt, from `req.auditOutcome`; `status` is what the dashboard answers. */
  async outcome(req: FastifyRequest, status: number): Promise<void> {
    const operation = mutationOf(req);
    if (!operation) return;
    // Every path that answers sets the outcome; should one not, the upstream gave no answer to pass on.
    const o: MutationOutcome = req.auditOutcome ?? {
      outcome: status >= 500 ? 'failed' : 'refused',
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
   * Writes one line (also sign-in and sign-out); resolves once it is on disk. A failed write is
   * logged with the line itself and never hides the answer; the log then refuses further changes.
   */
  async write(req: FastifyRequest, fields: LineFields): Promise<void> {
    if (req.audited) return;
    req.audited = true;
    const s = req.dashboardSession;
    const line: AuditEntry = {
      time: new Date(this.now()).toISOString(),
      requestId: req.id,
      user: s?.user ?? null,
      role: s?.role ?? null,
      auth: s?.method ?? null,
      method: req.method,
      address: this.identity.clientAddress(req),
      ...fields,
    };
    try {
      await this.log.append(line);
    } catch (err) {
      req.log.error(
        { audit: line, code: (err as NodeJS.ErrnoException).code },
        'AUDIT LOG WRITE FAILED: further changes are refused until it works again',
      );
    }
  }
}

/** The IDs of the call, when they are IDs (a refused request may carry anything). */
function targetIds(params: unknown): Partial<AuditEntry> {
  const p = (params ?? {}) as Record<string, unknown>;
  const out: Partial<AuditEntry> = {};
  if (typeof p.orgId === 'string' && OBJECT_ID_PATTERN.test(p.orgId)) out.orgId = p.orgId;
  if (typeof p.federationId === 'string' && OBJECT_ID_PATTERN.test(p.federationId)) {
    out.federationId = p.federationId;
  }
  return out;
}

/**
 * preHandler (after authorization): the attempt of every route-table mutation; onSend: its line,
 * also for the attempts refused earlier (CSRF, role, validation, sign-in), before the answer leaves.
 */
export const auditRecorderPlugin = fp<{ recorder: AuditRecorder }>(
  async (app, { recorder }) => {
    app.decorateRequest('auditOutcome', null);
    app.decorateRequest('audited', false);
    app.addHook('preHandler', async (req) => {
      if (mutationOf(req)) await recorder.attempt(req);
    });
    app.addHook('onSend', async (req, reply, payload) => {
      await recorder.outcome(req, reply.statusCode);
      return payload;
    });
  },
  { name: 'orglink-audit-recorder' },
);
