// One implementation of every operation of the route table over the in-memory store. The upstream
// handlers (upstream.ts) and the proxy handlers (proxy.ts) only differ in URL prefix and in the
// checks the proxy makes before it forwards a call.
import { delay } from 'msw';
import type { FieldProblem } from '#contract/proxy-messages';
import {
  MAX_ITEMS_PER_PAGE,
  routes,
  type BodyOf,
  type OperationId,
  type ParamsOf,
  type ResponseOf,
} from '#contract/route-table';
import { OBJECT_ID_PATTERN, type Org } from '#contract/schemas';
import {
  deleteLinkTokens,
  federationOfOrg,
  findCloudOrg,
  findFederation,
  issueLinkToken,
  listCloudOrgs,
  removeConnectedOrg,
  tokenWasIssued,
  tokenWasRevoked,
} from '../db/cloud';
import {
  createLink,
  deleteLink,
  findOpsOrg,
  getLink,
  linkStatus,
  listOpsOrgs,
} from '../db/opsmanager';
import type { OrgRecord } from '../db/seed-data';
import '../db/store';
import {
  LIST_OPERATIONS,
  RATE_LIMITED_RETRY_AFTER_S,
  BURST_LIMIT,
  SLOW_DELAY_MS,
  nextFlap,
  takeBurstSlot,
  type ScenarioName,
} from '../scenarios';
import {
  LAST_ORG_DETAIL,
  NO_LINK_DETAIL,
  UPSTREAM_ERROR_CODES as CODES,
  json,
  noContent,
  toResponse,
  upstreamError,
  type MockAnswer,
} from './response-builders';

export interface OpContext {
  /** The URL the request came to (links in answers point back at it). */
  url: URL;
  scenario: ScenarioName | null;
  now: number;
}

// ---------- latency and scenario gate ----------

let latency: readonly [number, number] | null = null;

/** Adds a random delay in [min, max] ms to every answer (the browser worker); null = none. */
export function setMockLatency(range: readonly [number, number] | null): void {
  latency = range;
}

/** Waits as long as the latency setting and the slow scenario say. */
export async function simulateLatency(scenario: ScenarioName | null): Promise<void> {
  if (latency) {
    // Math.random is fine here: timing, not data.
    const [min, max] = latency;
    await delay(min + Math.floor(Math.random() * (max - min)));
  }
  if (scenario === 'slow') await delay(SLOW_DELAY_MS);
}

let challengeCount = 0;

/**
 * Scenario answers that replace the real one (401, 403, 429). `challenge` adds the Digest
 * WWW-Authenticate header a real upstream sends with its 401 (not the proxy).
 */
export function scenarioGate(
  op: OperationId,
  scenario: ScenarioName | null,
  options: { challenge: boolean; now?: number },
): MockAnswer | null {
  const isList = LIST_OPERATIONS.includes(op);
  switch (scenario) {
    case 'unauthorized': {
      const headers: Record<string, string> = {};
      if (options.challenge) {
        challengeCount += 1;
        const nonce = btoa(`${options.now ?? Date.now()}:${challengeCount}:scenario`);
        headers['WWW-Authenticate'] =
          `Digest realm="MMS Public API", domain="", nonce="${nonce}", algorithm=MD5, qop="auth", stale=false`;
      }
      return upstreamError(401, null, 'You are not authorized for this resource.', { headers });
    }
    case 'forbidden':
      return isList
        ? null
        : upstreamError(
            403,
            CODES.forbidden,
            'The API key is not authorized for this resource: it needs the Organization Owner role.',
          );
    case 'rate-limited':
      return isList ? null : tooManyRequests(RATE_LIMITED_RETRY_AFTER_S, 100, 'Too many requests.');
    case 'burst-limit': {
      if (op !== 'getLinkStatus') return null;
      const wait = takeBurstSlot(options.now);
      return wait === null
        ? null
        : tooManyRequests(wait, BURST_LIMIT.max, 'Too many link status requests.');
    }
    default:
      return null;
  }
}

function tooManyRequests(retryAfter: number, limit: number, what: string): MockAnswer {
  return upstreamError(429, CODES.rateLimited, `${what} Retry after ${retryAfter} seconds.`, {
    headers: {
      'Retry-After': String(retryAfter),
      'RateLimit-Limit': String(limit),
      'RateLimit-Remaining': '0',
    },
  });
}

