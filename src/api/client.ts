// The thin fetch layer: every call goes to the proxy on this origin (/api/opsmanager/..., /api/cloud/...),
// never to a MongoDB host. Answers become parsed data or one ApiError. No UI side effects here.
import type { z } from 'zod/mini';
import { ApiError, parseRetryAfter } from './api-error';
import { CSRF_HEADER, CSRF_VALUE, proxyErrorSchema } from '#contract/proxy-contract';
import {
  InvalidIdError,
  UPSTREAM_LABELS,
  proxyUrl,
  routes,
  type BodyOf,
  type OperationId,
  type ParamsOf,
  type QueryParam,
  type ResponseOf,
  type Upstream,
} from '#contract/route-table';
import { OBJECT_ID_HINT, upstreamErrorSchema } from '#contract/schemas';

export interface CallOptions<Op extends OperationId> {
  params?: ParamsOf<Op>;
  query?: Partial<Record<QueryParam, string | number | boolean>>;
  body?: BodyOf<Op>;
  signal?: AbortSignal | undefined;
}

/** Base for absolute URLs in Node tests; the browser uses its own origin. */
let baseUrl = '';
export function setApiBaseUrl(url: string): void {
  baseUrl = url.replace(/\/$/, '');
}

/** Words for an ID parameter in a message about what the user entered. */
const ID_PARAM_NAMES: Record<string, string> = {
  orgId: 'organization ID',
  federationId: 'federation ID',
};

/** Calls one upstream operation of the route table, through the proxy. */
export async function callUpstreamOperation<Op extends OperationId>(
  op: Op,
  options: CallOptions<Op> = {},
): Promise<ResponseOf<Op>> {
  const r = routes[op];
  let path: string;
  try {
    path = proxyUrl(r, (options.params ?? {}) as Record<string, string>);
  } catch (e) {
    if (!(e instanceof InvalidIdError)) throw e;
    // A bad ID never leaves the browser: the input is at fault, not the proxy or an upstream.
    throw new ApiError({
      source: 'input',
      status: 400,
      detail: `The ${ID_PARAM_NAMES[e.param] ?? 'ID'} is not valid. ${OBJECT_ID_HINT}`,
      operation: op,
    });
  }
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(options.query ?? {})) {
    if (v !== undefined && (r.query as readonly string[]).includes(k)) search.set(k, String(v));
  }
  const qs = search.toString();
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const json = await requestJson(`${baseUrl}${path}${qs ? `?${qs}` : ''}`, {
    method: r.method,
    headers: jsonHeaders(body !== undefined, r.mutation),
    body,
    signal: options.signal,
    operation: op,
    upstream: UPSTREAM_LABELS[r.upstream],
    upstreamId: r.upstream,
    envelope: search.get('envelope') === 'true',
  });
  if (r.response === null) return null as ResponseOf<Op>;
  return parseOrThrow(r.response, json, op, 'upstream') as ResponseOf<Op>;
}

/** JSON in and out; every mutation carries the CSRF header the proxy requires. */
function jsonHeaders(hasBody: boolean, mutation: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (hasBody) headers['content-type'] = 'application/json';
  if (mutation) headers[CSRF_HEADER] = CSRF_VALUE;
  return headers;
}

interface RequestOptions {
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
  operation: string;
  /** Who answers when it is not the proxy (for error titles). */
  upstream?: string | undefined;
  /** The upstream an operation calls. */
  upstreamId?: Upstream | undefined;
  envelope?: boolean;
}

/** Low-level JSON request that maps every failure to ApiError. Returns null for 204. */
async function requestJson(url: string, o: RequestOptions): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: o.method,
      headers: o.headers,
      body: o.body,
      signal: o.signal ?? null,
      credentials: 'same-origin',
    });
  } catch (e) {
    if (o.signal?.aborted) throw e; // let react-query see its own cancellation
    throw new ApiError({
      source: 'network',
      status: 0,
      detail: 'Could not reach the dashboard server.',
      operation: o.operation,
    });
  }
  const text = res.status === 204 ? '' : await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  let status = res.status;
  if (o.envelope && isEnvelope(json)) {
    status = json.status;
    json = json.content ?? null;
  }
  if (status >= 200 && status < 300) {
    if (json === undefined) {
      throw new ApiError({
        source: 'proxy',
        status,
        errorCode: 'INTERNAL',
        detail: 'The answer was not JSON.',
        operation: o.operation,
      });
    }
    return json;
  }
  throw toApiError(status, json, res.headers, o);
}

function isEnvelope(v: unknown): v is { status: number; content?: unknown } {
  return typeof v === 'object' && v !== null && 'status' in v && typeof v.status === 'number';
}

function toApiError(status: number, json: unknown, headers: Headers, o: RequestOptions): ApiError {
  const retryAfter = parseRetryAfter(headers.get('retry-after'));
  const proxy = proxyErrorSchema.safeParse(json);
  if (proxy.success) {
    return new ApiError({
      source: 'proxy',
      status,
      errorCode: proxy.data.code,
      detail: proxy.data.detail,
      retryAfter,
      operation: o.operation,
      upstream: proxy.data.upstream ? UPSTREAM_LABELS[proxy.data.upstream] : o.upstream,
      upstreamId: proxy.data.upstream ?? o.upstreamId,
      answer: json,
    });
  }
  const upstream = upstreamErrorSchema.safeParse(json);
  if (upstream.success) {
    return new ApiError({
      source: 'upstream',
      status,
      errorCode: upstream.data.errorCode ?? headers.get('x-error-code') ?? undefined,
      detail: upstream.data.detail ?? upstream.data.reason ?? `HTTP ${status}`,
      reason: upstream.data.reason,
      retryAfter,
      operation: o.operation,
      upstream: o.upstream,
      upstreamId: o.upstreamId,
      fields: upstream.data.badRequestDetail?.fields,
      answer: json,
    });
  }
  // A 401 may come with no body at all; anything else unreadable is still the upstream's answer.
  return new ApiError({
    source: 'upstream',
    status,
    errorCode: headers.get('x-error-code') ?? undefined,
    detail: status === 401 ? 'Unauthorized' : `HTTP ${status}`,
    retryAfter,
    operation: o.operation,
    upstream: o.upstream,
    upstreamId: o.upstreamId,
    answer: json,
  });
}

/** `source` says who sent the odd answer: the upstream (through the proxy) or the proxy itself. */
function parseOrThrow(
  schema: z.ZodMiniType,
  json: unknown,
  op: string,
  source: 'upstream' | 'proxy',
): unknown {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new ApiError({
    source,
    status: 200,
    errorCode: 'UNEXPECTED_ANSWER',
    detail: `The answer to "${op}" did not have the expected shape.`,
    operation: op,
  });
}

/** Calls one of the proxy's own JSON endpoints (config, session, audit). */
export async function callProxyEndpoint<S extends z.ZodMiniType>(
  path: string,
  schema: S,
  init: { method?: string; body?: unknown; signal?: AbortSignal | undefined } = {},
): Promise<z.infer<S>> {
  const method = init.method ?? 'GET';
  const json = await requestJson(`${baseUrl}${path}`, {
    method,
    headers: jsonHeaders(init.body !== undefined, method !== 'GET'),
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
    operation: path,
    upstream: 'Dashboard server',
  });
  return parseOrThrow(schema, json, path, 'proxy') as z.infer<S>;
}
