// Who may use the fleet routes: any signed-in user reads, operators ask for a sweep. The one
// place these routes ask the access layer (issue 6) who the user is: it hands in `session`, as
// server/app.ts gives it to /api/config. (The access layer is moving to server/access; only this
// file needs to follow it.)
import type { FastifyRequest } from 'fastify';
import type { Session } from '#contract/proxy-contract';
import { ProxyError } from '../errors';

export type SessionOf = (req: FastifyRequest) => Session | null;

export function requireViewer(req: FastifyRequest, sessionOf: SessionOf): Session {
  const s = sessionOf(req);
  if (!s) throw new ProxyError(401, 'NOT_SIGNED_IN', 'Sign in to use the dashboard.');
  return s;
}

export function requireOperator(req: FastifyRequest, sessionOf: SessionOf, what: string): Session {
  const s = requireViewer(req, sessionOf);
  if (s.role !== 'operator') {
    throw new ProxyError(
      403,
      'ROLE_REQUIRED',
      `Your role is viewer: the operator role is needed to ${what}. Ask an administrator for it.`,
    );
  }
  return s;
}