// ---------- request checks ----------

export type IdCheck =
  { ok: true; ids: Record<string, string> } | { ok: false; param: string; value: string };

/** Checks every path parameter of the operation against the 24-hex ID pattern. */
export function readIds(
  op: OperationId,
  params: Record<string, string | readonly string[] | undefined>,
): IdCheck {
  const ids: Record<string, string> = {};
  for (const name of routes[op].params) {
    const value = params[name];
    if (typeof value !== 'string' || !OBJECT_ID_PATTERN.test(value)) {
      return { ok: false, param: name, value: typeof value === 'string' ? value : '' };
    }
    ids[name] = value;
  }
  return { ok: true, ids };
}

export function invalidIdAnswer(param: string): MockAnswer {
  return upstreamError(400, CODES.invalidAttribute, `Invalid attribute ${param} specified.`);
}

export type BodyCheck =
  | { ok: true; body: unknown }
  | {
      ok: false;
      kind: 'json' | 'schema';
      fields: { field: string; description: string }[];
      /** zod's own problems, for the proxy's refusal (contract/proxy-messages.ts). */
      problems: FieldProblem[];
    };

/** Parses and validates the request body with the route table's zod schema. */
export function readBody(op: OperationId, text: string): BodyCheck {
  const schema = routes[op].body;
  if (schema === null) return { ok: true, body: undefined };
  let raw: unknown = {};
  if (text.trim() !== '') {
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, kind: 'json', fields: [], problems: [] };
    }
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, body: parsed.data };
  const fields = parsed.error.issues.flatMap((issue) => {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({
        field: at ? `${at}.${k}` : k,
        description: 'is not a known attribute',
      }));
    }
    return [{ field: at || 'body', description: issue.message }];
  });
  return { ok: false, kind: 'schema', fields, problems: parsed.error.issues };
}

export function describeFields(fields: { field: string; description: string }[]): string {
  return fields.map((f) => `${f.field}: ${f.description}`).join('; ');
}

export function invalidBodyAnswer(check: Extract<BodyCheck, { ok: false }>): MockAnswer {
  if (check.kind === 'json') {
    return upstreamError(400, CODES.malformedJson, 'Received JSON is malformed.');
  }
  return upstreamError(
    400,
    CODES.validation,
    `The request body is invalid: ${describeFields(check.fields)}.`,
    { fields: check.fields },
  );
}

// ---------- the operations ----------

type Impl<Op extends OperationId> = (
  ids: ParamsOf<Op>,
  body: BodyOf<Op>,
  ctx: OpContext,
) => MockAnswer;

function ok<Op extends OperationId>(op: Op, data: ResponseOf<Op>): MockAnswer {
  return json(routes[op].successStatus, data);
}

function orgJson(org: OrgRecord, href: string): Org {
  return { id: org.id, isDeleted: org.isDeleted, links: [{ href, rel: 'self' }], name: org.name };
}

function orgNotFound(id: string): MockAnswer {
  return upstreamError(404, CODES.orgNotFound, `No organization with ID ${id} exists.`);
}

function federationNotFound(id: string): MockAnswer {
  return upstreamError(
    404,
    CODES.federationNotFound,
    `No federation settings with ID ${id} exist.`,
  );
}

/** Reads pageNum (default 1) and itemsPerPage (default 100, 1..500) and cuts one page. */
function paginate<T, R>(
  items: readonly T[],
  ctx: OpContext,
  toJson: (item: T) => R,
): { results: R[]; totalCount: number; links: { href: string; rel: string }[] } | MockAnswer {
  const q = ctx.url.searchParams;
  const read = (name: string, fallback: number, max: number): number | string => {
    const raw = q.get(name);
    if (raw === null || raw === '') return fallback;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > max) {
      return `Invalid ${name} value ${raw}: must be an integer from 1 to ${max}.`;
    }
    return n;
  };
  const pageNum = read('pageNum', 1, Number.MAX_SAFE_INTEGER);
  const itemsPerPage = read('itemsPerPage', 100, MAX_ITEMS_PER_PAGE);
  if (typeof pageNum === 'string') return upstreamError(400, CODES.invalidQuery, pageNum);
  if (typeof itemsPerPage === 'string') return upstreamError(400, CODES.invalidQuery, itemsPerPage);
  const start = (pageNum - 1) * itemsPerPage;
  const href = (n: number) =>
    `${ctx.url.origin}${ctx.url.pathname}?pageNum=${n}&itemsPerPage=${itemsPerPage}`;
  const links = [{ href: href(pageNum), rel: 'self' }];
  if (start + itemsPerPage < items.length) links.push({ href: href(pageNum + 1), rel: 'next' });
  if (pageNum > 1) links.push({ href: href(pageNum - 1), rel: 'previous' });
  return {
    results: items.slice(start, start + itemsPerPage).map(toJson),
    totalCount: items.length,
    links,
  };
}

