// The checks a request passes before anything is forwarded. Each returns a ProxyError (or null)
// so the routes stay readable and the rules can be unit-tested on their own
// (hostile-requests.test.ts sends them as raw bytes).
import type { IncomingMessage } from 'node:http';
import fp from 'fastify-plugin';
import type { FastifyError, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  MAX_ITEMS_PER_PAGE,
  operationIds,
  routerPath,
  routes,
  type HttpMethod,
  type QueryParam,
  type Route,
} from '#contract/route-table';
import { PROXY_MESSAGES, describeProblems, type RequestPart } from '#contract/proxy-messages';
import { OBJECT_ID_PATTERN, OBJECT_ID_PROBLEM } from '#contract/schemas';
import { ProxyError, refused } from './errors';

/** Largest JSON body any operation needs: a link-token (≤ 8 KiB) or 200 access-list entries. */
export const BODY_LIMIT_BYTES = 32 * 1024;

const tooLarge = () => refused(413, `The request body is larger than ${BODY_LIMIT_BYTES} bytes.`);
const notJson = () =>
  refused(415, 'The request body must be JSON (Content-Type: application/json).');

export const METHOD_OVERRIDE_HEADERS = [
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
] as const;
export const METHOD_OVERRIDE_PARAMS = ['_method', 'method', 'x-http-method-override'] as const;

/** /api and below, however spelled: `/API/x` and `//api/x` are API paths too (and get refused). */
export function isApiPath(path: string): boolean {
  return /^\/api(\/|$)/i.test(path.replace(/\/{2,}/g, '/'));
}

/**
 * The framing of a request, before its path or Host name mean anything: HTTP/1.x only; the target a
 * path (origin-form) — never a full URL (absolute-form: which host would it be for?) or `*`; exactly
 * one Host header (HTTP/1.1 requires it; two could make two parts of a chain see two hosts).
 */
export function checkFraming(raw: IncomingMessage): ProxyError | null {
  if (raw.httpVersionMajor !== 1) return refused(400, 'Only HTTP/1.0 and HTTP/1.1 are served.');
  const url = raw.url ?? '';
  if (!url.startsWith('/')) {
    return refused(400, 'The request target must be a path starting with /, not a full URL.');
  }
  let hosts = 0;
  for (let i = 0; i < raw.rawHeaders.length; i += 2) {
    if (raw.rawHeaders[i]?.toLowerCase() === 'host') hosts++;
  }
  if (hosts > 1) return refused(400, 'The request has more than one Host header.');
  if (hosts === 0 && raw.httpVersionMinor >= 1) {
    return refused(400, 'The request has no Host header (HTTP/1.1 requires one).');
  }
  return null;
}

/** Unreserved characters (RFC 3986) never need percent-encoding: encoding them only hides a path. */
const ENCODED_UNRESERVED = /%(3[0-9]|4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a]|2d|2e|5f|7e)/i;

/**
 * Looks at the raw request target of every request (the SPA's files too): encoded slashes or
 * backslashes, dot segments (plain or encoded), empty segments, percent-encoded letters, digits or
 * `-._~`, an encoded `%` (double encoding), control characters and NULs are refused outright, whatever route they might otherwise
 * reach. What is left decodes to the same path the router sees (`/%61pi/…` is never `/api/…`).
 */
export function checkRawTarget(rawUrl: string): ProxyError | null {
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const lower = path.toLowerCase();
  if (rawUrl.length > 2048) return refused(414, 'The request target is too long.');
  if (/%2f|%5c|\\/.test(lower)) return refused(400, 'Encoded slashes are not allowed in the path.');
  if (/%2e/.test(lower) || /(^|\/)\.{1,2}(\/|$)/.test(path)) {
    return refused(400, 'Dot segments are not allowed in the path.');
  }
  if (path.includes('//')) return refused(400, 'Empty path segments are not allowed.');
  // eslint-disable-next-line no-control-regex
  if (/%(0[0-9a-f]|1[0-9a-f]|7f)|[\u0000-\u001f\u007f]/.test(lower)) {
    return refused(400, 'Control characters are not allowed in the request target.');
  }
  if (ENCODED_UNRESERVED.test(path)) {
    return refused(400, 'Percent-encoded letters, digits or -._~ are not allowed in the path.');
  }
  // `%2561` decodes to `%61`: whatever decodes it a second time would see another path.
  if (/%25/.test(path)) return refused(400, 'Double percent-encoding is not allowed in the path.');
  return decodedPath(rawUrl) === null ? refused(400, 'The request URL is malformed.') : null;
}

/** The path as the router sees it (percent-decoded, no query); null when it does not decode. */
export function decodedPath(rawUrl: string): string | null {
  const path = rawUrl.split('?')[0] ?? '/';
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/** onRequest, first after the security headers: refuses requests framed oddly (checkFraming). */
export const requestFramingPlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (req) => {
      const e = checkFraming(req.raw);
      if (e) throw e;
    });
  },
  { name: 'orglink-request-framing' },
);

/**
 * onRequest, after the demo's Host guard (a page on a foreign host name gets 421 whatever its path):
 * refuses hostile request targets (checkRawTarget) on every path, /api or not.
 */
