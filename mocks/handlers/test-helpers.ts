// Calls the fakes in-process (no network) for mocks/ tests: builds the URL from the route table,
// runs msw's getResponse over the handlers and returns status, headers and parsed JSON.
import { getResponse } from 'msw';
import {
  atlasMediaType,
  routerPath,
  routes,
  routeSpec,
  type OperationId,
} from '#contract/route-table';
import { CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { setStoreClock } from '../db/clock';
import {
  FIXTURE_IDS as F,
  MIGRATION_FIXTURES,
  SAMPLE_LINK_TOKENS,
  migrationRequest,
} from '../db/fixtures';
import { findMigration, migrationView } from '../db/migrations';
import { createProxyHandlers } from './proxy';
import { createUpstreamHandlers } from './upstream';

export const TEST_OPSMANAGER_BASE = 'http://opsmanager.test';
export const TEST_CLOUD_BASE = 'http://cloud.test';
/** Cloud Manager shares the real host with Atlas; msw needs a URL of its own. */
export const TEST_CLOUDMANAGER_BASE = 'http://cloudmanager.test';
/** Where relative proxy handler paths resolve in these tests (jsdom uses its location). */
export const TEST_PROXY_ORIGIN = 'http://console.test';

const upstreamHandlers = createUpstreamHandlers({
  opsmanagerBase: TEST_OPSMANAGER_BASE,
  cloudBase: TEST_CLOUD_BASE,
  cloudmanagerBase: TEST_CLOUDMANAGER_BASE,
});

const TEST_BASES = {
  opsmanager: TEST_OPSMANAGER_BASE,
  cloudmanager: TEST_CLOUDMANAGER_BASE,
  cloud: TEST_CLOUD_BASE,
} as const;
const proxyHandlers = createProxyHandlers();

export interface CallInput {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Upstream calls of a versioned route send its Atlas media type in Accept (and Content-Type),
   * as the proxy does; `false` sends plain JSON types; `'v1Path'` calls the route's v1.0 path.
   */
  atlas?: false | 'v1Path';
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when empty. */
  json: unknown;
  response: Response;
}

/** The route's path on one side, `:param` filled with whatever it is given (even invalid IDs). */
function path(
  op: OperationId,
  side: 'upstream' | 'proxy' | 'v1Path',
  params: Record<string, string>,
): string {
  const template =
    side === 'v1Path'
      ? (routeSpec(op).v1Path ?? '').replace(/\{(\w+)\}/g, ':$1')
      : routerPath(routes[op], side);
  return template.replace(/:(\w+)/g, (_, name: string) => params[name] ?? '');
}

function withQuery(url: string, query: CallInput['query']): string {
  const qs = new URLSearchParams(
    Object.entries(query ?? {}).map(([k, v]) => [k, String(v)] as [string, string]),
  ).toString();
  return qs ? `${url}?${qs}` : url;
}

async function read(response: Response): Promise<CallResult> {
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: text ? (JSON.parse(text) as unknown) : undefined,
    response,
  };
}

function init(
  op: OperationId,
  input: CallInput,
  extraHeaders: Record<string, string>,
  mediaType = 'application/json',
) {
  const r = routes[op];
  const headers: Record<string, string> = { accept: mediaType, ...extraHeaders };
  let body: string | undefined;
  if (input.body !== undefined) {
    body = typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
    headers['content-type'] = mediaType;
  }
  return { method: r.method, headers: { ...headers, ...input.headers }, body };
}

export async function callUpstream(op: OperationId, input: CallInput = {}): Promise<CallResult> {
  const r = routes[op];
  const version = routeSpec(op).version;
  const side = input.atlas === 'v1Path' ? 'v1Path' : 'upstream';
  const mediaType =
    version && input.atlas === undefined ? atlasMediaType(version) : 'application/json';
  const url = withQuery(TEST_BASES[r.upstream] + path(op, side, input.params ?? {}), input.query);
  const response = await getResponse(
    upstreamHandlers,
    new Request(url, init(op, input, {}, mediaType)),
  );
  if (!response) throw new Error(`no upstream handler answered ${r.method} ${url}`);
  if (response.type === 'error')
    return { status: 0, headers: new Headers(), text: '', json: undefined, response };
  return read(response);
}

/** Calls the proxy handlers; mutations carry the CSRF header unless `csrf: false`. */
export async function callProxyOp(
  op: OperationId,
  input: CallInput & { csrf?: boolean } = {},
): Promise<CallResult> {
  const r = routes[op];
  const url = withQuery(TEST_PROXY_ORIGIN + path(op, 'proxy', input.params ?? {}), input.query);
  const csrf: Record<string, string> =
    r.mutation && input.csrf !== false ? { [CSRF_HEADER]: CSRF_VALUE } : {};
  return proxyRequest(new Request(url, init(op, input, csrf)));
}

