// Calls the fakes in-process (no network) for mocks/ tests: builds the URL from the route table,
// runs msw's getResponse over the handlers and returns status, headers and parsed JSON.
import { getResponse } from 'msw';
import { routerPath, routes, type OperationId } from '#contract/route-table';
import { CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { createProxyHandlers } from './proxy';
import { createUpstreamHandlers } from './upstream';

export const TEST_OPSMANAGER_BASE = 'http://opsmanager.test';
export const TEST_CLOUD_BASE = 'http://cloud.test';
/** Where relative proxy handler paths resolve in these tests (jsdom uses its location). */
export const TEST_PROXY_ORIGIN = 'http://console.test';

const upstreamHandlers = createUpstreamHandlers({
  opsmanagerBase: TEST_OPSMANAGER_BASE,
  cloudBase: TEST_CLOUD_BASE,
});
const proxyHandlers = createProxyHandlers();

export interface CallInput {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
  headers?: Record<string, string>;
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
function path(op: OperationId, side: 'upstream' | 'proxy', params: Record<string, string>): string {
  return routerPath(routes[op], side).replace(/:(\w+)/g, (_, name: string) => params[name] ?? '');
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

function init(op: OperationId, input: CallInput, extraHeaders: Record<string, string>) {
  const r = routes[op];
  const headers: Record<string, string> = { ...extraHeaders, ...input.headers };
  let body: string | undefined;
  if (input.body !== undefined) {
    body = typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
    headers['content-type'] = 'application/json';
  }
  return { method: r.method, headers, body };
}

export async function callUpstream(op: OperationId, input: CallInput = {}): Promise<CallResult> {
  const r = routes[op];
  const base = r.upstream === 'opsmanager' ? TEST_OPSMANAGER_BASE : TEST_CLOUD_BASE;
  const url = withQuery(base + path(op, 'upstream', input.params ?? {}), input.query);
  const response = await getResponse(upstreamHandlers, new Request(url, init(op, input, {})));
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
