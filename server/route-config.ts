// What a proxy route says about itself in its fastify `config` (`config: { operation }`), so every hook
// on the way (CSRF, authorization, audit, the request log) reads the route-table operation there.
import type { FastifyRequest } from 'fastify';
import { routes, type OperationId } from '#contract/route-table';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route-table operation this route forwards; absent on the proxy's own endpoints. */
    operation?: OperationId;
    /**
     * One of the proxy's own endpoints that changes something (Check now, …): the CSRF rule applies
     * as to a route-table mutation. Its own handler checks the role.
     */
    changes?: true;
  }
}

/** The route-table operation a request targets, if it matched a proxy route. */
export function operationOf(req: FastifyRequest): OperationId | null {
  return req.routeOptions.config.operation ?? null;
}

/** Whether the request changes something: a route-table mutation or a proxy endpoint that does. */
export function changesSomething(req: FastifyRequest): boolean {
  return mutationOf(req) !== null || req.routeOptions.config.changes === true;
}

/** The same, only when that operation changes something (POST, PATCH, DELETE). */
export function mutationOf(req: FastifyRequest): OperationId | null {
  const op = operationOf(req);
  return op && routes[op].mutation ? op : null;
}
