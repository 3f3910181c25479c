// Linking an organization in one step, and the link-token ledger (SPEC "Link an organization",
// "Link-token ledger"):
//
//   POST /api/link                      Generate and connect (operator, CSRF, audited as two steps)
//   GET  /api/link-tokens?atlasOrgId=   an Atlas org's ledger (signed in)
//   GET  /api/link-tokens/linked-to?source=&orgId=   one source org's link as the console knows it
//
// Generate and connect holds the link-token in memory for exactly one thing: the body of the
// source's connect call. It never goes into an answer, a log line, an error text, the audit or the
// database (the ledger keeps its fingerprint). Answers follow #contract/link-contract.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  LINK_ENDPOINTS,
  linkRequestSchema,
  type LedgerEntry,
  type LinkFailure,
  type LinkRequest,
  type LinkResult,
  type LinkStep,
  type LinkedTo,
  type LinkTokenLedger,
} from '#contract/link-contract';
import {
  SOURCE_OPS,
  SOURCE_UPSTREAMS,
  fillPath,
  routes,
  type OperationId,
  type Upstream,
} from '#contract/route-table';
import { LINK_SYNC_STATUSES, OBJECT_ID_PATTERN, upstreamErrorSchema } from '#contract/schemas';
import type { AuditRecorder } from '../access/audit-recorder';
import { outcomeOfProxyError, outcomeOfUpstreamAnswer } from '../access/audit-recorder';
import { ProxyError, refused } from '../errors';
import { systemClock, type Clock } from '../fleet/clock';
import type { ProxyObserver } from '../fleet/observe';
import { badAnswer, notConfigured, scenarioFor } from '../proxy-routes';
import { BODY_LIMIT_BYTES } from '../request-checks';
import type { Store } from '../store/connect';
import { getFleetOrg } from '../store/fleet';
import {
  currentConnection,
  ledgerEntry,
  ledgerOf,
  recordConnection,
  recordGeneratedToken,
} from '../store/link-tokens';
import type { UpstreamAnswer, UpstreamClient } from '../upstream-client';
import { fingerprintOf } from './fingerprint';
import { tokenInAnswer } from './observe';
import { toLedgerEntry } from './views';

export interface LinkRoutesOptions {
  store: Store;
  clients: Record<Upstream, UpstreamClient | null>;
  recorder: AuditRecorder;
  clock?: Clock;
  /** The fleet's observer: the connect's answer is a link status the fleet records. */
  observeStatus?: ProxyObserver | undefined;
}

const objectIdField = z
  .string()
  .regex(OBJECT_ID_PATTERN, { error: 'must be 24 characters: digits 0-9 and letters a-f' });
const ledgerQuery = z.object({ atlasOrgId: objectIdField }).strict();
const linkedToQuery = z
  .object({
    source: z.enum(SOURCE_UPSTREAMS, { error: `must be one of ${SOURCE_UPSTREAMS.join(', ')}` }),
    orgId: objectIdField,
  })
  .strict();

function parse<T>(schema: z.ZodType<T>, data: unknown, where: string): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const msg = r.error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
  throw refused(400, `Invalid ${where}: ${msg}`);
}

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

/** One step that failed: what the answer says (and the audit line of the whole action). */
class StepFailed extends Error {
  constructor(readonly failure: Omit<LinkFailure, 'source' | 'atlasOrgId' | 'token'>) {
    super(failure.detail);
  }
}

/** The upstream's own words for an error answer (never more than its detail or reason). */
function upstreamDetail(answer: UpstreamAnswer): { code: string | null; detail: string } {
  let body: unknown = null;
  try {
    body = JSON.parse(answer.body.toString('utf8'));
  } catch {
    // not JSON: say only the status
  }
  const parsed = upstreamErrorSchema.safeParse(body);
  const code =
    (parsed.success ? parsed.data.errorCode : undefined) ?? answer.headers['x-error-code'];
  const detail = parsed.success ? (parsed.data.detail ?? parsed.data.reason) : undefined;
  return {
    code: code && /^[A-Z0-9_]{1,80}$/.test(code) ? code : null,
    detail: detail ?? `HTTP ${answer.status}`,
  };
}

