// The browser fakes of the proxy's link endpoints (server/link/): Generate and connect, the
// link-token ledger and "Linked to", answering as the proxy would, over the same fake upstreams
// (so the scenarios apply: `connect-forbidden` makes the failure in the middle). Plus what the
// proxy's observer records when a manual Generate, Connect or Delete passes through it.
import { http, HttpResponse, type RequestHandler } from 'msw';
import {
  LINK_ENDPOINTS,
  linkRequestSchema,
  type LinkFailure,
  type LinkResult,
  type LinkStep,
} from '#contract/link-contract';
import { CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { PROXY_MESSAGES, describeProblems } from '#contract/proxy-messages';
import {
  SOURCE_OPS,
  SOURCE_UPSTREAMS,
  isSourceUpstream,
  routerPath,
  routes,
  type OperationId,
} from '#contract/route-table';
import {
  OBJECT_ID_PATTERN,
  connectBodySchema,
  linkStatusSchema,
  linkTokenBodySchema,
  linkTokenSchema,
  upstreamErrorSchema,
} from '#contract/schemas';
import { storeNow } from '../db/clock';
import {
  fingerprintOf,
  ledgerEntryById,
  ledgerOf,
  linkedTo,
  markDeleted,
  recordConnection,
  recordConnectionTo,
  recordGenerated,
} from '../db/link-ledger';
import { scenarioFor } from '../scenarios';
import { answerAsUpstream, simulateLatency } from './operations';
import { csrfRejected, proxyError, toResponse, upstreamDown } from './response-builders';

/** Who the fakes say is signed in (the loopback demo operator). */
const USER = 'demo';

const own = (status: number, body: unknown) =>
  HttpResponse.json(body as Record<string, unknown>, {
    status,
    headers: { 'cache-control': 'no-store' },
  });
const refusedAnswer = (detail: string) =>
  toResponse(proxyError(400, 'REQUEST_REFUSED', detail), new URLSearchParams());

/**
 * The proxy's observer, for the fakes: after a forwarded Generate, Connect or Delete, the ledger
 * learns what the proxy's would (the token hashed, never kept).
 */
export async function observeLedger(
  op: OperationId,
  ids: Record<string, string>,
  bodyText: string,
  answer: Response,
): Promise<void> {
  const orgId = ids.orgId;
  if (!orgId) return;
  const now = storeNow();
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  };
  if (op === 'createLinkToken' && answer.ok) {
    const made = linkTokenSchema.safeParse(parse(await answer.clone().text()));
    if (!made.success) return;
    const asked = linkTokenBodySchema.safeParse(parse(bodyText));
    recordGenerated({
      atlasOrgId: orgId,
      fingerprint: await fingerprintOf(made.data.linkToken),
      accessListIps: asked.success ? (asked.data.accessListIps ?? []) : [],
      generatedAt: now,
      generatedBy: USER,
      via: 'generate',
    });
  } else if (op === 'deleteLinkToken') {
    if (answer.status === 204) markDeleted(orgId, now, USER);
    else if (answer.status === 404) markDeleted(orgId, now, null);
  } else if (answer.ok) {
    const source = SOURCE_UPSTREAMS.find((u) => SOURCE_OPS[u].connect === op);
    const pasted = connectBodySchema.safeParse(parse(bodyText));
    if (!source || !pasted.success) return;
    recordConnection(await fingerprintOf(pasted.data.linkToken), {
      source,
      orgId,
      connectedAt: now,
      connectedBy: USER,
      via: 'connect',
    });
  }
}