function isAnswer(v: object): v is MockAnswer {
  return 'status' in v && 'headers' in v;
}

/** Base64 or base64url text, optionally padded: what a pasted link-token looks like. */
const BASE64ISH = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Which link-tokens connect: every token this fake issued (createLinkToken) and not deleted since,
 * plus any other base64-looking token (the body schema already demands 16+ characters and no
 * whitespace), so a tester can paste anything plausible. Refused with 400: a token starting with
 * "expired" (LINK_TOKEN_EXPIRED), a deleted one, or one that is not base64 (INVALID_LINK_TOKEN).
 */
function checkLinkToken(token: string): MockAnswer | null {
  if (tokenWasRevoked(token)) {
    return upstreamError(
      400,
      CODES.invalidLinkToken,
      'The link-token is no longer valid: it was deleted in Atlas. Generate a new link-token.',
    );
  }
  if (/^expired/i.test(token)) {
    return upstreamError(
      400,
      CODES.linkTokenExpired,
      'The link-token has expired. Generate a new link-token in Atlas.',
    );
  }
  if (tokenWasIssued(token) || BASE64ISH.test(token)) return null;
  return upstreamError(
    400,
    CODES.invalidLinkToken,
    'The link-token is not valid. Copy it again from Atlas.',
  );
}