export const linkRoutes: FastifyPluginAsync<LinkRoutesOptions> = async (app, o) => {
  const clock = o.clock ?? systemClock;
  const db = o.store.db;
  const read = { config: { signedIn: true } } as const;

  /**
   * One upstream call of the action, recorded by the audit recorder (attempt before, outcome
   * after). An upstream error answer or a proxy error becomes a StepFailed; `tokenOnUnknown` says
   * what a call without a definite answer means for the link-token.
   */
  async function step(
    req: FastifyRequest,
    which: LinkStep,
    op: OperationId,
    client: UpstreamClient,
    orgId: string,
    body: string,
    tokenIfUnknown: 'unknown' | 'yes',
    tokenIfRefused: 'no' | 'yes',
  ): Promise<UpstreamAnswer> {
    const r = routes[op];
    let called = false;
    let answer: UpstreamAnswer;
    try {
      answer = await o.recorder.step(req, op, { orgId }, () => {
        called = true;
        return client.call({
          op,
          method: r.method,
          path: fillPath(r, { orgId }),
          body,
          scenario: scenarioFor(req, client),
        });
      });
    } catch (e) {
      // No call made (the attempt record could not be written): nothing happened at all.
      if (!called || !(e instanceof ProxyError)) throw e;
      const unknown = e.code === 'OUTCOME_UNKNOWN' || e.code === 'UPSTREAM_BAD_ANSWER';
      throw new StepFailed({
        error: e.status,
        step: which,
        upstream: r.upstream,
        upstreamStatus: null,
        code: e.code,
        detail: e.message,
        tokenCreated: unknown ? tokenIfUnknown : tokenIfRefused,
      });
    }
    const bad = badAnswer(r, answer);
    if (bad) {
      throw new StepFailed({
        error: bad.status,
        step: which,
        upstream: r.upstream,
        upstreamStatus: answer.status,
        code: bad.code,
        detail: bad.message,
        tokenCreated: tokenIfUnknown,
      });
    }
    if (answer.status >= 300) {
      const { code, detail } = upstreamDetail(answer);
      throw new StepFailed({
        error: answer.status,
        step: which,
        upstream: r.upstream,
        upstreamStatus: answer.status,
        code,
        detail,
        tokenCreated: tokenIfRefused,
      });
    }
    return answer;
  }

  app.post(
    LINK_ENDPOINTS.link,
    {
      // CSRF, operator, write-ahead audit under `linkOrg`: the access layer, from this config.
      config: { action: 'linkOrg' },
      bodyLimit: BODY_LIMIT_BYTES,
      schema: { body: linkRequestSchema },
    },
    async (req, reply) => {
      const body = req.body as LinkRequest;
      const cloud = o.clients.cloud;
      const source = o.clients[body.source];
      if (!cloud) throw notConfigured('cloud');
      if (!source) throw notConfigured(body.source);
      const user = req.dashboardSession?.user ?? null;
      const accessListIps = body.accessListIps ?? [];
      let recorded: LedgerEntry | null = null;
      // Only ever in this function's scope: sent once, in the connect call's body.
      let token: string | null = null;
      try {
        const made = await step(
          req,
          'createLinkToken',
          'createLinkToken',
          cloud,
          body.atlasOrgId,
          JSON.stringify(accessListIps.length > 0 ? { accessListIps } : {}),
          'unknown',
          'no',
        );
        token = tokenInAnswer(made.body);
        if (token === null) {
          throw new StepFailed({
            error: 502,
            step: 'createLinkToken',
            upstream: 'cloud',
            upstreamStatus: made.status,
            code: 'UPSTREAM_BAD_ANSWER',
            detail: 'MongoDB Cloud answered without a link-token.',
            tokenCreated: 'unknown',
          });
        }
        const generatedAt = new Date(clock.now());
        try {
          const row = await recordGeneratedToken(db, {
            atlasOrgId: body.atlasOrgId,
            fingerprint: fingerprintOf(token),
            accessListIps,
            at: generatedAt,
            by: user,
            origin: 'link',
            requestId: req.id,
          });
          recorded = toLedgerEntry({ token: row, connections: [] });
        } catch (err) {
          // The link is still worth making (else the new token is an orphan); the ledger misses it.
          req.log.warn(
            { err: { message: (err as Error).message } },
            'could not record a link-token in the ledger',
          );
        }

        const connectOp = SOURCE_OPS[body.source].connect;
        const connected = await step(
          req,
          'connect',
          connectOp,
          source,
          body.sourceOrgId,
          JSON.stringify({ linkToken: token }),
          'yes',
          'yes',
        );
        const status = statusIn(connected.body);
        await o.observeStatus?.({
          op: connectOp,
          upstream: body.source,
          params: { orgId: body.sourceOrgId },
          answer: connected,
        });
        if (recorded) {
          try {
            await recordConnection(db, {
              linkTokenId: recorded.id,
              upstream: body.source,
              orgId: body.sourceOrgId,
              at: new Date(clock.now()),
              by: user,
              origin: 'link',
              requestId: req.id,
            });
            const entry = await ledgerEntry(db, recorded.id);
            if (entry) recorded = toLedgerEntry(entry);
          } catch (err) {
            req.log.warn(
              { err: { message: (err as Error).message } },
              'could not record a connection in the link-token ledger',
            );
          }
        }
        req.auditOutcome = { outcome: 'success', upstreamStatus: connected.status };
        noStore(reply);
        reply.code(201);
        const result: LinkResult = {
          source: body.source,
          sourceOrgId: body.sourceOrgId,
          atlasOrgId: body.atlasOrgId,
          status,
          token: recorded,
        };
        return result;
      } catch (e) {
        if (!(e instanceof StepFailed)) throw e;
        const f = e.failure;
        req.auditOutcome =
          f.upstreamStatus === null
            ? outcomeOfProxyError(new ProxyError(f.error, proxyCode(f.code), f.detail))
            : f.code === 'UPSTREAM_BAD_ANSWER'
              ? { outcome: 'unknown', upstreamStatus: f.upstreamStatus, code: f.code }
              : outcomeOfUpstreamAnswer(f.upstreamStatus, f.code ?? undefined);
        const failure: LinkFailure = {
          source: 'link',
          ...f,
          // An upstream that repeats what it was sent must not repeat the token to the browser.
          detail: token ? f.detail.split(token).join('[link-token]') : f.detail,
          atlasOrgId: body.atlasOrgId,
          token: f.tokenCreated === 'no' ? null : recorded,
        };
        noStore(reply);
        reply.code(f.error);
        return failure;
      } finally {
        token = null;
      }
    },
  );

  app.get(LINK_ENDPOINTS.linkTokens, read, async (req, reply): Promise<LinkTokenLedger> => {
    const { atlasOrgId } = parse(ledgerQuery, req.query, 'query');
    noStore(reply);
    const entries = await ledgerOf(db, atlasOrgId);
    return { atlasOrgId, entries: entries.map(toLedgerEntry) };
  });

  app.get(LINK_ENDPOINTS.linkedTo, read, async (req, reply): Promise<LinkedTo> => {
    const { source, orgId } = parse(linkedToQuery, req.query, 'query');
    noStore(reply);
    const [org, current] = await Promise.all([
      getFleetOrg(db, source, orgId),
      currentConnection(db, source, orgId),
    ]);
    return {
      source,
      orgId,
      status: org?.linkStatus ?? null,
      statusSince: org?.linkStatusSince?.toISOString() ?? null,
      connection: current
        ? {
            connectedAt: current.connection.connectedAt.toISOString(),
            connectedBy: current.connection.connectedBy,
            via: current.connection.origin,
            token: current.token ? toLedgerEntry(current.token) : null,
          }
        : null,
    };
  });
};

/** The status a connect answered (the route's response schema); NOT_SYNCED if it says none. */
function statusIn(body: Buffer): (typeof LINK_SYNC_STATUSES)[number] {
  try {
    const parsed = routes.connectOrg.response.safeParse(JSON.parse(body.toString('utf8')));
    if (parsed.success) return parsed.data.status;
  } catch {
    // fall through
  }
  return 'NOT_SYNCED';
}

/** A proxy error code from a failure's code, for the audit line (INTERNAL when unknown). */
function proxyCode(code: string | null): ProxyError['code'] {
  const known = [
    'UPSTREAM_UNREACHABLE',
    'UPSTREAM_TIMEOUT',
    'UPSTREAM_NOT_CONFIGURED',
    'OUTCOME_UNKNOWN',
    'UPSTREAM_BAD_ANSWER',
    'SERVER_BUSY',
  ] as const;
  return (known as readonly string[]).includes(code ?? '')
    ? (code as (typeof known)[number])
    : 'INTERNAL';
}
