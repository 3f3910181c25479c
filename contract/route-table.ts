// The one route table. Every upstream operation the product uses (contract/FACTS.md) is named here
// once; the SPA's fetch layer, the msw fakes and the proxy's allowlist all derive from it.
import type { z } from 'zod/mini';
import {
  connectBodySchema,
  connectedOrgPageSchema,
  federationSettingsSchema,
  linkStatusSchema,
  linkTokenBodySchema,
  linkTokenSchema,
  invalidIdMessage,
  OBJECT_ID_PATTERN,
  orgPageSchema,
  orgSchema,
} from './schemas';

export const UPSTREAMS = ['opsmanager', 'cloud'] as const;
export type Upstream = (typeof UPSTREAMS)[number];

export const UPSTREAM_LABELS: Record<Upstream, string> = {
  opsmanager: 'Ops Manager',
  cloud: 'MongoDB Cloud',
};

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

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
}

/** The `{name}` placeholders of a path template, as a union of names. */
export type PathParams<P extends string> = P extends `${string}{${infer N}}${infer Rest}`
  ? N | PathParams<Rest>
  : never;

interface RouteSpec extends RouteInput {
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
    path: '/api/atlas/v1.0/orgs/{orgId}/liveMigrations/linkTokens',
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
    path: '/api/atlas/v1.0/orgs/{orgId}/liveMigrations/linkTokens',
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
} as const;

export type Routes = typeof routes;
export type OperationId = keyof Routes;
export type Route = Routes[OperationId];
export const operationIds = Object.keys(routes) as OperationId[];

export type ParamsOf<Op extends OperationId> = Record<PathParams<Routes[Op]['path']>, string>;
type Infer<S> = S extends z.ZodMiniType ? z.infer<S> : undefined;
export type BodyOf<Op extends OperationId> = Infer<Routes[Op]['body']>;
/** 204 operations resolve to `null`. */
export type ResponseOf<Op extends OperationId> = Routes[Op]['response'] extends z.ZodMiniType
  ? z.infer<Routes[Op]['response']>
  : null;

/** Where the SPA calls an upstream path through the proxy: `/api/opsmanager/public/v1.0/...`. */
export const PROXY_PREFIX: Record<Upstream, string> = {
  opsmanager: '/api/opsmanager',
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

/** Matches a concrete upstream path (no query) against the table; IDs must be 24 hex. */
export function matchUpstreamPath(
  method: string,
  upstream: Upstream,
  path: string,
): { op: OperationId; params: Record<string, string> } | null {
  for (const op of operationIds) {
    const r: RouteSpec = routes[op];
    if (r.upstream !== upstream || r.method !== method) continue;
    const names: string[] = [];
    const pattern = r.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return `(${OBJECT_ID_PATTERN.source.slice(1, -1)})`;
    });
    const m = new RegExp(`^${pattern}$`).exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    names.forEach((n, i) => (params[n] = m[i + 1] ?? ''));
    return { op, params };
  }
  return null;
}
