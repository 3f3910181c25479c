// CSRF rule for every mutation: the SPA's custom header (a cross-site form or <img> cannot set it,
// and a cross-site fetch with it needs a CORS preflight this proxy never grants), plus same-origin
// `Origin` and `Sec-Fetch-Site` whenever the browser sends them.
import type { FastifyRequest } from 'fastify';
import { CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { ProxyError } from '../errors';

export function checkCsrf(req: FastifyRequest): ProxyError | null {
  const reject = (detail: string) => new ProxyError(403, 'CSRF_REJECTED', detail);
  if (req.headers[CSRF_HEADER] !== CSRF_VALUE) {
    return reject(`Changes need the ${CSRF_HEADER}: ${CSRF_VALUE} header (sent by the dashboard).`);
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') {
    return reject(`Changes must come from the dashboard's own pages (Sec-Fetch-Site: ${site}).`);
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let host: string | null = null;
    try {
      host = origin === 'null' ? null : new URL(origin).host;
    } catch {
      host = null;
    }
    if (!host || host !== req.headers.host) {
      return reject("Changes must come from the dashboard's own origin.");
    }
  }
  return null;
}

/** Fastify preHandler form, for routes outside the route table (sign-in, settings) too. */
export async function csrfGuard(req: FastifyRequest): Promise<void> {
  const e = checkCsrf(req);
  if (e) throw e;
}
