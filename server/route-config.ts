// What a proxy route says about itself in its fastify `config` (`config: { operation }`), so every hook
// on the way (CSRF, authorization, audit, the request log) reads the route-table operation there.
import type { FastifyRequest } from 'fastify';
import type { ProxyActionId } from '#contract/proxy-contract';
import { routes, type OperationId } from '#contract/route-table';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route-table operation this route forwards; absent on the proxy's own endpoints. */
    operation?: OperationId;
    /**
     * One of the proxy's own endpoints that changes something (PROXY_ACTIONS: Check now, …): like a
     * route-table mutation it needs the CSRF header and the operator role, and is audited (its
     * handler sets `req.auditOutcome`).
     */
    action?: ProxyActionId;
    /** One of the proxy's own endpoints that only reads: it needs a signed-in user. */
    signedIn?: true;
  }
}

/** The route-table operation a request targets, if it matched a proxy route. */
export function operationOf(req: FastifyRequest): OperationId | null {
  return req.routeOptions.config.operation ?? null;
}

/** The proxy action a request targets (one of its own endpoints that changes something). */
export function actionOf(req: FastifyRequest): ProxyActionId | null {
  return req.routeOptions.config.action ?? null;
}

/** What the audit records a change under: a route-table mutation or a proxy action; else null. */
export function auditedChangeOf(req: FastifyRequest): OperationId | ProxyActionId | null {
  return mutationOf(req) ?? actionOf(req);
}

/** Whether the request changes something: a route-table mutation or a proxy action. */
export function changesSomething(req: FastifyRequest): boolean {
  return auditedChangeOf(req) !== null;
}

/** Whether the request needs a signed-in user: every operation, action and signed-in read. */
export function needsSignIn(req: FastifyRequest): boolean {
  return (
    operationOf(req) !== null || actionOf(req) !== null || req.routeOptions.config.signedIn === true
  );
}

/** The same, only when that operation changes something (POST, PATCH, DELETE). */
export function mutationOf(req: FastifyRequest): OperationId | null {
  const op = operationOf(req);
  return op && routes[op].mutation ? op : null;
}
