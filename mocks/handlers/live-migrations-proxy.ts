// The browser fakes of the proxy's migration registry (/api/migrations…), for `npm run dev` and
// the `mock` e2e project: the same answers and refusals as server/live-migrations/routes.ts, over
// an in-memory registry. Where the server's poller reads each migration on a schedule, the fake
// "polls" every active migration of the fake upstream when the registry is read.
import { http, HttpResponse, type RequestHandler } from 'msw';
import {
  CUTOVER_WINDOW_MS,
  LIVE_MIGRATION_ENDPOINTS,
  MIGRATION_FILTERS,
  startMigrationBodySchema,
  type LagSample,
  type MigrationDetail,
  type MigrationFilters,
  type MigrationList,
  type MigrationStatusChange,
  type RegisteredMigration,
} from '#contract/live-migrations-contract';
import { CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { PROXY_MESSAGES, describeProblems } from '#contract/proxy-messages';
import { OBJECT_ID_PATTERN, type LiveMigrationRequest } from '#contract/schemas';
import { storeNow } from '../db/clock';
import { getStoreConfig } from '../db/config';
import {
  SHORT_WINDOW_MS,
  findMigration,
  findValidation,
  migrationView,
  validationView,
} from '../db/migrations';
import { scenarioFor } from '../scenarios';
import { answerAsUpstream, simulateLatency } from './operations';
import { csrfRejected, proxyError, toResponse } from './response-builders';

/** Poll interval the fake reports (the server's MIGRATION_POLL_INTERVAL). */
const FAKE_POLL_MS = 1_000;

interface Entry {
  m: RegisteredMigration;
  history: MigrationStatusChange[];
  samples: LagSample[];
}

let registry = new Map<string, Entry>();
/** validation _id → the request it validated, as canonical JSON without the password. */
let validated = new Map<string, string>();

export function resetLiveMigrationRegistry(): void {
  registry = new Map();
  validated = new Map();
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && v !== null) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

/** The same rule as the server's fingerprint (server/live-migrations/fingerprint.ts). */
function fingerprint(r: LiveMigrationRequest): string {
  const { password: _password, ...source } = r.source;
  return JSON.stringify(
    canonical({ ...r, source, dropDestinationData: r.dropDestinationData ?? false }),
  );
}

/** The proxy fakes call this with every validateMigration answer they give. */
export async function noteValidation(answer: Response, bodyText: string): Promise<void> {
  if (answer.status !== 200) return;
  try {
    const job = (await answer.clone().json()) as { _id?: string };
    const request = JSON.parse(bodyText) as LiveMigrationRequest;
    if (job._id) validated.set(job._id, fingerprint(request));
  } catch {
    // not a validation answer
  }
}

function own(status: number, body: unknown): Response {
  return HttpResponse.json(body as Record<string, unknown>, {
    status,
    headers: { 'cache-control': 'no-store' },
  });
}

const refused = (status: number, detail: string) =>
  toResponse(proxyError(status, 'REQUEST_REFUSED', detail), new URLSearchParams());

/** What the server's poller would have recorded by now. */
function poll(e: Entry, now: number): void {
  if (!e.m.active) return;
  const record = findMigration(e.m.target.projectId, e.m.id);
  if (!record) return;
  const v = migrationView(record, now);
  const at = new Date(now).toISOString();
  const last = e.history[e.history.length - 1];
  if (!last || last.status !== v.status || last.readyForCutover !== v.readyForCutover) {
    e.history.push({ at, status: v.status, readyForCutover: v.readyForCutover });
  }
  const lastSample = e.samples[e.samples.length - 1];
  if (v.lagTimeSeconds !== null && (!lastSample || now - Date.parse(lastSample.at) >= 1000)) {
    e.samples.push({ at, lagSeconds: v.lagTimeSeconds });
  }
  const m = e.m;
  m.status = v.status;
  m.lagSeconds = v.lagTimeSeconds;
  m.readyForCutover = v.readyForCutover;
  m.lastCheckedAt = at;
  if (v.readyForCutover && !m.readySince) {
    m.readySince = at;
    m.windowEndsAt = new Date(now + m.cutoverWindowMs).toISOString();
  }
  if (v.status === 'COMPLETE' && !m.completedAt) m.completedAt = at;
  if (v.status === 'COMPLETE' || v.status === 'FAILED' || v.status === 'EXPIRED') {
    m.active = false;
    m.finishedAt ??= at;
  }
}

function matches(m: RegisteredMigration, f: MigrationFilters): boolean {
  if (f.status === 'active' && !m.active) return false;
  if (f.status && f.status !== 'active' && m.status !== f.status) return false;
  if (f.source && m.source.upstream !== f.source) return false;
  if (f.orgId && m.source.orgId !== f.orgId) return false;
  if (f.atlasOrgId && m.target.atlasOrgId !== f.atlasOrgId) return false;
  return true;
}

const MESSAGES = {
  notRegistered: (id: string) =>
    `No migration ${id} was started through this console, so it is not in its registry.`,
  notValidated:
    'Start migration needs a successful validation of exactly this request, and this dashboard knows of none: press Validate, wait for its result, then Start migration.',
  changed:
    'The request changed after it was validated (or the validation belongs to another request): press Validate again, then Start migration.',
  pending:
    'The validation of this request is still running (PENDING): wait for its result, then Start migration.',
  failed: (why: string) =>
    `The validation of this request failed: ${why} Fix the request, validate again, then Start migration.`,
};

export function createLiveMigrationProxyHandlers(): RequestHandler[] {
  return [
    http.get(LIVE_MIGRATION_ENDPOINTS.list, async ({ request }) => {
      await simulateLatency(null);
      const url = new URL(request.url);
      const filters: MigrationFilters = {};
      for (const name of MIGRATION_FILTERS) {
        const v = url.searchParams.get(name);
        if (v) filters[name] = v;
      }
      const now = storeNow();
      for (const e of registry.values()) poll(e, now);
      const body: MigrationList = {
        migrations: [...registry.values()]
          .map((e) => e.m)
          .filter((m) => matches(m, filters))
          .sort((a, b) => b.startedAt.localeCompare(a.startedAt)),
        generatedAt: new Date(now).toISOString(),
        pollIntervalMs: FAKE_POLL_MS,
      };
      return own(200, body);
    }),
    http.get(LIVE_MIGRATION_ENDPOINTS.oneRoute, async ({ params }) => {
      await simulateLatency(null);
      const id = String(params.id);
      if (!OBJECT_ID_PATTERN.test(id)) {
        return refused(400, 'Invalid path: id: must be 24 lowercase hex digits');
      }
      const e = registry.get(id);
      if (!e) return refused(404, MESSAGES.notRegistered(id));
      const now = storeNow();
      poll(e, now);
      const body: MigrationDetail = {
        migration: e.m,
        history: e.history,
        lagSamples: e.samples,
        generatedAt: new Date(now).toISOString(),
        pollIntervalMs: FAKE_POLL_MS,
      };
      return own(200, body);
    }),
    http.post(LIVE_MIGRATION_ENDPOINTS.list, async ({ request }) => {
      const scenario = scenarioFor(request.headers);
      await simulateLatency(scenario);
      if (request.headers.get(CSRF_HEADER) !== CSRF_VALUE) {
        return toResponse(csrfRejected(), new URLSearchParams());
      }
      let json: unknown;
      try {
        json = await request.json();
      } catch {
        return refused(400, PROXY_MESSAGES.bodyNotJson);
      }
      const parsed = startMigrationBodySchema.safeParse(json);
      if (!parsed.success) {
        return refused(400, PROXY_MESSAGES.invalid('body', describeProblems(parsed.error.issues)));
      }
      const body = parsed.data;
      const req = body.request;
      const groupId = req.destination.groupId;
      const seen = validated.get(body.validationId);
      if (seen === undefined) return refused(409, MESSAGES.notValidated);
      if (seen !== fingerprint(req)) return refused(409, MESSAGES.changed);
      const job = findValidation(groupId, body.validationId);
      if (!job) return refused(409, MESSAGES.changed);
      const verdict = validationView(job);
      if (verdict.status === 'PENDING') return refused(409, MESSAGES.pending);
      if (verdict.status === 'FAILED')
        return refused(409, MESSAGES.failed(verdict.errorMessage ?? ''));
      const answer = answerAsUpstream({
        op: 'createMigration',
        url: new URL(request.url),
        params: { groupId },
        bodyText: JSON.stringify(req),
        scenario,
        challenge: false,
      });
      if (answer.status !== 201) return answer;
      const created = (await answer.json()) as { _id: string };
      const now = storeNow();
      const at = new Date(now).toISOString();
      const names = body.names ?? {};
      const windowMs = getStoreConfig().cutoverWindowMs || CUTOVER_WINDOW_MS;
      const m: RegisteredMigration = {
        id: created._id,
        source: {
          upstream: body.sourceUpstream,
          orgId: body.sourceOrgId,
          orgName: names.sourceOrg ?? null,
          projectId: req.source.groupId,
          projectName: names.sourceProject ?? null,
          deployment: req.source.clusterName,
        },
        target: {
          atlasOrgId: body.atlasOrgId,
          atlasOrgName: names.atlasOrg ?? null,
          projectId: groupId,
          projectName: names.atlasProject ?? null,
          cluster: req.destination.clusterName,
        },
        migrationHost: req.migrationHosts[0] ?? '',
        options: {
          hostnameSchemaType: req.destination.hostnameSchemaType,
          tls: req.source.ssl,
          caCertificatePath: req.source.caCertificatePath ?? null,
          managedAuthentication: req.source.managedAuthentication,
          dropDestinationData: req.dropDestinationData ?? false,
        },
        startedBy: 'demo',
        startedAt: at,
        status: 'NEW',
        lagSeconds: null,
        readyForCutover: false,
        active: true,
        lastCheckedAt: at,
        lastError: null,
        readySince: null,
        cutoverWindowMs:
          scenario === 'migration-window-short' ? Math.min(SHORT_WINDOW_MS, windowMs) : windowMs,
        windowEndsAt: null,
        cutoverRequestedBy: null,
        cutoverRequestedAt: null,
        completedAt: null,
        finishedAt: null,
      };
      registry.set(m.id, {
        m,
        history: [{ at, status: 'NEW', readyForCutover: false }],
        samples: [],
      });
      return own(201, { migration: m });
    }),
    http.post(LIVE_MIGRATION_ENDPOINTS.cutoverRoute, async ({ request, params }) => {
      const scenario = scenarioFor(request.headers);
      await simulateLatency(scenario);
      if (request.headers.get(CSRF_HEADER) !== CSRF_VALUE) {
        return toResponse(csrfRejected(), new URLSearchParams());
      }
      const id = String(params.id);
      const e = registry.get(id);
      if (!e) return refused(404, MESSAGES.notRegistered(id));
      const answer = answerAsUpstream({
        op: 'cutOverMigration',
        url: new URL(request.url),
        params: { groupId: e.m.target.projectId, liveMigrationId: id },
        bodyText: '',
        scenario,
        challenge: false,
      });
      if (answer.status !== 202) return answer;
      e.m.cutoverRequestedBy = 'demo';
      e.m.cutoverRequestedAt = new Date(storeNow()).toISOString();
      return own(202, { migration: e.m });
    }),
  ];
}
