// /api/migrations through the whole proxy, in front of the simulated upstream (versioned Atlas v2
// calls, Digest, its migration lifecycle with short timings): Start migration only after a
// SUCCESS validation of the same request (409 otherwise, in plain words), roles and CSRF, audit
// lines for the action and its upstream call, the scenario header passed to createMigration, the
// registry answering reads, Cut over (the upstream's refusal passed back; 202 when ready), the
// poller carrying a migration to COMPLETE, and the source password nowhere: no answer, log line,
// audit line or database row.
import { sql } from 'drizzle-orm';
import {
  MIGRATION_FIXTURES,
  SAMPLE_MIGRATION_CREDENTIALS,
  migrationRequest,
} from '../../mocks/db/fixtures';
import { SHORT_WINDOW_MS } from '../../mocks/db/migrations';
import {
  LIVE_MIGRATION_ENDPOINTS,
  migrationDetailSchema,
  migrationListSchema,
  registeredMigrationSchema,
  type StartMigrationBody,
} from '#contract/live-migrations-contract';
import { proxyErrorSchema } from '#contract/proxy-contract';
import { proxyUrl, routes } from '#contract/route-table';
import { migrationValidationSchema, type LiveMigrationRequest } from '#contract/schemas';
import type { Access } from '../access/access';
import { parseEnv } from '../env';
import { systemClock } from '../fleet/clock';
import type { Store } from '../store/connect';
import { openTestStore } from '../testing/engines';
import { testAccess, testConfig } from '../testing/harness';
import { SECRETS, findSecrets, startSimHarness, type SimHarness } from '../testing/sim-harness';
import { MIGRATION_MESSAGES } from './routes';
import { MigrationPoller } from './poller';
import { UpstreamMigrationSource } from './source';
import { SIMULATED_SHORT_WINDOW_MS, cutoverWindowFor } from './window';

const F = MIGRATION_FIXTURES.cloudManager;
const USER_HEADER = 'x-test-user';
const OPERATOR = { [USER_HEADER]: 'olga', 'x-orglink-csrf': '1' };
const JSON_TYPE = { 'content-type': 'application/json' };

let h: SimHarness;
let store: Store;
let access: Access;

