// GET /api/audit: audit entries for operators, newest first, filtered, a page at a time (the Audit
// page): `before` is the previous page's `nextCursor`.
import fp from 'fastify-plugin';
import { z } from 'zod';
import {
  AUDIT_CURSOR_PATTERN,
  AUDIT_OUTCOMES,
  AUDIT_SESSION_OPERATIONS,
} from '#contract/audit-contract';
import { PROXY_ACTION_IDS, PROXY_ENDPOINTS } from '#contract/proxy-contract';
import { PROXY_MESSAGES, describeProblems } from '#contract/proxy-messages';
import { operationIds } from '#contract/route-table';
import { OBJECT_ID_PATTERN, OBJECT_ID_PROBLEM } from '#contract/schemas';
import { refused, sendProxyError } from '../errors';
import type { AuditLog } from './audit-log';
import { notSignedIn, operatorOnly } from './authorization';

const auditQuerySchema = z
  .object({
    user: z.string().max(64).optional(),
    operation: z
      .enum([...AUDIT_SESSION_OPERATIONS, ...PROXY_ACTION_IDS, ...operationIds])
      .optional(),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    id: z.string().regex(OBJECT_ID_PATTERN, { message: OBJECT_ID_PROBLEM }).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, { message: 'must be a number' })
      .optional(),
    before: z
      .string()
      .regex(AUDIT_CURSOR_PATTERN, { message: "must be a page's nextCursor" })
      .optional(),
  })
  .strict();

export const auditRoutePlugin = fp<{ log: AuditLog }>(
  async (app, { log }) => {
    app.get(PROXY_ENDPOINTS.audit, async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const s = req.dashboardSession;
      if (!s) return sendProxyError(reply, notSignedIn());
      if (s.role !== 'operator') {
        return sendProxyError(reply, operatorOnly('read the audit log'));
      }
      const q = auditQuerySchema.safeParse(req.query);
      if (!q.success) {
        return sendProxyError(
          reply,
          refused(400, PROXY_MESSAGES.invalid('query', describeProblems(q.error.issues))),
        );
      }
      return log.recent(q.data);
    });
  },
  { name: 'orglink-audit-route', dependencies: ['orglink-identity'] },
);
