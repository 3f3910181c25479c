// The fakes at the UPSTREAM paths (`https://opsmanager.example/api/public/v1.0/orgs/...`): what the
// simulated upstream (http-server.ts) serves, and what mocks/ tests call in-process. On top of the
// operations: Atlas v2 version checks (versioned routes at their v2 path; their v1.0 path answers
// unversioned) and the rate limit (../rate-limit.ts).
import { http, HttpResponse, type RequestHandler } from 'msw';
import {
  operationIds,
  routerPath,
  routes,
  routeSpec,
  type HttpMethod,
  type OperationId,
  type Upstream,
} from '#contract/route-table';
import { ratePolicy, takeRateSlot } from '../rate-limit';
import { scenarioFor } from '../scenarios';
import { UPSTREAM_ERROR_CODES, toResponse, upstreamError } from './response-builders';
import { answerAsUpstream, bodyTextOf, simulateLatency } from './operations';

export interface UpstreamBases {
  /** e.g. `http://127.0.0.1:9101` (no trailing slash needed). */
  opsmanagerBase: string;
  /** MongoDB Cloud as Atlas. */
  cloudBase: string;
  /**
   * MongoDB Cloud as Cloud Manager. Must differ from cloudBase here (msw tells handlers apart by
   * URL); the simulated upstream serves both on one port and tells them apart by the key.
   */
  cloudmanagerBase: string;
}

export const METHOD_HANDLERS: Record<HttpMethod, typeof http.get> = {
  GET: http.get,
  POST: http.post,
  PUT: http.put,
  DELETE: http.delete,
};

/** Which of a route's paths a request came to: its own, or a versioned route's v1.0 path. */
export type ApiPath = 'path' | 'v1Path';

/** One call of an operation at an upstream path: scenario, latency, rate limit, the answer. */
export async function serveUpstreamOp(
  op: OperationId,
  apiPath: ApiPath,
  request: Request,
  params: Record<string, string | readonly string[] | undefined>,
  rateKey: string = routes[op].upstream,
): Promise<Response> {
  const r = routes[op];
  const scenario = scenarioFor(request.headers);
  await simulateLatency(scenario);
  // A network error, as when nothing listens (http-server.ts drops the socket instead).
  if (scenario === 'upstream-down') return HttpResponse.error();
  const url = new URL(request.url);
  const policy = ratePolicy(r.upstream);
  const rate = policy ? takeRateSlot(rateKey, policy) : null;
  if (rate?.retryAfterS != null) {
    const refused = upstreamError(
      429,
      UPSTREAM_ERROR_CODES.rateLimited,
      `Too many requests: more than ${policy?.limit} per minute. Retry after ${rate.retryAfterS} seconds.`,
      { headers: rate.headers },
    );
    return toResponse(refused, url.searchParams);
  }
  const version = routeSpec(op).version;
  return answerAsUpstream({
    op,
    url,
    params,
    bodyText: await bodyTextOf(op, request),
    scenario,
    challenge: true,
    versioned:
      version !== undefined && apiPath === 'path'
        ? {
            version,
            accept: request.headers.get('accept'),
            contentType: request.headers.get('content-type'),
          }
        : undefined,
    headers: rate?.headers,
  });
}

/** msw handlers for every operation, at `base + path` (and `base + v1Path` where there is one). */
export function createUpstreamHandlers(b: UpstreamBases): RequestHandler[] {
  const bases: Record<Upstream, string> = {
    opsmanager: b.opsmanagerBase.replace(/\/+$/, ''),
    cloud: b.cloudBase.replace(/\/+$/, ''),
    cloudmanager: b.cloudmanagerBase.replace(/\/+$/, ''),
  };
  if (new Set(Object.values(bases)).size !== 3) {
    throw new Error('the three upstream bases must differ: all serve /api/public/v1.0/orgs');
  }
  return operationIds.flatMap((op) => {
    const r = routes[op];
    const v1Path = routeSpec(op).v1Path;
    const at = (apiPath: ApiPath, path: string) =>
      METHOD_HANDLERS[r.method](bases[r.upstream] + path, ({ request, params }) =>
        serveUpstreamOp(op, apiPath, request, params),
      );
    return [
      at('path', routerPath(r, 'upstream')),
      ...(v1Path ? [at('v1Path', v1Path.replace(/\{(\w+)\}/g, ':$1'))] : []),
    ];
  });
}

/** Template → regex whose groups take any one segment (the operation then checks the IDs). */
function loosePattern(template: string): { re: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/\{(\w+)\}/)
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part);
      return '([^/]+)';
    })
    .join('');
  return { re: new RegExp(`^${source}$`), names };
}

const LOOSE = operationIds.flatMap((op) => {
  const r = routes[op];
  const v1Path = routeSpec(op).v1Path;
  return [
    { op, apiPath: 'path' as const, ...loosePattern(r.path) },
    ...(v1Path ? [{ op, apiPath: 'v1Path' as const, ...loosePattern(v1Path) }] : []),
  ];
});

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Answers a request to one upstream without msw's URL routing (the simulated upstream serves Atlas
 * and Cloud Manager on one port, told apart by the key). null: no operation has this path.
 */
export async function answerUpstreamRequest(
  upstream: Upstream,
  request: Request,
  rateKey: string = upstream,
): Promise<Response | null> {
  const path = new URL(request.url).pathname;
  for (const entry of LOOSE) {
    const r = routes[entry.op];
    if (r.upstream !== upstream || r.method !== request.method) continue;
    const m = entry.re.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    entry.names.forEach((n, i) => (params[n] = decode(m[i + 1] ?? '')));
    return serveUpstreamOp(entry.op, entry.apiPath, request, params, rateKey);
  }
  return null;
}
