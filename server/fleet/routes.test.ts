// /api/fleet and friends through the whole proxy (its error handler, refusals, CSRF), answered
// from the database; the proxy recording what viewers' polls and mutations see; and a whole sweep
// of the simulated upstream's fleet (sources, sweeper, store together).
import { FIXTURE_IDS, SAMPLE_LINK_TOKENS } from '../../mocks/db/fixtures';
import { buildSeedData } from '../../mocks/db/seed-data';
import {
  FLEET_ENDPOINTS,
  fleetSchema,
  orgHistorySchema,
  sweepProgressSchema,
} from '#contract/fleet-contract';
import type { InjectOptions } from 'fastify';
import { proxyErrorSchema, type Session } from '#contract/proxy-contract';
import { proxyUrl, routes } from '#contract/route-table';
import { createUpstreamClients } from '../app';
import { parseEnv } from '../env';
import { withSimulatedUpstream } from '../simulated';
import type { Store } from '../store/connect';
import {
  getFleetOrg,
  listFleet,
  recordListedOrgs,
  recordObservation,
  statusHistory,
} from '../store/fleet';
import { finishSweep, lastFinishedSweep, startSweep } from '../store/sweeps';
import { openTestStore, truncateAll } from '../testing/engines';
import { startHarness, testAccess, testConfig, type Harness } from '../testing/harness';
import type { Access } from '../access/access';
import { ManualClock } from '../testing/manual-clock';
import { startSimHarness, type SimHarness } from '../testing/sim-harness';
import { systemClock } from './clock';
import { Sweeper } from './sweeper';
import { fleetSources } from './upstream-source';

const ORG_A = 'aa0000000000000000000001';
const ORG_B = 'bb0000000000000000000002';
const ORG_POLLED = 'cc0000000000000000000003';
const CSRF = { 'x-orglink-csrf': '1' };
const INTERVAL = 5 * 60_000;
const seedData = buildSeedData();
const EXPECTED: Record<string, string> = {
  synced: 'SYNCED',
  'not-synced': 'NOT_SYNCED',
  none: 'NOT_LINKED',
};

let store: Store;
let clock: ManualClock;
let session: Session | null;
const USER_HEADER = 'x-test-user';
/** A request as `session`'s user (none when it is null). */
const inject = (o: InjectOptions) =>
  h.app.inject({
    ...o,
    headers: { ...(session ? { [USER_HEADER]: session.user } : {}), ...o.headers },
  });
let wakes = 0;
let h: Harness;
let access: Access;

beforeAll(async () => {
  store = await openTestStore();
  clock = new ManualClock();
  // Who is asking: the access layer's own rules, a trusted SSO header from loopback (olga is an
  // operator, anyone else a viewer; no header, nobody).
  const auth = parseEnv({
    TRUST_USER_HEADER: USER_HEADER,
    TRUSTED_PROXIES: '127.0.0.1',
    TRUSTED_OPERATORS: 'olga',
  }).auth;
  access = testAccess(testConfig({ auth }));
  h = await startHarness(
    { auth },
    { access, fleet: { store, sweepIntervalMs: INTERVAL, clock, wake: () => wakes++ } },
  );
}, 60_000);
afterAll(async () => {
  await h.close();
  await store.close();
});
beforeEach(async () => {
  await truncateAll(store);
  session = { user: 'olga', role: 'operator', method: 'password' };
  wakes = 0;
});

const at = (seconds: number) => new Date(clock.now() + seconds * 1000);

async function seed() {
  await recordListedOrgs(
    store.db,
    'opsmanager',
    [
      { id: ORG_B, name: 'Zeta Corp' },
      { id: ORG_A, name: 'Acme' },
    ],
    at(-600),
  );
  await recordObservation(store.db, {
    upstream: 'opsmanager',
    orgId: ORG_A,
    at: at(-500),
    seen: 'sweep',
    result: { status: 'SYNCED' },
  });
  await recordObservation(store.db, {
    upstream: 'opsmanager',
    orgId: ORG_A,
    at: at(-60),
    seen: 'poll',
    result: { status: 'NOT_SYNCED' },
  });
  await recordObservation(store.db, {
    upstream: 'opsmanager',
    orgId: ORG_B,
    at: at(-30),
    seen: 'sweep',
    result: { error: { code: 'USER_UNAUTHORIZED', detail: 'No Owner role.', httpStatus: 403 } },
  });
  // Polled by a viewer, never listed: not on the board.
  await recordObservation(store.db, {
    upstream: 'opsmanager',
    orgId: ORG_POLLED,
    at: at(-10),
    seen: 'poll',
    result: { status: 'SYNCED' },
  });
  const run = await startSweep(store.db, 'A', at(-120), true);
  await finishSweep(store.db, run!.id, 'completed', at(-110), {
    orgsTotal: 2,
    orgsChecked: 2,
    orgsFailed: 0,
    statusChanges: 2,
  });
}

