// The one route table. Every upstream operation the product uses (contract/FACTS.md) is named here
// once; the SPA's fetch layer, the msw fakes and the proxy's allowlist all derive from it.
import type { z } from 'zod/mini';
import {
  atlasClusterPageSchema,
  atlasProjectPageSchema,
  availableProjectsSchema,
  connectBodySchema,
  connectedOrgPageSchema,
  federationSettingsSchema,
  identityProviderPageSchema,
  linkStatusSchema,
  linkTokenBodySchema,
  linkTokenSchema,
  invalidIdMessage,
  liveMigrationRequestSchema,
  liveMigrationSchema,
  migrationValidationSchema,
  OBJECT_ID_PATTERN,
  orgPageSchema,
  orgSchema,
} from './schemas';

/**
 * The three upstreams. `cloudmanager` and `cloud` usually share a host (cloud.mongodb.com) but not
 * a key: an org listing shows the orgs a key can see, so the Cloud Manager key's orgs are sources
 * and the Atlas key's orgs are targets (docs/architecture.md, "Three upstreams").
 */
export const UPSTREAMS = ['opsmanager', 'cloudmanager', 'cloud'] as const;
export type Upstream = (typeof UPSTREAMS)[number];

export const UPSTREAM_LABELS: Record<Upstream, string> = {
  opsmanager: 'Ops Manager',
  cloudmanager: 'Cloud Manager',
  cloud: 'MongoDB Cloud',
};

/** Where a source organization lives: it connects to Atlas with a link-token (FACTS.md). */
export const SOURCE_UPSTREAMS = ['opsmanager', 'cloudmanager'] as const;
export type SourceUpstream = (typeof SOURCE_UPSTREAMS)[number];

