// `npm run bench:sweep` (issue 10, "Measured"): one full fleet sweep against the simulated
// upstream with its rate limit on, through the real proxy pieces (UpstreamClient, Sweeper,
// RateGate, the embedded store in a temp DATA_DIR; never the project's data/):
//   1. the sweep alone: orgs swept, duration, upstream status calls, 429 answers (total, and
//      beyond the first warning), status calls per minute
//   2. the same sweep with BENCH_SWEEP_VIEWERS viewers polling orgs' link status through the
//      proxy as open org pages do: upstream status calls per minute with and without viewers
// Viewers are plain HTTP clients, not browsers: each polls one org's status path on the proxy
// (GET /api/opsmanager/.../liveExport/migrationLink/status) on the SPA's schedule (fast while
// NOT_SYNCED, slow otherwise, a 429's Retry-After), which is all an open tab asks the upstream for
// (the board itself reads /api/fleet from the database).
// The proxy, the sweeper and the simulated upstream share this process (as in bench-fleet.ts), so
// the simulator's counters can be read directly.
// Env: BENCH_SWEEP_ORGS (5000: the many-orgs set; fewer = the first of the same generator),
// BENCH_SWEEP_RATE_PER_MIN (500), BENCH_SWEEP_VIEWERS (50; 0 = skip step 2),
// BENCH_SWEEP_VIEWER_ORGS (how many different orgs the viewers have open, 10),
// BENCH_SWEEP_CONCURRENCY (SWEEP_CONCURRENCY, 4).
import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Agent, request } from 'undici';
import { DEFAULT_POLL_INTERVALS_MS } from '#contract/proxy-contract';
import { proxyUrl, routes } from '#contract/route-table';
import { buildManyOrgs } from '../mocks/db/seed-data';
import { MANY_ORGS_TOTAL, opsManagerStore } from '../mocks/db/opsmanager';
import { resetRateLimits } from '../mocks/rate-limit';
import { buildApp, createUpstreamClients } from '../server/app';
import { parseEnv } from '../server/env';
import { systemClock } from '../server/fleet/clock';
import type { FleetSource } from '../server/fleet/source';
import { Sweeper } from '../server/fleet/sweeper';
import { fleetSources } from '../server/fleet/upstream-source';
import { withSimulatedUpstream } from '../server/simulated';
import { openStore } from '../server/store/connect';
import { testAccess } from '../server/testing/harness';

function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`${name} must be a whole number of at least ${min} (got "${raw}")`);
  }
  return n;
}

const ORGS = envInt('BENCH_SWEEP_ORGS', MANY_ORGS_TOTAL, 1);
const RATE_PER_MIN = envInt('BENCH_SWEEP_RATE_PER_MIN', 500, 1);
const VIEWERS = envInt('BENCH_SWEEP_VIEWERS', 50, 0);
const VIEWER_ORGS = envInt('BENCH_SWEEP_VIEWER_ORGS', 10, 1);
const CONCURRENCY = envInt('BENCH_SWEEP_CONCURRENCY', 4, 1);
const STATUS_OP = 'getLinkStatus';

const fmt = (n: number) => n.toLocaleString('en');
const perMin = (calls: number, ms: number) => (ms > 0 ? (calls * 60_000) / ms : 0);

/**
 * The Ops Manager orgs the simulated upstream lists: the many-orgs set (its scenario), or ORGS of
 * the same generator in place of the seeded ones. Called once the simulator's store is loaded.
 */
function seedOrgs(): void {
  if (ORGS === MANY_ORGS_TOTAL) return;
  const { orgs, links } = buildManyOrgs(ORGS);
  opsManagerStore.seed({ orgs, links, projects: new Map() });
}

/** Counts the sweeper's own status calls (the rest of the upstream's are the viewers'). */
function counted(source: FleetSource, calls: { n: number }): FleetSource {
  return {
    upstream: source.upstream,
    pageSize: source.pageSize,
    listOrgs: (page) => source.listOrgs(page),
    readLinkStatus: (orgId) => {
      calls.n++;
      return source.readLinkStatus(orgId);
    },
  };
}

