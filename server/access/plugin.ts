// Dashboard access as one fastify plugin: who the user is (password session, trusted SSO header or
// the loopback demo), what the role allows, and the audit line of every mutation attempt. Its parts,
// registered in the order a request meets them (hooks of one kind run in registration order):
//
//   onRequest   identityPlugin       req.dashboardSession for every /api route
//   onRequest   csrfPlugin           route-table mutations need the CSRF header, same origin (403)
//   onRequest   authorizationPlugin  operations need a user (401), mutations an operator (403)
//   preHandler  auditRecorderPlugin  a mutation's attempt record, durable before forwarding (503)
//   onSend      auditRecorderPlugin  the outcome record, durable before the answer leaves
//   routes      /api/session (session-routes.ts), /api/audit (audit-route.ts)
//
// CSRF, sign-in and role are checked in onRequest, before a body is read: a refused client cannot
// hold a connection by trickling one. The demo's Host guard (authorization.ts: hostGuardPlugin) is
// registered by app.ts ahead of the path checks, so a foreign host name gets 421 for every path.
//
// Route-table routes carry `config: { operation }` (server/route-config.ts): the hooks read it there.
import fp from 'fastify-plugin';
import type { Access } from './access';
import { auditRecorderPlugin } from './audit-recorder';
import { auditRoutePlugin } from './audit-route';
import { authorizationPlugin } from './authorization';
import { csrfPlugin } from './csrf';
import { identityPlugin } from './identity';
import { sessionRoutesPlugin } from './session-routes';

export const accessPlugin = fp<{ access: Access }>(
  async (app, { access }) => {
    await app.register(identityPlugin, { identity: access.identity });
    await app.register(csrfPlugin, { identity: access.identity });
    await app.register(authorizationPlugin);
    await app.register(auditRecorderPlugin, { recorder: access.recorder });
    await app.register(sessionRoutesPlugin, { deps: access.sessionRoutes });
    await app.register(auditRoutePlugin, { log: access.audit });
  },
  { name: 'orglink-access' },
);