export async function proxyRequest(request: Request): Promise<CallResult> {
  const response = await getResponse(proxyHandlers, request, { baseUrl: TEST_PROXY_ORIGIN });
  if (!response) throw new Error(`no proxy handler answered ${request.method} ${request.url}`);
  return read(response);
}

// ---------- calls of every operation, for tests that go through all of them ----------

const M = MIGRATION_FIXTURES.cloudManager;
/** Well-formed IDs no record has (a validation job or migration the fake never made). */
export const UNKNOWN_JOB_ID = 'eeeeeeeeeeeeeeeeeeeeeeee';

/**
 * A well-formed call of every operation on seeded data. Each would succeed on a fresh store,
 * except those on jobs that must be made first (see successCall); scenario gates answer before
 * any of that matters.
 */
export const SAMPLE_CALLS: Record<OperationId, CallInput> = {
  listOrgs: {},
  getOrg: { params: { orgId: F.opsOrgSynced } },
  connectOrg: {
    params: { orgId: F.opsOrgUnlinked },
    body: { linkToken: SAMPLE_LINK_TOKENS.valid },
  },
  getLinkStatus: { params: { orgId: F.opsOrgSynced } },
  removeLink: { params: { orgId: F.opsOrgSynced } },
  listCloudManagerOrgs: {},
  getCloudManagerOrg: { params: { orgId: F.cmOrgSynced } },
  connectCloudManagerOrg: {
    params: { orgId: F.cmOrgUnlinked },
    body: { linkToken: SAMPLE_LINK_TOKENS.valid },
  },
  getCloudManagerLinkStatus: { params: { orgId: F.cmOrgSynced } },
  removeCloudManagerLink: { params: { orgId: F.cmOrgSynced } },
  createLinkToken: { params: { orgId: F.cloudOrgWithoutToken }, body: {} },
  deleteLinkToken: { params: { orgId: F.cloudOrgWithToken } },
  getOrgFederation: { params: { orgId: F.cloudOrgInFederation } },
  listConnectedOrgs: { params: { federationId: F.federationLarge } },
  removeConnectedOrg: {
    params: { federationId: F.federationLarge, orgId: F.cloudOrgInFederation },
  },
  listCloudOrgs: {},
  getCloudOrg: { params: { orgId: F.cloudOrgWithToken } },
  listAvailableProjects: { params: { orgId: M.atlasOrgId } },
  validateMigration: { params: { groupId: M.atlasProjectId }, body: migrationRequest(M) },
  getMigrationValidation: { params: { groupId: M.atlasProjectId, validationId: UNKNOWN_JOB_ID } },
  createMigration: { params: { groupId: M.atlasProjectId }, body: migrationRequest(M) },
  getMigration: { params: { groupId: M.atlasProjectId, liveMigrationId: UNKNOWN_JOB_ID } },
  cutOverMigration: { params: { groupId: M.atlasProjectId, liveMigrationId: UNKNOWN_JOB_ID } },
  listAtlasProjects: { params: { orgId: M.atlasOrgId } },
  listClusters: { params: { groupId: M.atlasProjectId } },
  listIdentityProviders: { params: { federationId: F.federationLarge } },
  deleteFederation: { params: { federationId: F.federationSingle } },
};

/**
 * A call of `op` that succeeds: for the job operations it first makes the job (and, for a
 * cutover, moves the store's clock to where the migration is ready). Call resetMocks() after.
 */
export async function successCall(op: OperationId): Promise<CallInput> {
  const groupId = M.atlasProjectId;
  if (op === 'getMigrationValidation') {
    const made = await callUpstream('validateMigration', SAMPLE_CALLS.validateMigration);
    return { params: { groupId, validationId: (made.json as { _id: string })._id } };
  }
  if (op === 'getMigration' || op === 'cutOverMigration') {
    const t0 = Date.now();
    setStoreClock(() => t0);
    const made = await callUpstream('createMigration', SAMPLE_CALLS.createMigration);
    const m = findMigration(groupId, (made.json as { _id: string })._id);
    if (!m) throw new Error('createMigration made nothing');
    setStoreClock(() => migrationView(m, t0).readyAt + 1);
    return { params: { groupId, liveMigrationId: m.id } };
  }
  return SAMPLE_CALLS[op];
}
