// The migration registry's routes. Reads answer from the database only (the poller keeps it
// current); the two changes call MongoDB Cloud themselves, each call recorded by the audit's step():
//
//   GET  /api/migrations                  registered migrations, filtered (viewer)
//   GET  /api/migrations/:id              one, with its status history and lag samples (viewer)
//   POST /api/migrations                  Start migration → createMigration, registered → 201
//                                         (action startMigration: operator, CSRF, audited)
//   POST /api/migrations/:id/cutover      Cut over → cutOverMigration → 202 (action cutOver)
//
// Start migration needs a SUCCESS validation of exactly the request it starts: the proxy recorded
// the fingerprint of every validation that passed through it (observe.ts), and asks the upstream
// for the validation's verdict now. The source password is forwarded and forgotten: never stored,
// logged, audited, echoed or put in an error text.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  LIVE_MIGRATION_ENDPOINTS,
  MIGRATION_STATUS_FILTERS,
  startMigrationBodySchema,
  type MigrationDetail,
  type MigrationList,
  type RegisteredMigration,
  type StartMigrationBody,
} from '#contract/live-migrations-contract';
import { SCENARIO_HEADER } from '#contract/proxy-contract';
import { SOURCE_UPSTREAMS, fillPath, routes, type OperationId } from '#contract/route-table';
import { OBJECT_ID_PATTERN, migrationValidationSchema } from '#contract/schemas';
import { outcomeOfUpstreamAnswer, type AuditRecorder } from '../access/audit-recorder';
import { ProxyError, refused } from '../errors';
import { systemClock, type Clock } from '../fleet/clock';
import type { Store } from '../store/connect';
import {
  VALIDATION_VALID_MS,
  findValidation,
  getLiveMigration,
  listLiveMigrations,
  migrationLagSamples,
  migrationStatusChanges,
  recordCutoverRequest,
  registerMigration,
} from '../store/live-migrations';
import type { UpstreamAnswer, UpstreamClient } from '../upstream-client';
import { requestFingerprint } from './fingerprint';
import { ListCoalescer } from './list-coalescer';
import { migrationStateOf } from './source';
import { toLagSample, toRegisteredMigration, toStatusChange } from './views';

export interface LiveMigrationRoutesOptions {
  store: Store;
  /** The audit's recorder: each upstream change this makes is recorded around its call. */
  recorder: AuditRecorder;
  /** MongoDB Cloud (Atlas); null when not configured (the changes answer 503). */
  client: UpstreamClient | null;
  /** MIGRATION_POLL_INTERVAL, told to the pages. */
  pollIntervalMs: number;
  /** The cutover window to assume for a migration created under `scenario` (simulated only). */
  cutoverWindowMs: (scenario: string | undefined) => number;
  clock?: Clock;
  /** Tells this instance's poller to look now (a migration was started or cut over). */
  wake?: () => void;
}

export const MIGRATION_MESSAGES = {
  notRegistered: (id: string) =>
    `No migration ${id} was started through this console, so it is not in its registry.`,
  notValidated:
    'Start migration needs a successful validation of exactly this request, and this dashboard knows of none: press Validate, wait for its result, then Start migration.',
  changedSinceValidation:
    'The request changed after it was validated (or the validation belongs to another request): press Validate again, then Start migration.',
  validationPending:
    'The validation of this request is still running (PENDING): wait for its result, then Start migration.',
  validationFailed: (why: string) =>
    `The validation of this request failed: ${why} Fix the request, validate again, then Start migration.`,
  validationUnreadable: (status: number) =>
    `MongoDB Cloud did not confirm the validation (HTTP ${status}): validate again, then Start migration.`,
  cloudNotConfigured:
    'MongoDB Cloud is not configured on this proxy (set CLOUD_PUBLIC_KEY and CLOUD_PRIVATE_KEY, or CLOUD_CLIENT_ID and CLOUD_CLIENT_SECRET).',
  startedButUnreadable:
    'MongoDB Cloud answered the start of the migration with something this console cannot read: the migration may have started. Check the Atlas UI before starting it again.',
  startedButNotRegistered: (id: string) =>
    `The migration started (ID ${id}) but this console could not record it; see the server log. Follow it in the Atlas UI.`,
};

const idParams = z
  .object({
    id: z.string().regex(OBJECT_ID_PATTERN, { error: 'must be 24 lowercase hex digits' }),
  })
  .strict();

const listQuery = z
  .object({
    status: z
      .enum(MIGRATION_STATUS_FILTERS, {
        error: `must be one of ${MIGRATION_STATUS_FILTERS.join(', ')}`,
      })
      .optional(),
    source: z
      .enum(SOURCE_UPSTREAMS, { error: `must be one of ${SOURCE_UPSTREAMS.join(', ')}` })
      .optional(),
    orgId: z
      .string()
      .regex(OBJECT_ID_PATTERN, { error: 'must be 24 lowercase hex digits' })
      .optional(),
    atlasOrgId: z
      .string()
      .regex(OBJECT_ID_PATTERN, { error: 'must be 24 lowercase hex digits' })
      .optional(),
  })
  .strict();

