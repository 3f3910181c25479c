// What a visitor may do: the demo's Host guard (onRequest) and, for every route-table operation and
// every proxy endpoint that asks for it in its route config, a signed-in user — with the operator
// role for a change (onRequest, after the CSRF check).
import fp from 'fastify-plugin';
import { PROXY_ACTIONS } from '#contract/proxy-contract';
import { routes } from '#contract/route-table';
import { ProxyError } from '../errors';
import { actionOf, mutationOf, needsSignIn } from '../route-config';
import { hostOfHeader, isLoopbackHost } from './loopback';
import { ACCESS_MESSAGES } from './messages';

/**
 * onRequest, only on a demo dashboard (no sign-in): DNS rebinding lets a hostile page whose name
 * points at 127.0.0.1 reach it; that page shares no cookie, but the demo needs none, so only loopback
 * names may talk to a dashboard that signs everyone in. Every path, not only /api: a path check on
 * the raw text can be dodged by an encoding the router decodes (`/%61pi/…`), and the page, its files
 * and /healthz and /readyz have no business on a foreign name either (monitoring on the same machine
 * asks 127.0.0.1 or localhost). app.ts registers it before the path checks, so such a page gets 421
 * for whatever it asks.
 */
export const hostGuardPlugin = fp<{ demo: boolean }>(
  async (app, { demo }) => {
    if (!demo) return;
    app.addHook('onRequest', async (req) => {
      if (!isLoopbackHost(hostOfHeader(req.headers.host))) {
        throw new ProxyError(421, 'REQUEST_REFUSED', ACCESS_MESSAGES.demoHost);
      }
    });
  },
  { name: 'orglink-host-guard' },
);

export function notSignedIn(detail: string | null = null): ProxyError {
  return new ProxyError(401, 'NOT_SIGNED_IN', detail ?? ACCESS_MESSAGES.notSignedIn);
}

export function operatorOnly(what: string): ProxyError {
  return new ProxyError(403, 'ROLE_REQUIRED', ACCESS_MESSAGES.operatorOnly(what));
}

/**
 * onRequest (before any body is read): reading needs a signed-in user, changing an operator — for
 * the route-table operations and the proxy's own endpoints alike (their route `config`).
 */
export const authorizationPlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (req) => {
      if (!needsSignIn(req)) return;
      const s = req.dashboardSession;
      if (!s) throw notSignedIn(req.sessionProblem);
      if (s.role === 'operator') return;
      const op = mutationOf(req);
      if (op) throw operatorOnly(routes[op].summary);
      const action = actionOf(req);
      if (action) throw operatorOnly(PROXY_ACTIONS[action]);
    });
  },
  { name: 'orglink-authorization', dependencies: ['orglink-identity'] },
);