const implementations: { [Op in OperationId]: Impl<Op> } = {
  listOrgs: (_ids, _body, ctx) => {
    const page = paginate(listOpsOrgs(ctx.scenario === 'many-orgs'), ctx, (o) =>
      orgJson(o, `${ctx.url.origin}${ctx.url.pathname}/${o.id}`),
    );
    return isAnswer(page) ? page : ok('listOrgs', page);
  },
  getOrg: ({ orgId }, _body, ctx) => {
    const org = findOpsOrg(orgId, ctx.scenario === 'many-orgs');
    return org ? ok('getOrg', orgJson(org, ctx.url.origin + ctx.url.pathname)) : orgNotFound(orgId);
  },
  connectOrg: ({ orgId }, body, ctx) => {
    if (!findOpsOrg(orgId, ctx.scenario === 'many-orgs')) return orgNotFound(orgId);
    if (getLink(orgId)) {
      return upstreamError(
        409,
        CODES.orgAlreadyLinked,
        'This organization is already connected to an Atlas organization. Remove the connection first.',
      );
    }
    const refused = checkLinkToken(body.linkToken);
    if (refused) return refused;
    const link = createLink(orgId, ctx.now);
    return ok('connectOrg', { status: linkStatus(link, ctx.now) });
  },
  getLinkStatus: ({ orgId }, _body, ctx) => {
    if (!findOpsOrg(orgId, ctx.scenario === 'many-orgs')) return orgNotFound(orgId);
    const link = getLink(orgId);
    if (!link) return upstreamError(404, CODES.unexpected, NO_LINK_DETAIL);
    if (ctx.scenario === 'flapping') {
      return ok('getLinkStatus', { status: nextFlap(orgId) ? 'SYNCED' : 'NOT_SYNCED' });
    }
    return ok('getLinkStatus', { status: linkStatus(link, ctx.now) });
  },
  removeLink: ({ orgId }, _body, ctx) => {
    if (!findOpsOrg(orgId, ctx.scenario === 'many-orgs')) return orgNotFound(orgId);
    return deleteLink(orgId) ? noContent() : upstreamError(404, CODES.unexpected, NO_LINK_DETAIL);
  },
  createLinkToken: ({ orgId }, body, ctx) => {
    if (!findCloudOrg(orgId)) return orgNotFound(orgId);
    // Real servers answer 201 (FACTS.md); the OpenAPI text says 200.
    return ok('createLinkToken', {
      linkToken: issueLinkToken(orgId, body.accessListIps ?? [], ctx.now),
    });
  },
  deleteLinkToken: ({ orgId }) => {
    if (!findCloudOrg(orgId)) return orgNotFound(orgId);
    return deleteLinkTokens(orgId)
      ? noContent()
      : upstreamError(404, CODES.unexpected, NO_LINK_DETAIL);
  },
  getOrgFederation: ({ orgId }) => {
    if (!findCloudOrg(orgId)) return orgNotFound(orgId);
    const found = federationOfOrg(orgId);
    if (!found) {
      return upstreamError(
        404,
        CODES.federationNotFound,
        `Organization ${orgId} is not connected to a federation.`,
      );
    }
    const { federation, config } = found;
    return ok('getOrgFederation', {
      federatedDomains: federation.federatedDomains,
      hasRoleMappings: (config.roleMappings?.length ?? 0) > 0,
      id: federation.id,
      identityProviderId: federation.identityProviderId,
      identityProviderStatus: federation.identityProviderStatus,
    });
  },
  listConnectedOrgs: ({ federationId }, _body, ctx) => {
    const federation = findFederation(federationId);
    if (!federation) return federationNotFound(federationId);
    const page = paginate(federation.connectedOrgs, ctx, (c) => structuredClone(c));
    return isAnswer(page) ? page : ok('listConnectedOrgs', page);
  },
  removeConnectedOrg: ({ federationId, orgId }) => {
    const federation = findFederation(federationId);
    if (!federation) return federationNotFound(federationId);
    switch (removeConnectedOrg(federation, orgId)) {
      case 'removed':
        return noContent();
      case 'last-org':
        return upstreamError(400, CODES.lastConnectedOrg, LAST_ORG_DETAIL);
      case 'not-connected':
        return upstreamError(
          404,
          CODES.connectedOrgNotFound,
          `Organization ${orgId} is not connected to federation ${federationId}.`,
        );
    }
  },
  listCloudOrgs: (_ids, _body, ctx) => {
    const page = paginate(listCloudOrgs(), ctx, (o) =>
      orgJson(o, `${ctx.url.origin}${ctx.url.pathname}/${o.id}`),
    );
    return isAnswer(page) ? page : ok('listCloudOrgs', page);
  },
  getCloudOrg: ({ orgId }, _body, ctx) => {
    const org = findCloudOrg(orgId);
    return org
      ? ok('getCloudOrg', orgJson(org, ctx.url.origin + ctx.url.pathname))
      : orgNotFound(orgId);
  },
};

/** Runs one operation on the store; IDs and body must already be checked. */
export function runOperation(
  op: OperationId,
  ids: Record<string, string>,
  body: unknown,
  ctx: OpContext,
): MockAnswer {
  const impl = implementations[op] as (
    ids: Record<string, string>,
    body: unknown,
    ctx: OpContext,
  ) => MockAnswer;
  return impl(ids, body, ctx);
}

export interface UpstreamCall {
  op: OperationId;
  url: URL;
  params: Record<string, string | readonly string[] | undefined>;
  /** The request body as text ('' when none). */
  bodyText: string;
  scenario: ScenarioName | null;
  /** Add a Digest challenge to a scenario 401, as a real upstream does (not the proxy). */
  challenge: boolean;
}

/** The upstream side of a call after latency: scenario gate, checks, the operation. */
export function answerAsUpstream(call: UpstreamCall): Response {
  const { op, url, scenario } = call;
  const now = Date.now();
  const answer = ((): MockAnswer => {
    const gated = scenarioGate(op, scenario, { challenge: call.challenge, now });
    if (gated) return gated;
    const ids = readIds(op, call.params);
    if (!ids.ok) return invalidIdAnswer(ids.param);
    const body = readBody(op, call.bodyText);
    if (!body.ok) return invalidBodyAnswer(body);
    return runOperation(op, ids.ids, body.body, { url, scenario, now });
  })();
  return toResponse(answer, url.searchParams);
}

/** Reads the body of an operation that takes one ('' otherwise, without touching the stream). */
export async function bodyTextOf(op: OperationId, request: Request): Promise<string> {
  return routes[op].body ? request.text() : '';
}