export const hostileTargetPlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (req) => {
      const e = checkRawTarget(req.raw.url ?? '/');
      if (e) throw e;
    });
  },
  { name: 'orglink-hostile-targets' },
);

/** Method override headers or parameters: the method the proxy sees is the method it forwards. */
export function checkMethodOverride(req: FastifyRequest): ProxyError | null {
  for (const h of METHOD_OVERRIDE_HEADERS) {
    if (req.headers[h] !== undefined) return refused(400, `The ${h} header is not allowed.`);
  }
  const q = req.url.indexOf('?');
  if (q >= 0) {
    const params = new URLSearchParams(req.url.slice(q + 1));
    for (const p of METHOD_OVERRIDE_PARAMS) {
      if (params.has(p)) return refused(400, `The ${p} query parameter is not allowed.`);
    }
  }
  return null;
}

function hasBody(req: FastifyRequest): boolean {
  const len = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (len !== undefined && len !== '0');
}

/** Operations without a body refuse one; operations with one need JSON. */
export function checkBodyPresence(req: FastifyRequest, r: Route): ProxyError | null {
  if (r.body === null) {
    return hasBody(req) ? refused(400, 'This operation takes no request body.') : null;
  }
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/.test(type)) return notJson();
  const len = Number(req.headers['content-length'] ?? 0);
  if (len > BODY_LIMIT_BYTES) return tooLarge();
  return null;
}

/** Validates fastify's params/querystring/body with the route table's zod schemas. */
export function zodValidator({ schema }: { schema: unknown }) {
  const s = schema as z.ZodType;
  return (data: unknown) => {
    const r = s.safeParse(data);
    // zod's messages name the field and the rule, never the value (a link-token stays out).
    return r.success ? { value: r.data } : { error: new Error(describeProblems(r.error.issues)) };
  };
}

const VALIDATION_PARTS: Record<string, RequestPart> = {
  params: 'path',
  querystring: 'query',
  body: 'body',
};

/**
 * The proxy's refusal for an error fastify raised on the way in (validation, body parsing), or the
 * ProxyError itself; null for anything else (a failure of the proxy: 500).
 */
export function toProxyError(
  err: FastifyError & { validationContext?: string },
): ProxyError | null {
  if (err instanceof ProxyError) return err;
  if (err.validation !== undefined || err.code === 'FST_ERR_VALIDATION') {
    const part = VALIDATION_PARTS[err.validationContext ?? ''] ?? 'request';
    return refused(400, PROXY_MESSAGES.invalid(part, err.message));
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return tooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return notJson();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return refused(400, PROXY_MESSAGES.bodyEmpty);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return refused(400, PROXY_MESSAGES.bodyNotJson);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return refused(400, 'The Content-Length does not match the body.');
    default:
  }
  if (err instanceof SyntaxError) return refused(400, PROXY_MESSAGES.bodyNotJson);
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return refused(status, 'The request was refused.');
  return null;
}

const QUERY_VALUE: Record<QueryParam, z.ZodType<string>> = {
  pageNum: z.string().regex(/^[1-9]\d{0,5}$/, { error: 'must be a page number from 1' }),
  itemsPerPage: z
    .string()
    .refine((v) => /^[1-9]\d{0,2}$/.test(v) && Number(v) <= MAX_ITEMS_PER_PAGE, {
      error: `must be a number from 1 to ${MAX_ITEMS_PER_PAGE}`,
    }),
  envelope: z.enum(['true', 'false'], { error: 'must be true or false' }),
  pretty: z.enum(['true', 'false'], { error: 'must be true or false' }),
};

/** Exactly the operation's own query parameters, each once, each with a sane value. */
export function querySchema(r: Route) {
  const shape: Record<string, z.ZodOptional<z.ZodType<string>>> = {};
  for (const name of r.query) shape[name] = QUERY_VALUE[name].optional();
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `parameter not allowed for this operation: ${iss.keys.join(', ')}`
        : undefined,
  });
}

/** IDs after decoding: 24 lowercase hex digits, nothing else. */
export function paramsSchema(r: Route) {
  const shape: Record<string, z.ZodType<string>> = {};
  for (const name of r.params) {
    shape[name] = z.string().regex(OBJECT_ID_PATTERN, { error: OBJECT_ID_PROBLEM });
  }
  return z.strictObject(shape);
}

/** Upstream query string in a fixed order, from validated values only. */
export function upstreamQuery(r: Route, query: Record<string, string | undefined>): string {
  const out = new URLSearchParams();
  for (const name of r.query) {
    const v = query[name];
    if (v !== undefined) out.set(name, v);
  }
  const s = out.toString();
  return s ? `?${s}` : '';
}

const proxyPatterns = operationIds.map((op) => {
  const r = routes[op];
  const pattern = routerPath(r, 'proxy')
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return { method: r.method as HttpMethod, re: new RegExp(`^${pattern}$`) };
});

/** Methods the route table has for a path (for 405 and `Allow`). */
export function methodsForPath(path: string): HttpMethod[] {
  const found = new Set<HttpMethod>();
  for (const p of proxyPatterns) if (p.re.test(path)) found.add(p.method);
  return [...found];
}