export function isSourceUpstream(u: string): u is SourceUpstream {
  return (SOURCE_UPSTREAMS as readonly string[]).includes(u);
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Which generation of the Atlas Admin API the proxy speaks to MongoDB Cloud (`ATLAS_API_VERSION`).
 * `v2` (default): versioned `/api/atlas/v2/...` paths. `v1.0`: the deprecated paths, for older
 * Cloud installations — only where a route names a `v1Path`; everything else stays on v2.
 */
export const ATLAS_API_VERSIONS = ['v2', 'v1.0'] as const;
export type AtlasApiVersion = (typeof ATLAS_API_VERSIONS)[number];

/** `Accept` (and `Content-Type` of a body) of a versioned Atlas v2 call (FACTS.md). */
export function atlasMediaType(version: string): string {
  return `application/vnd.atlas.${version}+json`;
}

/** Query parameters the proxy may pass through; each route names the subset it accepts. */
export const PAGING_QUERY = ['pageNum', 'itemsPerPage', 'envelope', 'pretty'] as const;
export const PLAIN_QUERY = ['envelope', 'pretty'] as const;
export type QueryParam = (typeof PAGING_QUERY)[number];

/** Largest page the upstream serves (FACTS.md: itemsPerPage max 500). */
export const MAX_ITEMS_PER_PAGE = 500;

/** What a route entry states; `params` and `mutation` are derived from it (see `route`). */
interface RouteInput {
  upstream: Upstream;
  method: HttpMethod;
  /** Upstream path with `{param}` placeholders, exactly as the API reference prints it. */
  path: string;
  query: readonly QueryParam[];
  body: z.ZodMiniType | null;
  /** null for operations that answer 204 No Content. */
  response: z.ZodMiniType | null;
  successStatus: number;
  /** Plain words for logs, audit lines and error messages. */
  summary: string;
  /**
   * Atlas v2 resource version (`2023-01-01`): the proxy sends `Accept: application/vnd.atlas.
   * <version>+json` (and that Content-Type on a body); the fakes refuse any other. Only on
   * `/api/atlas/v2/...` paths.
   */
  version?: string;
  /** The deprecated v1.0 path of a versioned route, used when ATLAS_API_VERSION=v1.0. */
  v1Path?: string;
}

/** The `{name}` placeholders of a path template, as a union of names. */
export type PathParams<P extends string> = P extends `${string}{${infer N}}${infer Rest}`
  ? N | PathParams<Rest>
  : never;

/** Any route entry, seen through what every entry may state (e.g. an optional `version`). */
export interface RouteSpec extends RouteInput {
  /** The path's placeholders, in order. */
  params: readonly string[];
  /** Anything but GET changes something: needs the operator role, a CSRF header, an audit line. */
  mutation: boolean;
}

/** The placeholders of a path template, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
}

function route<const S extends RouteInput>(
  spec: S,
): S & {
  params: readonly PathParams<S['path']>[];
  mutation: S['method'] extends 'GET' ? false : true;
} {
  // A table that contradicts itself fails at import, in every test and at start-up.
  const v2 = spec.path.startsWith('/api/atlas/v2/');
  if (v2 !== (spec.version !== undefined)) {
    throw new Error(`${spec.path}: a version goes with, and only with, an /api/atlas/v2 path`);
  }
  if (spec.v1Path !== undefined) {
    if (!v2 || pathParams(spec.v1Path).join() !== pathParams(spec.path).join()) {
      throw new Error(`${spec.path}: v1Path must be a v1.0 path with the same placeholders`);
    }
  }
  return {
    ...spec,
    params: pathParams(spec.path) as PathParams<S['path']>[],
    mutation: (spec.method !== 'GET') as S['method'] extends 'GET' ? false : true,
  };
}

export const routes = {
  listOrgs: route({
    upstream: 'opsmanager',
    method: 'GET',
    path: '/api/public/v1.0/orgs',
    query: PAGING_QUERY,
    body: null,
    response: orgPageSchema,
    successStatus: 200,
    summary: 'list Ops Manager organizations',
  }),
  getOrg: route({
    upstream: 'opsmanager',
    method: 'GET',
    path: '/api/public/v1.0/orgs/{orgId}',
    query: PLAIN_QUERY,
    body: null,
    response: orgSchema,
    successStatus: 200,
    summary: 'read an Ops Manager organization',
  }),
  connectOrg: route({
    upstream: 'opsmanager',
    method: 'POST',
    path: '/api/public/v1.0/orgs/{orgId}/liveExport/migrationLink',
    query: PLAIN_QUERY,
    body: connectBodySchema,
    response: linkStatusSchema,
    successStatus: 201,
    summary: 'connect an organization to Atlas',
  }),
  getLinkStatus: route({
    upstream: 'opsmanager',
    method: 'GET',
    path: '/api/public/v1.0/orgs/{orgId}/liveExport/migrationLink/status',
    query: PLAIN_QUERY,
    body: null,
    response: linkStatusSchema,
    successStatus: 200,
    summary: 'read link status',
  }),
  removeLink: route({
    upstream: 'opsmanager',
    method: 'DELETE',
    path: '/api/public/v1.0/orgs/{orgId}/liveExport/migrationLink',
    query: PLAIN_QUERY,
    body: null,
    response: null,
    successStatus: 204,
    summary: 'remove the connection to Atlas',
  }),
  createLinkToken: route({
    upstream: 'cloud',
    method: 'POST',
    path: '/api/atlas/v2/orgs/{orgId}/liveMigrations/linkTokens',
    version: '2023-01-01',
    v1Path: '/api/atlas/v1.0/orgs/{orgId}/liveMigrations/linkTokens',
    query: PLAIN_QUERY,
    body: linkTokenBodySchema,
    response: linkTokenSchema,
    // Observed 201; the OpenAPI text says 200. Both are accepted as success.
    successStatus: 201,
    summary: 'generate a link-token',
  }),
  deleteLinkToken: route({
    upstream: 'cloud',
    method: 'DELETE',
    path: '/api/atlas/v2/orgs/{orgId}/liveMigrations/linkTokens',
    version: '2023-01-01',
    v1Path: '/api/atlas/v1.0/orgs/{orgId}/liveMigrations/linkTokens',
    query: PLAIN_QUERY,
    body: null,
    response: null,
    successStatus: 204,
    summary: 'delete a link-token',
  }),
  getOrgFederation: route({
    upstream: 'cloud',
    method: 'GET',
    path: '/api/public/v1.0/orgs/{orgId}/federationSettings',
    query: PLAIN_QUERY,
    body: null,
    response: federationSettingsSchema,
    successStatus: 200,
    summary: "read an organization's federation",
  }),
  listConnectedOrgs: route({
    upstream: 'cloud',
    method: 'GET',
    path: '/api/public/v1.0/federationSettings/{federationId}/connectedOrgConfigs',
    query: PAGING_QUERY,
    body: null,
    response: connectedOrgPageSchema,
    successStatus: 200,
    summary: "list a federation's connected organizations",
  }),
  removeConnectedOrg: route({
    upstream: 'cloud',
    method: 'DELETE',
    path: '/api/public/v1.0/federationSettings/{federationId}/connectedOrgConfigs/{orgId}',
    query: PLAIN_QUERY,
    body: null,
    response: null,
    successStatus: 204,
    summary: 'remove an organization from a federation',
  }),
  listCloudOrgs: route({
    upstream: 'cloud',
    method: 'GET',
    path: '/api/public/v1.0/orgs',
    query: PAGING_QUERY,
    body: null,
    response: orgPageSchema,
    successStatus: 200,
    summary: 'list MongoDB Cloud organizations',
  }),
  getCloudOrg: route({
    upstream: 'cloud',
    method: 'GET',
    path: '/api/public/v1.0/orgs/{orgId}',
    query: PLAIN_QUERY,
    body: null,
    response: orgSchema,
    successStatus: 200,
    summary: 'read a MongoDB Cloud organization',
  }),

  // ---- Cloud Manager: the same org-link operations as Ops Manager, on cloud.mongodb.com with the
  // Cloud Manager org's key (FACTS.md "Push migration has moved on").
  listCloudManagerOrgs: route({
    upstream: 'cloudmanager',
    method: 'GET',
    path: '/api/public/v1.0/orgs',
    query: PAGING_QUERY,
    body: null,
    response: orgPageSchema,
    successStatus: 200,
    summary: 'list Cloud Manager organizations',
  }),
  getCloudManagerOrg: route({
    upstream: 'cloudmanager',
    method: 'GET',
    path: '/api/public/v1.0/orgs/{orgId}',
    query: PLAIN_QUERY,
    body: null,
    response: orgSchema,
    successStatus: 200,
    summary: 'read a Cloud Manager organization',
  }),
  connectCloudManagerOrg: route({
    upstream: 'cloudmanager',
    method: 'POST',
    path: '/api/public/v1.0/orgs/{orgId}/liveExport/migrationLink',
    query: PLAIN_QUERY,
    body: connectBodySchema,
    response: linkStatusSchema,
    successStatus: 201,
    summary: 'connect a Cloud Manager organization to Atlas',
  }),
  getCloudManagerLinkStatus: route({
    upstream: 'cloudmanager',
    method: 'GET',
    path: '/api/public/v1.0/orgs/{orgId}/liveExport/migrationLink/status',
    query: PLAIN_QUERY,
    body: null,
    response: linkStatusSchema,
    successStatus: 200,
    summary: 'read a Cloud Manager link status',
  }),
  removeCloudManagerLink: route({
    upstream: 'cloudmanager',
    method: 'DELETE',
    path: '/api/public/v1.0/orgs/{orgId}/liveExport/migrationLink',
    query: PLAIN_QUERY,
    body: null,
    response: null,
    successStatus: 204,
    summary: "remove a Cloud Manager organization's connection to Atlas",
  }),

  // ---- Live migration (Atlas v2; FACTS.md "Migration operations", versions from its table).
  listAvailableProjects: route({
    upstream: 'cloud',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/liveMigrations/availableProjects',
    version: '2023-01-01',
    query: PLAIN_QUERY,
    body: null,
    response: availableProjectsSchema,
    successStatus: 200,
    summary: 'list source projects available for migration',
  }),
  validateMigration: route({
    upstream: 'cloud',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/liveMigrations/validate',
    version: '2024-05-30',
    query: PLAIN_QUERY,
    body: liveMigrationRequestSchema,
    response: migrationValidationSchema,
    successStatus: 200,
    summary: 'validate a migration request',
  }),
  getMigrationValidation: route({
    upstream: 'cloud',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/liveMigrations/validate/{validationId}',
    version: '2023-01-01',
    query: PLAIN_QUERY,
    body: null,
    response: migrationValidationSchema,
    successStatus: 200,
    summary: 'read a migration validation',
  }),
  createMigration: route({
    upstream: 'cloud',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/liveMigrations',
    version: '2024-05-30',
    query: PLAIN_QUERY,
    body: liveMigrationRequestSchema,
    response: liveMigrationSchema,
    successStatus: 201,
    summary: 'start a migration',
  }),
  getMigration: route({
    upstream: 'cloud',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/liveMigrations/{liveMigrationId}',
    version: '2023-01-01',
    query: PLAIN_QUERY,
    body: null,
    response: liveMigrationSchema,
    successStatus: 200,
    summary: 'read a migration',
  }),
  cutOverMigration: route({
    upstream: 'cloud',
    method: 'PUT',
    path: '/api/atlas/v2/groups/{groupId}/liveMigrations/{liveMigrationId}/cutover',
    version: '2023-01-01',
    query: PLAIN_QUERY,
    body: null,
    response: null,
    successStatus: 202,
    summary: 'cut over a migration',
  }),
  // Targets: an Atlas org's projects and a project's clusters. Not in FACTS.md (Assumed: they are
  // the Atlas Admin API v2's own listOrganizationProjects and listClusters, 2023-01-01 shapes).
  listAtlasProjects: route({
    upstream: 'cloud',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/groups',
    version: '2023-01-01',
    query: PAGING_QUERY,
    body: null,
    response: atlasProjectPageSchema,
    successStatus: 200,
    summary: "list an Atlas organization's projects",
  }),
  listClusters: route({
    upstream: 'cloud',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/clusters',
    version: '2023-01-01',
    query: PAGING_QUERY,
    body: null,
    response: atlasClusterPageSchema,
    successStatus: 200,
    summary: "list an Atlas project's clusters",
  }),

  // ---- Federations beyond removal (FACTS.md "Federations, beyond removal").
  listIdentityProviders: route({
    upstream: 'cloud',
    method: 'GET',
    path: '/api/public/v1.0/federationSettings/{federationId}/identityProviders',
    query: PAGING_QUERY,
    body: null,
    response: identityProviderPageSchema,
    successStatus: 200,
    summary: "list a federation's identity providers",
  }),
  deleteFederation: route({
    upstream: 'cloud',
    method: 'DELETE',
    path: '/api/public/v1.0/federationSettings/{federationId}',
    query: PLAIN_QUERY,
    body: null,
    response: null,
    successStatus: 204,
    summary: 'delete a federation',
  }),
} as const;

export type Routes = typeof routes;
export type OperationId = keyof Routes;
export type Route = Routes[OperationId];
export const operationIds = Object.keys(routes) as OperationId[];

/** One route as a RouteSpec: its optional fields (`version`, `v1Path`) readable on any entry. */
export function routeSpec(op: OperationId): RouteSpec {
  return routes[op];
}

export type ParamsOf<Op extends OperationId> = Record<PathParams<Routes[Op]['path']>, string>;
type Infer<S> = S extends z.ZodMiniType ? z.infer<S> : undefined;
export type BodyOf<Op extends OperationId> = Infer<Routes[Op]['body']>;
/** 204 operations resolve to `null`. */
export type ResponseOf<Op extends OperationId> = Routes[Op]['response'] extends z.ZodMiniType
  ? z.infer<Routes[Op]['response']>
  : null;

/** The org-link operations of one source upstream, by role: lets the sweeper, board and org page
 * treat Ops Manager and Cloud Manager alike. */
export interface SourceOps {
  listOrgs: OperationId;
  getOrg: OperationId;
  connect: OperationId;
  status: OperationId;
  remove: OperationId;
}

export const SOURCE_OPS = {
  opsmanager: {
    listOrgs: 'listOrgs',
    getOrg: 'getOrg',
    connect: 'connectOrg',
    status: 'getLinkStatus',
    remove: 'removeLink',
  },
  cloudmanager: {
    listOrgs: 'listCloudManagerOrgs',
    getOrg: 'getCloudManagerOrg',
    connect: 'connectCloudManagerOrg',
    status: 'getCloudManagerLinkStatus',
    remove: 'removeCloudManagerLink',
  },
} as const satisfies Record<SourceUpstream, SourceOps>;

/** Where the SPA calls an upstream path through the proxy: `/api/opsmanager/public/v1.0/...`. */
export const PROXY_PREFIX: Record<Upstream, string> = {
  opsmanager: '/api/opsmanager',
  cloudmanager: '/api/cloudmanager',
  cloud: '/api/cloud',
};

function stripApi(path: string): string {
  return path.replace(/^\/api/, '');
}

/** Path template in router syntax (`:orgId`), as fastify and msw expect. */
export function routerPath(r: RouteSpec, side: 'upstream' | 'proxy'): string {
  const path = r.path.replace(/\{(\w+)\}/g, ':$1');
  return side === 'upstream' ? path : PROXY_PREFIX[r.upstream] + stripApi(path);
}

export class InvalidIdError extends Error {
  constructor(
    readonly param: string,
    readonly value: string,
  ) {
    super(invalidIdMessage(param));
    this.name = 'InvalidIdError';
  }
}

/** Fills a template's placeholders, refusing any value that is not a 24-hex ID. */
export function fillPath(r: RouteSpec, params: Record<string, string>): string {
  return r.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || !OBJECT_ID_PATTERN.test(value)) {
      throw new InvalidIdError(name, value ?? '');
    }
    return value;
  });
}

