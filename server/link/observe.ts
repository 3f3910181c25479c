// The ledger's side of what passes through the proxy (the manual path): a link-token generated on
// the Link-tokens page is recorded from the proxy's own answer (hashed in memory, never stored),
// deleting an Atlas org's link-tokens marks its entries deleted, and a Connect with a pasted token
// is recorded as a connection, matched to the ledger by the token's fingerprint.
import type { FastifyBaseLogger } from 'fastify';
import { SOURCE_OPS, SOURCE_UPSTREAMS, type OperationId } from '#contract/route-table';
import { connectBodySchema, linkTokenBodySchema, linkTokenSchema } from '#contract/schemas';
import type { Clock } from '../fleet/clock';
import type { ProxiedAnswer, ProxyObserver } from '../fleet/observe';
import type { Store } from '../store/connect';
import {
  findLiveTokenByFingerprint,
  markAtlasOrgTokensDeleted,
  recordConnection,
  recordGeneratedToken,
} from '../store/link-tokens';
import { fingerprintOf } from './fingerprint';

const CONNECT_OPS: ReadonlySet<OperationId> = new Set(
  SOURCE_UPSTREAMS.map((u) => SOURCE_OPS[u].connect),
);

/** The link-token in a JSON answer of createLinkToken; null when there is none. */
export function tokenInAnswer(body: Buffer): string | null {
  try {
    const parsed = linkTokenSchema.safeParse(JSON.parse(body.toString('utf8')));
    return parsed.success ? parsed.data.linkToken : null;
  } catch {
    return null;
  }
}

const ok = (status: number) => status >= 200 && status < 300;

export function createLedgerObserver(deps: {
  store: Store;
  clock: Clock;
  log: FastifyBaseLogger;
}): ProxyObserver {
  const db = deps.store.db;
  const record = async ({ op, params, answer, request }: ProxiedAnswer) => {
    const at = new Date(deps.clock.now());
    const by = request?.user ?? null;
    const requestId = request?.requestId ?? null;
    if (op === 'createLinkToken' && ok(answer.status) && params.orgId) {
      const token = tokenInAnswer(answer.body);
      if (token === null) return;
      const asked = linkTokenBodySchema.safeParse(request?.body);
      await recordGeneratedToken(db, {
        atlasOrgId: params.orgId,
        fingerprint: fingerprintOf(token),
        accessListIps: asked.success ? (asked.data.accessListIps ?? []) : [],
        at,
        by,
        origin: 'generate',
        requestId,
      });
    } else if (op === 'deleteLinkToken' && params.orgId) {
      // 204: deleted by this user. 404: Atlas had none: whatever the ledger still counted is gone.
      if (answer.status === 204) await markAtlasOrgTokensDeleted(db, params.orgId, at, by);
      else if (answer.status === 404) await markAtlasOrgTokensDeleted(db, params.orgId, at, null);
    } else if (CONNECT_OPS.has(op) && ok(answer.status) && params.orgId) {
      const pasted = connectBodySchema.safeParse(request?.body);
      if (!pasted.success) return;
      const token = await findLiveTokenByFingerprint(db, fingerprintOf(pasted.data.linkToken));
      await recordConnection(db, {
        linkTokenId: token?.id ?? null,
        upstream: SOURCE_UPSTREAMS.find((u) => SOURCE_OPS[u].connect === op) ?? 'opsmanager',
        orgId: params.orgId,
        at,
        by,
        origin: 'connect',
        requestId,
      });
    }
  };
  return async (seen) => {
    // A mutation's answer is never shared or cached: only what came from the upstream counts.
    if (seen.answer.served !== 'upstream') return;
    try {
      await record(seen);
    } catch (err) {
      // The user still gets the answer; the ledger misses one line. Never log the body or answer.
      deps.log.warn(
        { err: { message: (err as Error).message }, op: seen.op },
        'could not record a link-token in the ledger',
      );
    }
  };
}
