// The proxy's own error answers, in the shape of src/api/proxy-contract.ts, so the SPA can tell
// "the proxy refused / could not reach the upstream" from "the upstream said no".
import type { FastifyReply } from 'fastify';
import type { ProxyErrorBody, ProxyErrorCode } from '#contract/proxy-contract';
import type { Upstream } from '#contract/route-table';

export class ProxyError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProxyErrorCode,
    readonly detail: string,
    readonly upstream?: Upstream,
    /** Extra response headers, e.g. `Allow` on 405 or `Retry-After` on 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ProxyError';
  }
}

/** A request the proxy will not forward (allowlist, IDs, query, body, method override). */
export function refused(status: number, detail: string, headers?: Record<string, string>) {
  return new ProxyError(status, 'REQUEST_REFUSED', detail, undefined, headers);
}

export function proxyErrorBody(e: ProxyError, requestId?: string): ProxyErrorBody {
  const body: ProxyErrorBody = { source: 'proxy', error: e.status, code: e.code, detail: e.detail };
  if (e.upstream) body.upstream = e.upstream;
  if (requestId) body.requestId = requestId;
  return body;
}

export function sendProxyError(reply: FastifyReply, e: ProxyError): FastifyReply {
  reply.header('cache-control', 'no-store');
  for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
  return reply
    .code(e.status)
    .type('application/json; charset=utf-8')
    .send(proxyErrorBody(e, reply.request.id));
}