/** Same as fillPath, but the path the SPA calls on the proxy. */
export function proxyUrl(r: RouteSpec, params: Record<string, string>): string {
  return PROXY_PREFIX[r.upstream] + stripApi(fillPath(r, params));
}

/** The IDs of a concrete path (no query) that fits `template`; null when it does not fit. */
function extractIds(template: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const pattern = template
    .split(/\{(\w+)\}/)
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part);
      return `(${OBJECT_ID_PATTERN.source.slice(1, -1)})`;
    })
    .join('');
  const m = new RegExp(`^${pattern}$`).exec(path);
  if (!m) return null;
  const params: Record<string, string> = {};
  names.forEach((n, i) => (params[n] = m[i + 1] ?? ''));
  return params;
}

/**
 * Matches a concrete upstream path (no query) against the table, the v1.0 paths of versioned
 * routes included (`apiPath` says which one fit); IDs must be 24 hex.
 */
export function matchUpstreamPath(
  method: string,
  upstream: Upstream,
  path: string,
): { op: OperationId; params: Record<string, string>; apiPath: 'path' | 'v1Path' } | null {
  for (const op of operationIds) {
    const r: RouteSpec = routes[op];
    if (r.upstream !== upstream || r.method !== method) continue;
    const params = extractIds(r.path, path);
    if (params) return { op, params, apiPath: 'path' };
    const v1 = r.v1Path === undefined ? null : extractIds(r.v1Path, path);
    if (v1) return { op, params: v1, apiPath: 'v1Path' };
  }
  return null;
}

/**
 * What the proxy sends upstream for a call of `r`: `path` is `fillPath(r, …)` plus any query. With
 * ATLAS_API_VERSION=v1.0 a route that names a `v1Path` goes there, unversioned; otherwise a
 * versioned route keeps its v2 path and `version` says which media type to send.
 */
export function atlasApiTarget(
  r: RouteSpec,
  path: string,
  api: AtlasApiVersion,
): { path: string; version: string | null } {
  if (r.version === undefined) return { path, version: null };
  if (api === 'v1.0' && r.v1Path !== undefined) {
    const q = path.indexOf('?');
    const bare = q < 0 ? path : path.slice(0, q);
    const ids = extractIds(r.path, bare);
    if (ids)
      return {
        path: fillPath({ ...r, path: r.v1Path }, ids) + (q < 0 ? '' : path.slice(q)),
        version: null,
      };
  }
  return { path, version: r.version };
}
