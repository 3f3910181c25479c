// CSRF rule for every mutation: the SPA's custom header (a cross-site form or <img> cannot set it,
// and a cross-site fetch with it needs a CORS preflight this proxy never grants), plus same-origin
// `Origin` and `Sec-Fetch-Site` whenever the browser sends them.
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { PROXY_MESSAGES } from '#contract/proxy-messages';
import { ProxyError } from '../errors';
import { mutationOf } from '../route-config';
import { ACCESS_MESSAGES } from './messages';

export function checkCsrf(req: FastifyRequest): ProxyError | null {
  const reject = (detail: string) => new ProxyError(403, 'CSRF_REJECTED', detail);
  if (req.headers[CSRF_HEADER] !== CSRF_VALUE) return reject(PROXY_MESSAGES.csrfHeader);
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return reject(ACCESS_MESSAGES.csrfSite(site));
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let host: string | null = null;
    try {
      host = origin === 'null' ? null : new URL(origin).host;
    } catch {
      host = null;
    }
    if (!host || host !== req.headers.host) return reject(ACCESS_MESSAGES.csrfOrigin);
  }
  return null;
}

/** preHandler: every route-table mutation passes the CSRF rule (sign-in and sign-out check it too). */
export const csrfPlugin = fp(
  async (app) => {
    app.addHook('preHandler', async (req) => {
      if (!mutationOf(req)) return;
      const e = checkCsrf(req);
      if (e) throw e;
    });
  },
  { name: 'orglink-csrf' },
);