function parse<T>(schema: z.ZodType<T>, data: unknown, where: string): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const msg = r.error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
  throw refused(400, `Invalid ${where}: ${msg}`);
}

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

const SCENARIO_PATTERN = /^[a-z0-9-]{1,40}$/;

/** The scenario header, passed on to the simulated upstream only (as forward() does). */
function scenarioOf(req: FastifyRequest, client: UpstreamClient): string | undefined {
  const raw = req.headers[SCENARIO_HEADER];
  return client.settings.simulated && typeof raw === 'string' && SCENARIO_PATTERN.test(raw)
    ? raw
    : undefined;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Text that might quote what was sent, with the source password cut out wherever it appears. */
function withoutSecret(text: string, secret: string | null | undefined): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}

/**
 * The upstream's refusal, passed back as it came (its status, JSON body and X-Error-Code), so the
 * page can show the upstream's own detail; the audit line says so.
 */
function passUpstreamError(
  req: FastifyRequest,
  reply: FastifyReply,
  answer: UpstreamAnswer,
  secret?: string | null,
): FastifyReply {
  req.auditOutcome = outcomeOfUpstreamAnswer(answer.status, answer.headers['x-error-code']);
  const json = parseJson(answer.body);
  noStore(reply);
  for (const h of ['x-error-code', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining']) {
    const v = answer.headers[h];
    if (v) reply.header(h, v);
  }
  reply.code(answer.status);
  if (json === undefined) {
    return reply.type('text/plain; charset=utf-8').send(`HTTP ${answer.status}`);
  }
  return reply
    .type('application/json; charset=utf-8')
    .send(withoutSecret(JSON.stringify(json), secret));
}

export const liveMigrationRoutes: FastifyPluginAsync<LiveMigrationRoutesOptions> = async (
  app,
  o,
) => {
  const clock = o.clock ?? systemClock;
  const db = o.store.db;
  const read = { config: { signedIn: true } } as const;
  const lists = new ListCoalescer<Omit<MigrationList, 'pollIntervalMs'>>(clock);

  const needClient = (): UpstreamClient => {
    if (!o.client) {
      throw new ProxyError(
        503,
        'UPSTREAM_NOT_CONFIGURED',
        MIGRATION_MESSAGES.cloudNotConfigured,
        'cloud',
      );
    }
    return o.client;
  };

  const registered = async (id: string) => {
    const row = await getLiveMigration(db, id);
    if (!row) throw refused(404, MIGRATION_MESSAGES.notRegistered(id));
    return row;
  };

  app.get(LIVE_MIGRATION_ENDPOINTS.list, read, async (req, reply): Promise<MigrationList> => {
    const filters = parse(listQuery, req.query, 'query');
    noStore(reply);
    const list = await lists.get(JSON.stringify(filters), async () => {
      const generatedAt = new Date(clock.now()).toISOString();
      const rows = await listLiveMigrations(db, filters);
      return { migrations: rows.map(toRegisteredMigration), generatedAt };
    });
    return { ...list, pollIntervalMs: o.pollIntervalMs };
  });

  app.get(LIVE_MIGRATION_ENDPOINTS.oneRoute, read, async (req, reply): Promise<MigrationDetail> => {
    const { id } = parse(idParams, req.params, 'path');
    noStore(reply);
    const row = await registered(id);
    const [history, samples] = await Promise.all([
      migrationStatusChanges(db, id),
      migrationLagSamples(db, id),
    ]);
    return {
      migration: toRegisteredMigration(row),
      history: history.map(toStatusChange),
      lagSamples: samples.map(toLagSample),
      generatedAt: new Date(clock.now()).toISOString(),
      pollIntervalMs: o.pollIntervalMs,
    };
  });

  app.post(
    LIVE_MIGRATION_ENDPOINTS.list,
    { config: { action: 'startMigration' }, schema: { body: startMigrationBodySchema } },
    async (req, reply) => {
      const body = req.body as StartMigrationBody;
      const { request } = body;
      const groupId = request.destination.groupId;
      const now = new Date(clock.now());

      // 1. A validation of exactly this request passed through this proxy …
      const validation = await findValidation(
        db,
        body.validationId,
        new Date(now.getTime() - VALIDATION_VALID_MS),
      );
      if (!validation) throw refused(409, MIGRATION_MESSAGES.notValidated);
      if (
        validation.fingerprint !== requestFingerprint(request) ||
        validation.atlasProjectId !== groupId
      ) {
        throw refused(409, MIGRATION_MESSAGES.changedSinceValidation);
      }
      const client = needClient();
      // 2. … and MongoDB Cloud says it succeeded (a read: not audited).
      const verdictOp: OperationId = 'getMigrationValidation';
      const verdict = await client.call({
        op: verdictOp,
        method: 'GET',
        path: fillPath(routes.getMigrationValidation, {
          groupId,
          validationId: body.validationId,
        }),
      });
      const job = migrationValidationSchema.safeParse(parseJson(verdict.body));
      if (verdict.status !== 200 || !job.success) {
        throw refused(409, MIGRATION_MESSAGES.validationUnreadable(verdict.status));
      }
      if (job.data.status !== 'SUCCESS') {
        throw refused(
          409,
          job.data.status === 'FAILED'
            ? MIGRATION_MESSAGES.validationFailed(
                withoutSecret(job.data.errorMessage ?? 'no reason given.', request.source.password),
              )
            : MIGRATION_MESSAGES.validationPending,
        );
      }

      // 3. Start it; the attempt is durable in the audit before the call (step()).
      const scenario = scenarioOf(req, client);
      const answer = await o.recorder.step(
        req,
        'createMigration',
        { orgId: body.sourceOrgId, groupId },
        () =>
          client.call({
            op: 'createMigration',
            method: 'POST',
            path: fillPath(routes.createMigration, { groupId }),
            body: JSON.stringify(request),
            scenario,
          }),
      );
      if (answer.status < 200 || answer.status >= 300) {
        return passUpstreamError(req, reply, answer, request.source.password);
      }
      const created = parseJson(answer.body) as { _id?: unknown } | undefined;
      const state = migrationStateOf(created);
      if (!state || typeof created?._id !== 'string') {
        req.auditOutcome = {
          outcome: 'unknown',
          upstreamStatus: answer.status,
          code: 'UPSTREAM_BAD_ANSWER',
        };
        throw new ProxyError(
          502,
          'UPSTREAM_BAD_ANSWER',
          MIGRATION_MESSAGES.startedButUnreadable,
          'cloud',
        );
      }
      const id = created._id;
      req.auditOutcome = outcomeOfUpstreamAnswer(answer.status);
      const names = body.names ?? {};
      try {
        await registerMigration(
          db,
          {
            migrationId: id,
            sourceUpstream: body.sourceUpstream,
            sourceOrgId: body.sourceOrgId,
            sourceOrgName: names.sourceOrg ?? null,
            sourceProjectId: request.source.groupId,
            sourceProjectName: names.sourceProject ?? null,
            sourceDeployment: request.source.clusterName,
            migrationHost: request.migrationHosts[0] ?? '',
            atlasOrgId: body.atlasOrgId,
            atlasOrgName: names.atlasOrg ?? null,
            atlasProjectId: groupId,
            atlasProjectName: names.atlasProject ?? null,
            targetCluster: request.destination.clusterName,
            hostnameSchemaType: request.destination.hostnameSchemaType,
            tls: request.source.ssl,
            caCertificatePath: request.source.caCertificatePath ?? null,
            managedAuthentication: request.source.managedAuthentication,
            dropDestinationData: request.dropDestinationData ?? false,
            startedBy: req.dashboardSession?.user ?? 'unknown',
            startedAt: new Date(clock.now()),
            cutoverWindowMs: o.cutoverWindowMs(scenario),
          },
          state,
        );
      } catch (err) {
        req.log.error({ err, migrationId: id }, 'a started migration could not be registered');
        throw new ProxyError(500, 'INTERNAL', MIGRATION_MESSAGES.startedButNotRegistered(id));
      }
      lists.clear();
      o.wake?.();
      noStore(reply);
      reply.code(201);
      const row = await registered(id);
      return { migration: toRegisteredMigration(row) } satisfies { migration: RegisteredMigration };
    },
  );

  app.post(
    LIVE_MIGRATION_ENDPOINTS.cutoverRoute,
    { config: { action: 'cutOver' } },
    async (req, reply) => {
      const { id } = parse(idParams, req.params, 'path');
      const row = await registered(id);
      const client = needClient();
      const groupId = row.atlasProjectId;
      const answer = await o.recorder.step(
        req,
        'cutOverMigration',
        { orgId: row.sourceOrgId, groupId, liveMigrationId: id },
        () =>
          client.call({
            op: 'cutOverMigration',
            method: 'PUT',
            path: fillPath(routes.cutOverMigration, { groupId, liveMigrationId: id }),
          }),
      );
      if (answer.status < 200 || answer.status >= 300) return passUpstreamError(req, reply, answer);
      req.auditOutcome = outcomeOfUpstreamAnswer(answer.status);
      await recordCutoverRequest(
        db,
        id,
        req.dashboardSession?.user ?? 'unknown',
        new Date(clock.now()),
      );
      lists.clear();
      o.wake?.();
      noStore(reply);
      reply.code(202);
      return { migration: toRegisteredMigration(await registered(id)) };
    },
  );
};