describe('GET /api/fleet', () => {
  it('every listed org with its status, since when, last check and error, and the sweep', async () => {
    await seed();
    const res = await inject({ url: FLEET_ENDPOINTS.fleet });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const fleet = fleetSchema.parse(res.json());
    expect(fleet.orgs).toEqual([
      {
        upstream: 'opsmanager',
        orgId: ORG_A,
        name: 'Acme',
        status: 'NOT_SYNCED',
        statusSince: at(-60).toISOString(),
        lastCheckedAt: at(-60).toISOString(),
        lastSuccessAt: at(-60).toISOString(),
        lastError: null,
      },
      {
        upstream: 'opsmanager',
        orgId: ORG_B,
        name: 'Zeta Corp',
        status: null,
        statusSince: null,
        lastCheckedAt: at(-30).toISOString(),
        lastSuccessAt: null,
        lastError: { code: 'USER_UNAUTHORIZED', detail: 'No Owner role.', httpStatus: 403 },
      },
    ]);
    expect(fleet.sweep).toMatchObject({
      state: 'idle',
      current: null,
      last: { outcome: 'completed', orgsChecked: 2 },
      // The last sweep started 2 minutes ago: the next one is due in 3.
      nextSweepAt: at(180).toISOString(),
      intervalSeconds: 300,
    });
    expect(fleet.generatedAt).toBe(new Date(clock.now()).toISOString());
  });

  it('needs a signed-in user (any role)', async () => {
    session = null;
    for (const url of [
      FLEET_ENDPOINTS.fleet,
      FLEET_ENDPOINTS.sweep,
      FLEET_ENDPOINTS.history('opsmanager', ORG_A),
    ]) {
      const res = await inject({ url });
      expect(res.statusCode).toBe(401);
      expect(proxyErrorSchema.parse(res.json()).code).toBe('NOT_SIGNED_IN');
    }
    session = { user: 'vic', role: 'viewer', method: 'password' };
    expect((await inject({ url: FLEET_ENDPOINTS.fleet })).statusCode).toBe(200);
  });
});

describe('GET /api/fleet/orgs/:upstream/:orgId/history', () => {
  it('the org and its changes, newest first, at most `limit`', async () => {
    await seed();
    const res = await inject({ url: FLEET_ENDPOINTS.history('opsmanager', ORG_A) });
    expect(res.statusCode).toBe(200);
    const body = orgHistorySchema.parse(res.json());
    expect(body.org).toMatchObject({ name: 'Acme', status: 'NOT_SYNCED' });
    expect(body.changes).toEqual([
      { at: at(-60).toISOString(), from: 'SYNCED', to: 'NOT_SYNCED', seen: 'poll' },
      { at: at(-500).toISOString(), from: null, to: 'SYNCED', seen: 'sweep' },
    ]);
    const one = await inject({
      url: `${FLEET_ENDPOINTS.history('opsmanager', ORG_A)}?limit=1`,
    });
    expect(orgHistorySchema.parse(one.json()).changes).toHaveLength(1);
    // Polled, never listed: its history is there, without a name.
    const polled = orgHistorySchema.parse(
      (await inject({ url: FLEET_ENDPOINTS.history('opsmanager', ORG_POLLED) })).json(),
    );
    expect(polled.org).toMatchObject({ name: null, status: 'SYNCED' });
    // Unknown to the fleet: no org, no changes.
    const unknown = await inject({ url: FLEET_ENDPOINTS.history('cloudmanager', ORG_A) });
    expect(unknown.json()).toEqual({
      upstream: 'cloudmanager',
      orgId: ORG_A,
      org: null,
      changes: [],
    });
  });

  it.each([
    [
      '/api/fleet/orgs/atlas/aa0000000000000000000001/history',
      'Invalid path: upstream: must be one of opsmanager, cloudmanager',
    ],
    [
      '/api/fleet/orgs/opsmanager/AA0000000000000000000001/history',
      'Invalid path: orgId: must be 24 characters: digits 0-9 and letters a-f',
    ],
    [
      '/api/fleet/orgs/opsmanager/aa0000000000000000000001/history?limit=0',
      'Invalid query: limit: must be at least 1',
    ],
    [
      '/api/fleet/orgs/opsmanager/aa0000000000000000000001/history?limit=1001',
      'Invalid query: limit: must be at most 1000',
    ],
    [
      '/api/fleet/orgs/opsmanager/aa0000000000000000000001/history?since=yesterday',
      'Invalid query: Unrecognized key: "since"',
    ],
  ])('refuses %s', async (url, detail) => {
    const res = await inject({ url });
    expect(res.statusCode).toBe(400);
    expect(proxyErrorSchema.parse(res.json())).toMatchObject({ code: 'REQUEST_REFUSED', detail });
  });
});