beforeAll(async () => {
  store = await openTestStore();
  const auth = parseEnv({
    TRUST_USER_HEADER: USER_HEADER,
    TRUSTED_PROXIES: '127.0.0.1',
    TRUSTED_OPERATORS: 'olga',
  }).auth;
  const base = testConfig({ auth });
  const sim = {
    ...base.sim,
    // Long enough that a Start migration sent right after Validate finds it still PENDING, even on
    // a busy machine.
    validationMs: 3000,
    migrationNewMs: 200,
    migrationCatchUpMs: 1500,
    migrationCutoverMs: 300,
  };
  access = testAccess(base);
  h = await startSimHarness(
    { auth, sim },
    {
      access,
      liveMigrations: {
        store,
        pollIntervalMs: 1000,
        cutoverWindowMs: cutoverWindowFor({ simulated: true, sim }),
      },
    },
  );
}, 60_000);
afterAll(async () => {
  await h?.close();
  await store?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function validate(request: LiveMigrationRequest, headers = OPERATOR) {
  const path = proxyUrl(routes.validateMigration, { groupId: request.destination.groupId });
  const res = await h.call('POST', path, {
    headers: { ...headers, ...JSON_TYPE },
    body: JSON.stringify(request),
  });
  expect(res.status).toBe(200);
  return migrationValidationSchema.parse(res.json);
}

/** Polls the validation job (as the page does) until it is no longer PENDING. */
async function verdict(groupId: string, validationId: string) {
  for (let i = 0; i < 300; i++) {
    const res = await h.call(
      'GET',
      proxyUrl(routes.getMigrationValidation, { groupId, validationId }),
      { headers: { [USER_HEADER]: 'olga' } },
    );
    const job = migrationValidationSchema.parse(res.json);
    if (job.status !== 'PENDING') return job;
    await sleep(100);
  }
  throw new Error('validation stayed PENDING');
}

function startBody(validationId: string, request: LiveMigrationRequest): StartMigrationBody {
  return {
    validationId,
    sourceUpstream: F.sourceUpstream,
    sourceOrgId: F.sourceOrgId,
    atlasOrgId: F.atlasOrgId,
    names: { sourceOrg: 'Source org', atlasProject: 'Target project' },
    request,
  };
}

function start(body: unknown, headers: Record<string, string> = OPERATOR) {
  return h.call('POST', LIVE_MIGRATION_ENDPOINTS.list, {
    headers: { ...headers, ...JSON_TYPE },
    body: JSON.stringify(body),
  });
}

const detailOf = (res: { json: unknown }) => proxyErrorSchema.parse(res.json).detail;

describe('Start migration', () => {
  it('needs a SUCCESS validation of exactly this request; then starts and registers it', async () => {
    const request = migrationRequest(F);
    const unknownId = 'aa00000000000000000000ff';
    const none = await start(startBody(unknownId, request));
    expect([none.status, detailOf(none)]).toEqual([409, MIGRATION_MESSAGES.notValidated]);

    const job = await validate(request);
    expect(job.status).toBe('PENDING');
    const early = await start(startBody(job._id, request));
    expect([early.status, detailOf(early)]).toEqual([409, MIGRATION_MESSAGES.validationPending]);
    expect((await verdict(F.atlasProjectId, job._id)).status).toBe('SUCCESS');

    // Any change after validating (here: the migration host) needs a new validation.
    const changed = migrationRequest(F, { migrationHosts: ['other-host.example.net'] });
    const refused = await start(startBody(job._id, changed));
    expect([refused.status, detailOf(refused)]).toEqual([
      409,
      MIGRATION_MESSAGES.changedSinceValidation,
    ]);

    // The same request with keys in another order and the password left out of the fingerprint.
    const same = JSON.parse(JSON.stringify(request)) as LiveMigrationRequest;
    const res = await start(startBody(job._id, { ...same, dropDestinationData: false }));
    expect(res.status).toBe(201);
    const m = registeredMigrationSchema.parse((res.json as { migration: unknown }).migration);
    expect(m).toMatchObject({
      source: {
        upstream: F.sourceUpstream,
        orgId: F.sourceOrgId,
        orgName: 'Source org',
        projectId: F.sourceProjectId,
        deployment: F.deployment,
      },
      target: { atlasOrgId: F.atlasOrgId, projectId: F.atlasProjectId, cluster: F.targetCluster },
      migrationHost: F.migrationHost,
      options: { tls: F.tlsEnabled, hostnameSchemaType: 'PUBLIC', dropDestinationData: false },
      startedBy: 'olga',
      status: 'NEW',
      active: true,
    });

    const list = migrationListSchema.parse(
      (
        await h.call('GET', `${LIVE_MIGRATION_ENDPOINTS.list}?orgId=${F.sourceOrgId}`, {
          headers: { [USER_HEADER]: 'vera' },
        })
      ).json,
    );
    expect(list.migrations.map((x) => x.id)).toContain(m.id);

    const lines = (await access.audit.recent({ user: 'olga' })).entries;
    const ops = lines.map((l) => [l.operation, l.outcome, l.status]);
    expect(ops).toContainEqual(['startMigration', 'success', 201]);
    expect(ops).toContainEqual(['createMigration', 'success', 201]);
    expect(ops).toContainEqual(['startMigration', 'refused', 409]);
  }, 60_000);

  it('a FAILED validation is named in plain words (never with the password)', async () => {
    const request = migrationRequest(F, {
      source: { password: SAMPLE_MIGRATION_CREDENTIALS.wrongPassword },
    });
    const job = await validate(request);
    const done = await verdict(F.atlasProjectId, job._id);
    expect(done.status).toBe('FAILED');
    const res = await start(startBody(job._id, request));
    expect(res.status).toBe(409);
    expect(detailOf(res)).toBe(MIGRATION_MESSAGES.validationFailed(done.errorMessage ?? ''));
  }, 60_000);

  it('viewers and requests without the CSRF header are refused before anything is checked', async () => {
    const body = startBody('aa00000000000000000000ff', migrationRequest(F));
    const viewer = await start(body, { [USER_HEADER]: 'vera', 'x-orglink-csrf': '1' });
    expect([viewer.status, proxyErrorSchema.parse(viewer.json).code]).toEqual([
      403,
      'ROLE_REQUIRED',
    ]);
    const noCsrf = await start(body, { [USER_HEADER]: 'olga' });
    expect([noCsrf.status, proxyErrorSchema.parse(noCsrf.json).code]).toEqual([
      403,
      'CSRF_REJECTED',
    ]);
    const cut = await h.call('POST', LIVE_MIGRATION_ENDPOINTS.cutover('aa00000000000000000000ff'), {
      headers: { [USER_HEADER]: 'vera', 'x-orglink-csrf': '1' },
    });
    expect(cut.status).toBe(403);
    // A bad body is refused with the field named, not its value.
    const bad = await start({ ...body, request: { ...body.request, migrationHosts: [] } });
    expect(bad.status).toBe(400);
    expect(detailOf(bad)).toMatch(/migrationHosts/);
    expect(bad.text).not.toContain(SAMPLE_MIGRATION_CREDENTIALS.password);
  });

  it('passes the scenario to createMigration: a short-window migration gets its short window', async () => {
    expect(SIMULATED_SHORT_WINDOW_MS).toBe(SHORT_WINDOW_MS);
    const request = migrationRequest(F, { destination: { hostnameSchemaType: 'VPC_PEERING' } });
    const job = await validate(request);
    await verdict(F.atlasProjectId, job._id);
    const res = await start(startBody(job._id, request), {
      ...OPERATOR,
      'x-mock-scenario': 'migration-window-short',
    });
    expect(res.status).toBe(201);
    const m = registeredMigrationSchema.parse((res.json as { migration: unknown }).migration);
    expect(m.cutoverWindowMs).toBe(SHORT_WINDOW_MS);
  }, 60_000);
});

describe('watching and cutting over', () => {
  it('the poller carries a migration to ready; Cut over before that is refused, then 202 → COMPLETE', async () => {
    const request = migrationRequest(F, { source: { caCertificatePath: '/etc/ssl/ca.pem' } });
    const job = await validate(request);
    await verdict(F.atlasProjectId, job._id);
    const started = await start(startBody(job._id, request));
    expect(started.status).toBe(201);
    const id = registeredMigrationSchema.parse(
      (started.json as { migration: unknown }).migration,
    ).id;

    // Too early: the upstream's own refusal, passed back.
    const early = await h.call('POST', LIVE_MIGRATION_ENDPOINTS.cutover(id), { headers: OPERATOR });
    expect(early.status).toBe(400);
    expect((early.json as { errorCode?: string }).errorCode).toBe('CANNOT_CUT_OVER_LIVE_MIGRATION');

    const poller = new MigrationPoller({
      store,
      source: new UpstreamMigrationSource(h.app.upstreams.cloud!, systemClock),
      intervalMs: 200,
      holderId: 'test',
    });
    const detail = async () =>
      migrationDetailSchema.parse(
        (
          await h.call('GET', LIVE_MIGRATION_ENDPOINTS.one(id), {
            headers: { [USER_HEADER]: 'vera' },
          })
        ).json,
      );
    let d = await detail();
    for (let i = 0; i < 60 && !d.migration.readyForCutover; i++) {
      await sleep(200);
      await poller.tick();
      d = await detail();
    }
    expect(d.migration.readyForCutover).toBe(true);
    expect(d.migration.readySince).not.toBeNull();
    expect(d.migration.windowEndsAt).not.toBeNull();
    expect(d.history.map((c) => c.status)).toEqual(expect.arrayContaining(['NEW', 'WORKING']));
    const lags = d.lagSamples.map((s) => s.lagSeconds);
    expect(lags.length).toBeGreaterThan(1);
    expect(lags[lags.length - 1]!).toBeLessThan(lags[0]!);

    const cut = await h.call('POST', LIVE_MIGRATION_ENDPOINTS.cutover(id), { headers: OPERATOR });
    expect(cut.status).toBe(202);
    for (let i = 0; i < 60 && d.migration.status !== 'COMPLETE'; i++) {
      await sleep(200);
      await poller.tick();
      d = await detail();
    }
    expect(d.migration).toMatchObject({
      status: 'COMPLETE',
      active: false,
      cutoverRequestedBy: 'olga',
      options: { caCertificatePath: '/etc/ssl/ca.pem' },
    });
    await poller.stop();
    const lines = (await access.audit.recent({ operation: 'cutOver' })).entries;
    expect(lines.map((l) => [l.outcome, l.status])).toEqual(
      expect.arrayContaining([
        ['success', 202],
        ['upstream_error', 400],
      ]),
    );
    const missing = await h.call('GET', LIVE_MIGRATION_ENDPOINTS.one('aa00000000000000000000ff'), {
      headers: { [USER_HEADER]: 'vera' },
    });
    expect(missing.status).toBe(404);
  }, 60_000);

  it('the source password is in no answer, log line, audit line or database row', async () => {
    expect(findSecrets(h.answers)).toEqual([]);
    expect(findSecrets(h.logs)).toEqual([]);
    const audit = JSON.stringify((await access.audit.recent({})).entries);
    expect(findSecrets([audit])).toEqual([]);
    const tables = [
      'live_migrations',
      'live_migration_status_changes',
      'live_migration_lag_samples',
      'live_migration_validations',
    ];
    for (const t of tables) {
      const res = await store.db.execute(sql.raw(`SELECT row_to_json(x)::text AS j FROM ${t} x`));
      const rows = (res as unknown as { rows: { j: string }[] }).rows;
      expect(rows.length).toBeGreaterThan(0);
      expect(
        findSecrets(
          rows.map((r) => r.j),
          SECRETS,
        ),
      ).toEqual([]);
    }
  });
});