/** One step of Generate and connect against the fake upstream, as the proxy calls it. */
async function callStep(
  op: OperationId,
  orgId: string,
  body: unknown,
  request: Request,
): Promise<{ status: number; json: unknown }> {
  const url = new URL(routerPath(routes[op], 'upstream').replace(':orgId', orgId), request.url);
  const res = answerAsUpstream({
    op,
    url,
    params: { orgId },
    bodyText: JSON.stringify(body),
    scenario: scenarioFor(request.headers),
    challenge: false,
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json };
}

function failureOf(
  step: LinkStep,
  op: OperationId,
  answer: { status: number; json: unknown },
  atlasOrgId: string,
  tokenId: number | null,
): LinkFailure {
  const e = upstreamErrorSchema.safeParse(answer.json);
  return {
    source: 'link',
    error: answer.status,
    step,
    upstream: routes[op].upstream,
    upstreamStatus: answer.status,
    code: e.success ? (e.data.errorCode ?? null) : null,
    detail: (e.success ? (e.data.detail ?? e.data.reason) : undefined) ?? `HTTP ${answer.status}`,
    tokenCreated: step === 'connect' ? 'yes' : 'no',
    atlasOrgId,
    token: tokenId === null ? null : ledgerEntryById(tokenId),
  };
}

export function createLinkHandlers(): RequestHandler[] {
  return [
    http.post(LINK_ENDPOINTS.link, async ({ request }) => {
      const scenario = scenarioFor(request.headers);
      await simulateLatency(scenario);
      if (request.headers.get(CSRF_HEADER) !== CSRF_VALUE) {
        return toResponse(csrfRejected(), new URLSearchParams());
      }
      const text = await request.text();
      if (text.trim() === '') return refusedAnswer(PROXY_MESSAGES.bodyEmpty);
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        return refusedAnswer(PROXY_MESSAGES.bodyNotJson);
      }
      const parsed = linkRequestSchema.safeParse(raw);
      if (!parsed.success) {
        return refusedAnswer(PROXY_MESSAGES.invalid('body', describeProblems(parsed.error.issues)));
      }
      const body = parsed.data;
      if (scenario === 'upstream-down') {
        const down = upstreamDown('cloud');
        const failure: LinkFailure = {
          source: 'link',
          error: 502,
          step: 'createLinkToken',
          upstream: 'cloud',
          upstreamStatus: null,
          code: 'UPSTREAM_UNREACHABLE',
          detail: (down.body as { detail: string }).detail,
          tokenCreated: 'no',
          atlasOrgId: body.atlasOrgId,
          token: null,
        };
        return own(502, failure);
      }
      const accessListIps = body.accessListIps ?? [];
      const made = await callStep(
        'createLinkToken',
        body.atlasOrgId,
        accessListIps.length > 0 ? { accessListIps } : {},
        request,
      );
      const token = made.status < 300 ? linkTokenSchema.safeParse(made.json) : null;
      if (!token?.success) {
        return own(
          made.status,
          failureOf('createLinkToken', 'createLinkToken', made, body.atlasOrgId, null),
        );
      }
      const tokenId = recordGenerated({
        atlasOrgId: body.atlasOrgId,
        fingerprint: await fingerprintOf(token.data.linkToken),
        accessListIps,
        generatedAt: storeNow(),
        generatedBy: USER,
        via: 'link',
      });
      const connectOp = SOURCE_OPS[body.source].connect;
      const connected = await callStep(
        connectOp,
        body.sourceOrgId,
        { linkToken: token.data.linkToken },
        request,
      );
      if (connected.status >= 300) {
        return own(
          connected.status,
          failureOf('connect', connectOp, connected, body.atlasOrgId, tokenId),
        );
      }
      recordConnectionTo(tokenId, {
        source: body.source,
        orgId: body.sourceOrgId,
        connectedAt: storeNow(),
        connectedBy: USER,
        via: 'link',
      });
      const status = linkStatusSchema.safeParse(connected.json);
      const result: LinkResult = {
        source: body.source,
        sourceOrgId: body.sourceOrgId,
        atlasOrgId: body.atlasOrgId,
        status: status.success ? status.data.status : 'NOT_SYNCED',
        token: ledgerEntryById(tokenId),
      };
      return own(201, result);
    }),
    http.get(LINK_ENDPOINTS.linkTokens, async ({ request }) => {
      await simulateLatency(scenarioFor(request.headers));
      const atlasOrgId = new URL(request.url).searchParams.get('atlasOrgId') ?? '';
      if (!OBJECT_ID_PATTERN.test(atlasOrgId)) {
        return refusedAnswer(
          PROXY_MESSAGES.invalid(
            'query',
            'atlasOrgId: must be 24 characters: digits 0-9 and letters a-f',
          ),
        );
      }
      return own(200, { atlasOrgId, entries: ledgerOf(atlasOrgId) });
    }),
    http.get(LINK_ENDPOINTS.linkedTo, async ({ request }) => {
      await simulateLatency(scenarioFor(request.headers));
      const q = new URL(request.url).searchParams;
      const source = q.get('source') ?? '';
      const orgId = q.get('orgId') ?? '';
      if (!isSourceUpstream(source) || !OBJECT_ID_PATTERN.test(orgId)) {
        return refusedAnswer(PROXY_MESSAGES.invalid('query', 'source or orgId is not valid'));
      }
      return own(200, linkedTo(source, orgId, storeNow()));
    }),
  ];
}