describe('POST /api/fleet/sweep (Check now)', () => {
  it('queues one sweep, wakes this instance, answers 202 with the progress', async () => {
    const res = await inject({ method: 'POST', url: FLEET_ENDPOINTS.sweep, headers: CSRF });
    expect(res.statusCode).toBe(202);
    const progress = sweepProgressSchema.parse(res.json());
    expect(progress).toMatchObject({
      state: 'queued',
      current: { cause: 'request', requestedBy: 'olga', startedAt: null },
      nextSweepAt: null,
    });
    expect(wakes).toBe(1);
    const again = await inject({ method: 'POST', url: FLEET_ENDPOINTS.sweep, headers: CSRF });
    expect(sweepProgressSchema.parse(again.json()).current?.id).toBe(progress.current?.id);
    // Progress is the same for everyone, from the database.
    const read = await inject({ url: FLEET_ENDPOINTS.sweep });
    expect(sweepProgressSchema.parse(read.json())).toEqual(progress);
    // Each ask is audited as the proxy action it is: an attempt, then its outcome.
    const lines = (await access.audit.recent({ operation: 'sweepNow' })).entries;
    expect(lines.map((l) => [l.operation, l.user, l.outcome, l.status])).toEqual([
      ['sweepNow', 'olga', 'success', 202],
      ['sweepNow', 'olga', 'success', 202],
    ]);
  });

  it('needs the CSRF header, then the operator role', async () => {
    const noCsrf = await inject({ method: 'POST', url: FLEET_ENDPOINTS.sweep });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json()).toMatchObject({ code: 'CSRF_REJECTED' });
    session = { user: 'vic', role: 'viewer', method: 'password' };
    const viewer = await inject({
      method: 'POST',
      url: FLEET_ENDPOINTS.sweep,
      headers: CSRF,
    });
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json()).toMatchObject({
      code: 'ROLE_REQUIRED',
      detail:
        'Your role is viewer: the operator role is needed to check every organization now. Ask an administrator for it.',
    });
    expect(
      sweepProgressSchema.parse((await inject({ url: FLEET_ENDPOINTS.sweep })).json()).state,
    ).toBe('idle');
    expect(wakes).toBe(0);
  });
});