interface ViewerStats {
  requests: number;
  answered429: number;
  failed: number;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** One open org page: polls its org's status through the proxy until `signal` aborts. */
async function viewer(
  baseUrl: string,
  dispatcher: Agent,
  orgId: string,
  signal: AbortSignal,
  stats: ViewerStats,
): Promise<void> {
  const path = proxyUrl(routes[STATUS_OP], { orgId });
  // Tabs are opened at any moment: the first polls are spread over the slow interval, so tabs
  // of one org do not all ask within the proxy's status cache (the worst case for the upstream).
  let delay = Math.random() * DEFAULT_POLL_INTERVALS_MS.slow;
  while (!signal.aborted) {
    await sleep(delay, signal);
    if (signal.aborted) return;
    stats.requests++;
    try {
      const res = await request(`${baseUrl}${path}`, { dispatcher, signal });
      const text = await res.body.text();
      if (res.statusCode === 429) {
        stats.answered429++;
        delay = Math.max(1_000, Number(res.headers['retry-after'] ?? 10) * 1000);
      } else if (res.statusCode === 200 || res.statusCode === 404) {
        const status =
          res.statusCode === 404 ? 'NOT_LINKED' : (JSON.parse(text) as { status?: string }).status;
        // The SPA's policy (src/api/queries/link-status.ts): fast while NOT_SYNCED, else slow.
        delay =
          status === 'NOT_SYNCED' ? DEFAULT_POLL_INTERVALS_MS.fast : DEFAULT_POLL_INTERVALS_MS.slow;
      } else {
        stats.failed++;
        delay = DEFAULT_POLL_INTERVALS_MS.slow;
      }
    } catch {
      if (signal.aborted) return;
      stats.failed++;
      delay = DEFAULT_POLL_INTERVALS_MS.slow;
    }
  }
}

interface SweepFigures {
  orgs: number;
  failed: number;
  ms: number;
  statusCalls: number;
  sweeperStatusCalls: number;
  listCalls: number;
  limited: number;
  limitedStatus: number;
  viewers?: ViewerStats;
}

async function runSweep(viewers: number): Promise<SweepFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'orglink-bench-sweep-'));
  const base = {
    ...parseEnv({
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      SIM_RATE_LIMIT_PER_MIN: String(RATE_PER_MIN),
      SWEEP_CONCURRENCY: String(CONCURRENCY),
    }),
    staticDir: null,
  };
  // A fresh rate-limit window and org set for each run (the simulator's state is per process).
  resetRateLimits();
  const { sim, config } = await withSimulatedUpstream(
    base,
    ORGS === MANY_ORGS_TOTAL ? { scenario: 'many-orgs' } : {},
  );
  seedOrgs();
  // Only the Ops Manager source: the many-orgs set is Ops Manager's.
  const clients = { ...createUpstreamClients(config), cloudmanager: null };
  const store = await openStore({ dataDir });
  const app = buildApp(config, {
    access: testAccess(config),
    clients,
    fleet: { store, sweepIntervalMs: config.fleet.sweepIntervalMs },
  });
  const sweeperCalls = { n: 0 };
  let finished: Record<string, unknown> | null = null;
  const sweeper = new Sweeper({
    store,
    sources: fleetSources(clients, systemClock).map((s) => counted(s, sweeperCalls)),
    // One sweep per run: the next scheduled one is a day away.
    intervalMs: 86_400_000,
    concurrency: CONCURRENCY,
    retentionDays: 90,
    log: pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          const line = JSON.parse(chunk.toString('utf8')) as Record<string, unknown>;
          if (line.msg === 'fleet sweep finished') finished = line;
          else if (Number(line.level) >= 40) console.warn(`   ${String(line.msg)}`);
          callback();
        },
      }),
    ),
  });
  const abort = new AbortController();
  // Every viewer's requests listen on it.
  setMaxListeners(viewers + 10, abort.signal);
  const dispatcher = new Agent({ connections: viewers || 1 });
  const viewerStats: ViewerStats = { requests: 0, answered429: 0, failed: 0 };
  try {
    const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const orgIds = opsManagerStore.list(ORGS === MANY_ORGS_TOTAL).map((o) => o.id);
    const watched = orgIds.slice(0, Math.min(VIEWER_ORGS, orgIds.length));
    sim.resetStats();
    const t0 = performance.now();
    const polling = Array.from({ length: viewers }, (_, i) =>
      viewer(baseUrl, dispatcher, watched[i % watched.length] as string, abort.signal, viewerStats),
    );
    sweeper.start();
    while (sweeper.runningSweepId === null && !finished) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await sweeper.idle();
    const ms = performance.now() - t0;
    abort.abort();
    await Promise.all(polling);
    const done = (finished ?? {}) as { orgsChecked?: number; orgsFailed?: number };
    const figures: SweepFigures = {
      orgs: done.orgsChecked ?? 0,
      failed: done.orgsFailed ?? 0,
      ms,
      statusCalls: sim.stats.byOperation[STATUS_OP] ?? 0,
      sweeperStatusCalls: sweeperCalls.n,
      listCalls: sim.stats.byOperation.listOrgs ?? 0,
      limited: Object.values(sim.stats.rateLimitedByOperation).reduce((a, b) => a + b, 0),
      limitedStatus: sim.stats.rateLimitedByOperation[STATUS_OP] ?? 0,
    };
    if (viewers) figures.viewers = viewerStats;
    return figures;
  } finally {
    abort.abort();
    await sweeper.stop();
    await app.close();
    await dispatcher.close();
    await sim.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(label: string, f: SweepFigures): void {
  const minutes = f.ms / 60_000;
  console.log(`\n${label}`);
  console.log(
    `   orgs swept: ${fmt(f.orgs)} (${fmt(f.failed)} failed) in ${(f.ms / 1000).toFixed(1)} s (${minutes.toFixed(2)} min)`,
  );
  console.log(
    `   upstream calls: ${fmt(f.statusCalls)} status (${fmt(f.sweeperStatusCalls)} by the sweeper, ${fmt(f.statusCalls - f.sweeperStatusCalls)} for viewers), ${fmt(f.listCalls)} list pages`,
  );
  console.log(
    `   429 answers: ${fmt(f.limited)} total (${fmt(f.limitedStatus)} on status calls), ${fmt(Math.max(0, f.limited - 1))} beyond the first`,
  );
  console.log(
    `   upstream status calls per minute: ${perMin(f.statusCalls, f.ms).toFixed(0)} (sweeper ${perMin(f.sweeperStatusCalls, f.ms).toFixed(0)}, viewers ${perMin(f.statusCalls - f.sweeperStatusCalls, f.ms).toFixed(0)}); all calls ${perMin(f.statusCalls + f.listCalls, f.ms).toFixed(0)}/min against a limit of ${RATE_PER_MIN}`,
  );
  if (f.viewers) {
    const v = f.viewers;
    console.log(
      `   viewers: ${fmt(v.requests)} status requests to the proxy (${perMin(v.requests, f.ms).toFixed(0)}/min), ${fmt(v.answered429)} answered 429, ${fmt(v.failed)} failed`,
    );
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `Fleet sweep: ${fmt(ORGS)} Ops Manager orgs, simulated upstream limited to ${RATE_PER_MIN} calls/min per key, ` +
      `${CONCURRENCY} checks at a time (node ${process.version})`,
  );
  const alone = await runSweep(0);
  report('1. the sweep alone', alone);
  if (VIEWERS > 0) {
    const watched = await runSweep(VIEWERS);
    report(
      `2. the same sweep with ${VIEWERS} viewers (plain HTTP clients, not browsers) polling ${Math.min(VIEWER_ORGS, ORGS)} orgs' status through the proxy`,
      watched,
    );
    const a = perMin(alone.statusCalls, alone.ms);
    const b = perMin(watched.statusCalls, watched.ms);
    console.log(
      `\nUpstream status calls per minute: ${a.toFixed(0)} without viewers, ${b.toFixed(0)} with ${VIEWERS} (${b >= a ? '+' : ''}${(((b - a) / (a || 1)) * 100).toFixed(0)} %); sweep ${(alone.ms / 1000).toFixed(1)} s → ${(watched.ms / 1000).toFixed(1)} s`,
    );
  }
  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
