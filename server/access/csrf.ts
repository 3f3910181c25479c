// CSRF rule for every mutation: the SPA's custom header (a cross-site form or <img> cannot set it,
// and a cross-site fetch with it needs a CORS preflight this proxy never grants), plus same-origin
// `Origin` and `Sec-Fetch-Site` whenever the browser sends them. Checked in onRequest, before the
// body is read (a refused client cannot hold the connection by trickling a body).
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { PROXY_MESSAGES } from '#contract/proxy-messages';
import { ProxyError } from '../errors';
import { changesSomething } from '../route-config';
import type { Identity } from './identity';
import { ACCESS_MESSAGES } from './messages';

/**
 * `overTls`: the browser reached the dashboard over HTTPS (identity.secureCookie: a TLS socket,
 * `X-Forwarded-Proto: https` or COOKIE_SECURE=always). The Origin's scheme must then be https — a
 * page on `http://` the same name (a network attacker's) is another origin. Without TLS an https
 * Origin is still the dashboard's own (a TLS proxy in front that does not say so): no other page can
 * hold an https origin for this host and port without its certificate.
 */
export function checkCsrf(req: FastifyRequest, overTls = false): ProxyError | null {
  const reject = (detail: string) => new ProxyError(403, 'CSRF_REJECTED', detail);
  if (req.headers[CSRF_HEADER] !== CSRF_VALUE) return reject(PROXY_MESSAGES.csrfHeader);
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return reject(ACCESS_MESSAGES.csrfSite(site));
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let url: URL | null = null;
    try {
      url = origin === 'null' ? null : new URL(origin);
    } catch {
      url = null;
    }
    const schemes = overTls ? ['https:'] : ['http:', 'https:'];
    if (!url || !schemes.includes(url.protocol) || url.host !== req.headers.host) {
      return reject(ACCESS_MESSAGES.csrfOrigin);
    }
  }
  return null;
}

/**
 * onRequest: every route-table mutation and every proxy endpoint that changes something passes the
 * CSRF rule (sign-in and sign-out check it too).
 */
export const csrfPlugin = fp<{ identity: Identity }>(
  async (app, { identity }) => {
    app.addHook('onRequest', async (req) => {
      if (!changesSomething(req)) return;
      const e = checkCsrf(req, identity.secureCookie(req));
      if (e) throw e;
    });
  },
  { name: 'orglink-csrf' },
);