describe('what passes through the proxy is recorded', () => {
  let sim: SimHarness;
  beforeAll(async () => {
    sim = await startSimHarness(
      { statusCacheMs: 60_000 },
      { fleet: { store, sweepIntervalMs: INTERVAL, clock } },
    );
  }, 60_000);
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    await sim.resetSim();
  });

  it("a viewer's poll is recorded as seen by a poll; a cached answer is not recorded again", async () => {
    const id = FIXTURE_IDS.opsOrgSynced;
    expect((await sim.call('GET', proxyUrl(routes.getLinkStatus, { orgId: id }))).status).toBe(200);
    clock.advance(1000);
    expect((await sim.call('GET', proxyUrl(routes.getLinkStatus, { orgId: id }))).status).toBe(200);
    const org = await getFleetOrg(store.db, 'opsmanager', id);
    expect(org).toMatchObject({ linkStatus: 'SYNCED', lastCheckedAt: at(-1) });
    const history = await statusHistory(store.db, 'opsmanager', id, 5);
    expect(history.map((c) => [c.oldStatus, c.newStatus, c.seenVia])).toEqual([
      [null, 'SYNCED', 'poll'],
    ]);
    // No link: 404 is NOT_LINKED.
    const unlinked = FIXTURE_IDS.opsOrgUnlinked;
    expect(
      (await sim.call('GET', proxyUrl(routes.getLinkStatus, { orgId: unlinked }))).status,
    ).toBe(404);
    expect((await getFleetOrg(store.db, 'opsmanager', unlinked))?.linkStatus).toBe('NOT_LINKED');
  });

  it('connect and remove are recorded as mutations; refused ones are not', async () => {
    const id = FIXTURE_IDS.opsOrgsUnlinked[2]!;
    const headers = { ...CSRF, 'content-type': 'application/json' };
    const bad = await sim.call('POST', proxyUrl(routes.connectOrg, { orgId: id }), {
      headers,
      body: JSON.stringify({ linkToken: SAMPLE_LINK_TOKENS.expired }),
    });
    expect(bad.status).toBe(400);
    expect(await getFleetOrg(store.db, 'opsmanager', id)).toBeNull();
    const connect = await sim.call('POST', proxyUrl(routes.connectOrg, { orgId: id }), {
      headers,
      body: JSON.stringify({ linkToken: SAMPLE_LINK_TOKENS.valid }),
    });
    expect(connect.status).toBe(201);
    clock.advance(1000);
    const remove = await sim.call('DELETE', proxyUrl(routes.removeLink, { orgId: id }), {
      headers: CSRF,
    });
    expect(remove.status).toBe(204);
    const history = await statusHistory(store.db, 'opsmanager', id, 5);
    expect(history.map((c) => [c.oldStatus, c.newStatus, c.seenVia])).toEqual([
      ['NOT_SYNCED', 'NOT_LINKED', 'mutation'],
      [null, 'NOT_SYNCED', 'mutation'],
    ]);
  });
});

describe('a sweep of the simulated fleet', () => {
  it('records every Ops Manager and Cloud Manager org with the status its upstream has', async () => {
    const setup = await withSimulatedUpstream(testConfig());
    // The fakes' data is per process: back to the seed, whatever the tests above changed.
    await fetch(`${setup.sim.opsmanagerUrl}/__sim/reset`, { method: 'POST' });
    const clients = createUpstreamClients(setup.config);
    const sweeper = new Sweeper({
      store,
      sources: fleetSources(clients, systemClock),
      intervalMs: 300_000,
      concurrency: 4,
      retentionDays: 90,
    });
    try {
      await sweeper.tick();
      await sweeper.idle();
      const fleet = await listFleet(store.db);
      const seeded = {
        opsmanager: { orgs: seedData.opsOrgs, states: seedData.opsLinkStates },
        cloudmanager: { orgs: seedData.cmOrgs, states: seedData.cmLinkStates },
      } as const;
      expect(fleet).toHaveLength(seedData.opsOrgs.length + seedData.cmOrgs.length);
      for (const org of fleet) {
        const seed = seeded[org.upstream as keyof typeof seeded];
        expect(org.linkStatus, org.name ?? org.orgId).toBe(
          EXPECTED[seed.states.get(org.orgId) ?? 'none'],
        );
        expect(org.name).toBe(seed.orgs.find((o) => o.id === org.orgId)?.name);
      }
      expect(await lastFinishedSweep(store.db)).toMatchObject({
        outcome: 'completed',
        orgsFailed: 0,
      });
      expect(setup.sim.stats.byOperation.getLinkStatus).toBe(seedData.opsOrgs.length);
      expect(setup.sim.stats.byOperation.getCloudManagerLinkStatus).toBe(seedData.cmOrgs.length);
    } finally {
      await sweeper.stop();
      await Promise.all(Object.values(clients).map((c) => c?.close()));
      await setup.sim.close();
    }
  });
});
