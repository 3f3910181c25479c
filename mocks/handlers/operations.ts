// One implementation of every operation of the route table over the in-memory store. The upstream
// handlers (upstream.ts) and the proxy handlers (proxy.ts) only differ in URL prefix and in the
// checks the proxy makes before it forwards a call.
import { delay } from 'msw';
import type { FieldProblem } from '#contract/proxy-messages';
import {
  MAX_ITEMS_PER_PAGE,
  atlasMediaType,
  routes,
  type BodyOf,
  type OperationId,
  type ParamsOf,
  type ResponseOf,
  type SourceUpstream,
} from '#contract/route-table';
import { OBJECT_ID_PATTERN, type LiveMigrationRequest, type Org } from '#contract/schemas';
import {
  atlasOrgOfToken,
  atlasProjectsOf,
  deleteFederation,
  deleteLinkTokens,
  federationOfOrg,
  findAtlasProject,
  findCloudOrg,
  findFederation,
  issueLinkToken,
  listCloudOrgs,
  removeConnectedOrg,
  tokenWasIssued,
  tokenWasRevoked,
} from '../db/cloud';
import { SOURCE_STORES } from '../db/cloudmanager';
import { storeNow } from '../db/clock';
import {
  activeMigrationProjects,
  availableProjectJson,
  availableSources,
  createMigrationRecord,
  createValidation,
  findMigration,
  findValidation,
  judgeRequest,
  migrationView,
  requestCutover,
  validationView,
  type MigrationRecord,
} from '../db/migrations';
import type { AtlasProjectRecord, IdentityProviderRecord, OrgRecord } from '../db/seed-data';
import { linkStatus } from '../db/source-orgs';
import '../db/store';
import {
  CONNECT_OPERATIONS,
  LIST_OPERATIONS,
  migrationBehaviorFor,
  RATE_LIMITED_RETRY_AFTER_S,
  BURST_LIMIT,
  SLOW_DELAY_MS,
  STATUS_OPERATIONS,
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
    case 'connect-forbidden':
      return CONNECT_OPERATIONS.includes(op)
        ? upstreamError(
            403,
            CODES.forbidden,
            'The API key is not authorized for this resource: it needs the Organization Owner role in the source organization.',
          )
        : null;
    case 'rate-limited':
      return isList ? null : tooManyRequests(RATE_LIMITED_RETRY_AFTER_S, 100, 'Too many requests.');
    case 'burst-limit': {
      if (!STATUS_OPERATIONS.includes(op)) return null;
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

// ---------- source orgs (Ops Manager and Cloud Manager alike) ----------

/** Only Ops Manager has the many-orgs scenario's 5,000 orgs. */
const manyOrgs = (upstream: SourceUpstream, ctx: OpContext) =>
  upstream === 'opsmanager' && ctx.scenario === 'many-orgs';

function activeMigrationConflict(projectIds: string[]): MockAnswer | null {
  if (projectIds.length === 0) return null;
  return upstreamError(
    409,
    CODES.activeMigration,
    `Cannot delete organization link while there is active migration in following project ids: ${projectIds.join(', ')}`,
  );
}

const source = {
  list(upstream: SourceUpstream, ctx: OpContext) {
    return paginate(SOURCE_STORES[upstream].list(manyOrgs(upstream, ctx)), ctx, (o) =>
      orgJson(o, `${ctx.url.origin}${ctx.url.pathname}/${o.id}`),
    );
  },
  get(upstream: SourceUpstream, orgId: string, ctx: OpContext): Org | MockAnswer {
    const org = SOURCE_STORES[upstream].find(orgId, manyOrgs(upstream, ctx));
    return org ? orgJson(org, ctx.url.origin + ctx.url.pathname) : orgNotFound(orgId);
  },
  connect(upstream: SourceUpstream, orgId: string, linkToken: string, ctx: OpContext) {
    const store = SOURCE_STORES[upstream];
    if (!store.find(orgId, manyOrgs(upstream, ctx))) return orgNotFound(orgId);
    if (store.getLink(orgId)) {
      return upstreamError(
        409,
        CODES.orgAlreadyLinked,
        'This organization is already connected to an Atlas organization. Remove the connection first.',
      );
    }
    const refused = checkLinkToken(linkToken);
    if (refused) return refused;
    // A token from the fake Atlas connects either source product, and records its Atlas org.
    const link = store.createLink(orgId, ctx.now, {
      atlasOrgId: atlasOrgOfToken(linkToken),
      token: tokenWasIssued(linkToken) ? linkToken : null,
    });
    return { status: linkStatus(link, ctx.now) } as const;
  },
  status(upstream: SourceUpstream, orgId: string, ctx: OpContext) {
    const store = SOURCE_STORES[upstream];
    if (!store.find(orgId, manyOrgs(upstream, ctx))) return orgNotFound(orgId);
    const link = store.getLink(orgId);
    if (!link) return upstreamError(404, CODES.unexpected, NO_LINK_DETAIL);
    if (ctx.scenario === 'flapping') {
      return { status: nextFlap(orgId) ? 'SYNCED' : 'NOT_SYNCED' } as const;
    }
    return { status: linkStatus(link, ctx.now) } as const;
  },
  remove(upstream: SourceUpstream, orgId: string, ctx: OpContext): MockAnswer {
    const store = SOURCE_STORES[upstream];
    if (!store.find(orgId, manyOrgs(upstream, ctx))) return orgNotFound(orgId);
    if (!store.getLink(orgId)) return upstreamError(404, CODES.unexpected, NO_LINK_DETAIL);
    const conflict = activeMigrationConflict(
      activeMigrationProjects(
        (m) => m.source.upstream === upstream && m.source.orgId === orgId,
        ctx.now,
      ),
    );
    if (conflict) return conflict;
    store.deleteLink(orgId);
    return noContent();
  },
};

/** A shared source helper's result: already an (error) answer, or the operation's success data. */
function answerOr<Op extends OperationId>(op: Op, v: ResponseOf<Op> | MockAnswer): MockAnswer {
  return v !== null && isAnswer(v) ? v : ok(op, v);
}

// ---------- migrations ----------

function groupNotFound(groupId: string): MockAnswer {
  return upstreamError(404, CODES.groupNotFound, `No group with ID ${groupId} exists.`);
}

/** The synchronous checks of validate and create: the project, the body's own, the target. */
function migrationTarget(
  groupId: string,
  body: LiveMigrationRequest,
): { project: AtlasProjectRecord; diskSizeGB: number } | MockAnswer {
  const project = findAtlasProject(groupId);
  if (!project) return groupNotFound(groupId);
  if (body.destination.groupId !== groupId) {
    const fields = [
      { field: 'destination.groupId', description: 'must be the project in the request path' },
    ];
    return upstreamError(
      400,
      CODES.validation,
      `The request body is invalid: ${describeFields(fields)}.`,
      { fields },
    );
  }
  const cluster = project.clusters.find((c) => c.name === body.destination.clusterName);
  if (!cluster) {
    return upstreamError(
      404,
      CODES.clusterNotFound,
      `No cluster named ${body.destination.clusterName} exists in group ${groupId}.`,
    );
  }
  return { project, diskSizeGB: cluster.diskSizeGB };
}

function migrationJson(m: MigrationRecord, now: number) {
  const view = migrationView(m, now);
  return {
    _id: m.id,
    lagTimeSeconds: view.lagTimeSeconds,
    migrationHosts: [...m.migrationHosts],
    readyForCutover: view.readyForCutover,
    status: view.status,
  };
}

function migrationNotFound(what: 'migration' | 'validation job', id: string, groupId: string) {
  return upstreamError(
    404,
    CODES.resourceNotFound,
    `No live ${what} with ID ${id} exists in group ${groupId}.`,
  );
}

function idpJson(idp: IdentityProviderRecord, federationId: string) {
  const federation = findFederation(federationId);
  const associatedOrgs = (federation?.connectedOrgs ?? []).filter(
    (c) => c.identityProviderId === idp.oktaIdpId || c.identityProviderId === idp.id,
  );
  return {
    acsUrl: idp.acsUrl,
    associatedDomains: [...idp.associatedDomains],
    associatedOrgs: structuredClone(associatedOrgs),
    audienceUri: idp.audienceUri,
    createdAt: idp.createdAt,
    description: idp.description,
    displayName: idp.displayName,
    id: idp.id,
    idpType: idp.idpType,
    issuerUri: idp.issuerUri,
    oktaIdpId: idp.oktaIdpId,
    pemFileInfo: {
      certificates: idp.certificates.map((c) => ({ ...c })),
      fileName: `${idp.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.pem`,
    },
    protocol: idp.protocol,
    requestBinding: 'HTTP-POST' as const,
    responseSignatureAlgorithm: 'SHA-256' as const,
    ssoDebugEnabled: false,
    ssoUrl: idp.ssoUrl,
    status: idp.status,
    updatedAt: idp.updatedAt,
  };
}

const implementations: { [Op in OperationId]: Impl<Op> } = {
  listOrgs: (_ids, _body, ctx) => answerOr('listOrgs', source.list('opsmanager', ctx)),
  getOrg: ({ orgId }, _body, ctx) => answerOr('getOrg', source.get('opsmanager', orgId, ctx)),
  connectOrg: ({ orgId }, body, ctx) =>
    answerOr('connectOrg', source.connect('opsmanager', orgId, body.linkToken, ctx)),
  getLinkStatus: ({ orgId }, _body, ctx) =>
    answerOr('getLinkStatus', source.status('opsmanager', orgId, ctx)),
  removeLink: ({ orgId }, _body, ctx) => source.remove('opsmanager', orgId, ctx),

  listCloudManagerOrgs: (_ids, _body, ctx) =>
    answerOr('listCloudManagerOrgs', source.list('cloudmanager', ctx)),
  getCloudManagerOrg: ({ orgId }, _body, ctx) =>
    answerOr('getCloudManagerOrg', source.get('cloudmanager', orgId, ctx)),
  connectCloudManagerOrg: ({ orgId }, body, ctx) =>
    answerOr('connectCloudManagerOrg', source.connect('cloudmanager', orgId, body.linkToken, ctx)),
  getCloudManagerLinkStatus: ({ orgId }, _body, ctx) =>
    answerOr('getCloudManagerLinkStatus', source.status('cloudmanager', orgId, ctx)),
  removeCloudManagerLink: ({ orgId }, _body, ctx) => source.remove('cloudmanager', orgId, ctx),

  createLinkToken: ({ orgId }, body, ctx) => {
    if (!findCloudOrg(orgId)) return orgNotFound(orgId);
    // Real servers answer 201 (FACTS.md); the OpenAPI text says 200.
    return ok('createLinkToken', {
      linkToken: issueLinkToken(orgId, body.accessListIps ?? [], ctx.now),
    });
  },
  deleteLinkToken: ({ orgId }, _body, ctx) => {
    if (!findCloudOrg(orgId)) return orgNotFound(orgId);
    const conflict = activeMigrationConflict(
      activeMigrationProjects((m) => m.atlasOrgId === orgId, ctx.now),
    );
    if (conflict) return conflict;
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

  listAvailableProjects: ({ orgId }, _body, ctx) => {
    if (!findCloudOrg(orgId)) return orgNotFound(orgId);
    return ok(
      'listAvailableProjects',
      availableSources(orgId, ctx.now).map((s) => availableProjectJson(s.project)),
    );
  },
  validateMigration: ({ groupId }, body, ctx) => {
    const target = migrationTarget(groupId, body);
    if (isAnswer(target)) return target;
    const verdict = judgeRequest(target.project.orgId, body, target.diskSizeGB, ctx.now);
    // Only the verdict is kept: never the request (its password is write-only).
    const v = createValidation(groupId, body.source.groupId, verdict.failure, ctx.now);
    return ok('validateMigration', {
      _id: v.id,
      groupId,
      sourceGroupId: v.sourceGroupId,
      ...validationView(v, ctx.now),
    });
  },
  getMigrationValidation: ({ groupId, validationId }, _body, ctx) => {
    const v = findValidation(groupId, validationId);
    if (!v) return migrationNotFound('validation job', validationId, groupId);
    return ok('getMigrationValidation', {
      _id: v.id,
      groupId,
      sourceGroupId: v.sourceGroupId,
      ...validationView(v, ctx.now),
    });
  },
  createMigration: ({ groupId }, body, ctx) => {
    const target = migrationTarget(groupId, body);
    if (isAnswer(target)) return target;
    const verdict = judgeRequest(target.project.orgId, body, target.diskSizeGB, ctx.now);
    if (verdict.failure !== null || !verdict.source) {
      return upstreamError(
        400,
        CODES.migrationValidationFailed,
        verdict.failure ?? 'The migration request is not valid.',
      );
    }
    const m = createMigrationRecord(
      {
        groupId,
        atlasOrgId: target.project.orgId,
        source: {
          upstream: verdict.source.upstream,
          orgId: verdict.source.orgId,
          groupId: body.source.groupId,
          clusterName: body.source.clusterName,
        },
        destinationCluster: body.destination.clusterName,
        migrationHosts: body.migrationHosts,
        dropDestinationData: body.dropDestinationData ?? false,
        behavior: migrationBehaviorFor(ctx.scenario),
      },
      ctx.now,
    );
    return ok('createMigration', migrationJson(m, ctx.now));
  },
  getMigration: ({ groupId, liveMigrationId }, _body, ctx) => {
    const m = findMigration(groupId, liveMigrationId);
    if (!m) return migrationNotFound('migration', liveMigrationId, groupId);
    return ok('getMigration', migrationJson(m, ctx.now));
  },
  cutOverMigration: ({ groupId, liveMigrationId }, _body, ctx) => {
    const m = findMigration(groupId, liveMigrationId);
    if (!m) return migrationNotFound('migration', liveMigrationId, groupId);
    const result = requestCutover(m, ctx.now);
    if (result !== 'accepted') return upstreamError(400, CODES.cannotCutOver, result.refused);
    return noContent(202);
  },
  listAtlasProjects: ({ orgId }, _body, ctx) => {
    if (!findCloudOrg(orgId)) return orgNotFound(orgId);
    const page = paginate(atlasProjectsOf(orgId), ctx, (p) => ({
      clusterCount: p.clusters.length,
      id: p.id,
      name: p.name,
      orgId: p.orgId,
    }));
    return isAnswer(page) ? page : ok('listAtlasProjects', page);
  },
  listClusters: ({ groupId }, _body, ctx) => {
    const project = findAtlasProject(groupId);
    if (!project) return groupNotFound(groupId);
    const page = paginate(project.clusters, ctx, (c) => ({ ...c }));
    return isAnswer(page) ? page : ok('listClusters', page);
  },

  listIdentityProviders: ({ federationId }, _body, ctx) => {
    const federation = findFederation(federationId);
    if (!federation) return federationNotFound(federationId);
    const page = paginate(federation.identityProviders, ctx, (idp) => idpJson(idp, federationId));
    return isAnswer(page) ? page : ok('listIdentityProviders', page);
  },
  deleteFederation: ({ federationId }) => {
    const result = deleteFederation(federationId);
    if (result === 'not-found') return federationNotFound(federationId);
    if (result === 'deleted') return noContent();
    return upstreamError(
      400,
      CODES.federationHasOrgs,
      `A federation can be deleted only when one organization is connected to it; ${result.connectedOrgs} are. Remove the others first.`,
    );
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
  /**
   * An Atlas v2 call's media-type check (upstream fakes only; the proxy fakes stand for the proxy,
   * which adds the version itself): the request's Accept and Content-Type headers, and the
   * version the route expects. Success answers then carry that versioned Content-Type.
   */
  versioned?: { version: string; accept: string | null; contentType: string | null };
  /** Extra headers on every answer (rate-limit headers). */
  headers?: Record<string, string>;
}

/** The upstream side of a call after latency: scenario gate, version, checks, the operation. */
export function answerAsUpstream(call: UpstreamCall): Response {
  const { op, url, scenario } = call;
  const now = storeNow();
  const answer = ((): MockAnswer => {
    const gated = scenarioGate(op, scenario, { challenge: call.challenge, now });
    if (gated) return gated;
    if (call.versioned) {
      const refused = checkVersion(op, call.versioned);
      if (refused) return refused;
    }
    const ids = readIds(op, call.params);
    if (!ids.ok) return invalidIdAnswer(ids.param);
    const body = readBody(op, call.bodyText);
    if (!body.ok) return invalidBodyAnswer(body);
    const done = runOperation(op, ids.ids, body.body, { url, scenario, now });
    if (call.versioned && done.status < 300 && done.body !== undefined) {
      done.headers = { ...done.headers, 'Content-Type': atlasMediaType(call.versioned.version) };
    }
    return done;
  })();
  // The answer's own headers win (a scenario's 429 states its own limit).
  if (call.headers) answer.headers = { ...call.headers, ...answer.headers };
  return toResponse(answer, url.searchParams);
}

/** Media types named in an Accept or Content-Type value, lower case, parameters dropped. */
function mediaTypes(value: string | null): string[] {
  return (value ?? '')
    .split(',')
    .map((t) => (t.split(';')[0] ?? '').trim().toLowerCase())
    .filter(Boolean);
}

/**
 * Atlas v2 wants `Accept: application/vnd.atlas.<version>+json` and the same Content-Type on a body
 * (FACTS.md). Assumed: anything else gets 406 INVALID_VERSION_DATE.
 */
function checkVersion(
  op: OperationId,
  v: NonNullable<UpstreamCall['versioned']>,
): MockAnswer | null {
  const wanted = atlasMediaType(v.version);
  const accepted = mediaTypes(v.accept);
  const versions = accepted
    .map((t) => /^application\/vnd\.atlas\.(.+)\+json$/.exec(t)?.[1])
    .filter((x): x is string => x !== undefined);
  if (!accepted.includes(wanted)) {
    const asked = versions.length ? `version ${versions.join(', ')}` : 'no version';
    return upstreamError(
      406,
      CODES.invalidVersion,
      `The request asked for ${asked}; this resource needs Accept: ${wanted}.`,
    );
  }
  if (routes[op].body !== null && !mediaTypes(v.contentType).includes(wanted)) {
    return upstreamError(
      406,
      CODES.invalidVersion,
      `The request body must be sent as Content-Type: ${wanted}.`,
    );
  }
  return null;
}

/** Reads the body of an operation that takes one ('' otherwise, without touching the stream). */
export async function bodyTextOf(op: OperationId, request: Request): Promise<string> {
  return routes[op].body ? request.text() : '';
}
