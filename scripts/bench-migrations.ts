// `npm run bench:migrations`: what watching many live migrations costs the upstream, and how fast
// /migrations answers and paints. With BENCH_MIGRATIONS (200) active migrations in the registry
// (embedded PGlite) and BENCH_MIGRATIONS_VIEWERS (20) viewers:
//   1. upstream migration calls per minute. The real MigrationPoller runs for
//      BENCH_MIGRATIONS_SECONDS (60) at MIGRATION_POLL_INTERVAL = BENCH_MIGRATIONS_INTERVAL (30 s,
//      the default) against an upstream that answers every migration WORKING
//      after 5 ms and counts what it is asked; meanwhile every viewer reads GET /api/migrations
//      through the proxy (real HTTP) every 3 s, as the page does while anything is active. The
//      figure is compared with migrations × 60 / interval (one call per migration per interval)
//      and with what asking the upstream per viewer would cost (× viewers).
//      Viewers' reads of the same filters within a second share one database read
//      (server/live-migrations/list-coalescer.ts).
//   2. GET /api/migrations with all of them, each a database read: p50 / p99, the answer's size.
//   3. /migrations in the production build (dist/, `npm run build` first), in Chromium as
//      playwright.config.ts launches it: from navigation to the list's rows on screen and the
//      Status filter usable; median of BENCH_MIGRATIONS_PAGE_RUNS (5) after one warm-up. Skipped
//      with a reason when dist/ or Chromium is missing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { Pool } from 'undici';
import { chromium } from '@playwright/test';
import { LIVE_MIGRATION_ENDPOINTS } from '#contract/live-migrations-contract';
import { buildApp } from '../server/app';
import { parseEnv } from '../server/env';
import { NO_HINTS, type SourceAnswer } from '../server/fleet/source';
import { LIST_MAX_AGE_MS } from '../server/live-migrations/list-coalescer';
import { MigrationPoller } from '../server/live-migrations/poller';
import type { MigrationSource, MigrationState } from '../server/live-migrations/source';
import { openStore, type Store } from '../server/store/connect';
import { registerMigration } from '../server/store/live-migrations';
import { testAccess } from '../server/testing/harness';
import playwrightConfig from '../playwright.config';

const MIGRATIONS = Number(process.env.BENCH_MIGRATIONS ?? 200);
const VIEWERS = Number(process.env.BENCH_MIGRATIONS_VIEWERS ?? 20);
const SECONDS = Number(process.env.BENCH_MIGRATIONS_SECONDS ?? 60);
const INTERVAL_MS = Number(process.env.BENCH_MIGRATIONS_INTERVAL ?? 30) * 1000;
const PAGE_RUNS = Number(process.env.BENCH_MIGRATIONS_PAGE_RUNS ?? 5);
const LIST_READS = 20;
/** What the page waits between reads while anything is active (REGISTRY_REFRESH_MS). */
const VIEWER_REFRESH_MS = 3_000;
const UPSTREAM_LATENCY_MS = 5;
const DIST = resolve(import.meta.dirname, '..', 'dist');

const hex = (prefix: string, i: number) => `${prefix}${i.toString(16).padStart(22, '0')}`;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))] ?? NaN;
}

/** An upstream where every migration is WORKING with some lag; counts the calls it gets. */
class CountingUpstream implements MigrationSource {
  calls = 0;
  readonly perMigration = new Map<string, number>();
  async getMigration(_groupId: string, id: string): Promise<SourceAnswer<MigrationState>> {
    this.calls++;
    this.perMigration.set(id, (this.perMigration.get(id) ?? 0) + 1);
    await sleep(UPSTREAM_LATENCY_MS);
    return {
      kind: 'ok',
      value: { status: 'WORKING', lagSeconds: 5 + (this.calls % 40), readyForCutover: false },
      rate: NO_HINTS,
    };
  }
}

async function seed(store: Store): Promise<void> {
  const startedAt = new Date(Date.now() - 3_600_000);
  for (let i = 0; i < MIGRATIONS; i++) {
    await registerMigration(
      store.db,
      {
        migrationId: hex('ab', i),
        sourceUpstream: i % 2 ? 'cloudmanager' : 'opsmanager',
        sourceOrgId: hex('ef', i % 20),
        sourceOrgName: `Org ${i % 20}`,
        sourceProjectId: hex('ee', i),
        sourceProjectName: `project-${i}`,
        sourceDeployment: `rs-${i}`,
        migrationHost: `mh${i % 5}.example.net`,
        atlasOrgId: hex('ed', i % 20),
        atlasOrgName: `Atlas org ${i % 20}`,
        atlasProjectId: hex('cd', i % 40),
        atlasProjectName: `atlas-project-${i % 40}`,
        targetCluster: `cluster-${i}`,
        hostnameSchemaType: 'PUBLIC',
        tls: true,
        caCertificatePath: null,
        managedAuthentication: false,
        dropDestinationData: false,
        startedBy: 'bench',
        startedAt,
        cutoverWindowMs: 120 * 3_600_000,
      },
      { status: 'WORKING', lagSeconds: 30, readyForCutover: false },
    );
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-migrations-'));
  const store = await openStore({ dataDir: join(dir, 'db') });
  const config = {
    ...parseEnv({ LOG_LEVEL: 'info' }),
    staticDir: existsSync(join(DIST, 'index.html')) ? DIST : null,
  };
  // Log lines are written (as in production at info), then dropped.
  const logStream = new Writable({ write: (_c, _e, cb) => cb() });
  const app = buildApp(config, {
    logStream,
    access: testAccess(config),
    liveMigrations: { store, pollIntervalMs: INTERVAL_MS, cutoverWindowMs: () => 120 * 3_600_000 },
  });
  const upstream = new CountingUpstream();
  const poller = new MigrationPoller({ store, source: upstream, intervalMs: INTERVAL_MS });
  try {
    await seed(store);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const pool = new Pool(url, { connections: VIEWERS });
    const read = async (): Promise<{ t: number; bytes: number }> => {
      const t0 = performance.now();
      const res = await pool.request({ method: 'GET', path: LIVE_MIGRATION_ENDPOINTS.list });
      const body = await res.body.arrayBuffer();
      if (res.statusCode !== 200) throw new Error(`GET /api/migrations answered ${res.statusCode}`);
      return { t: performance.now() - t0, bytes: body.byteLength };
    };

    // 1. The poller and the viewers together. Every migration was last looked at an hour ago:
    // the first tick asks for all of them, then one call per migration per interval.
    console.log(
      `${MIGRATIONS} active migrations, ${VIEWERS} viewers, poll interval ${INTERVAL_MS / 1000} s, ` +
        `${SECONDS} s …`,
    );
    const viewerTimes: number[] = [];
    let viewerReads = 0;
    const until = Date.now() + SECONDS * 1000;
    poller.start();
    await Promise.all(
      Array.from({ length: VIEWERS }, async (_, v) => {
        await sleep((v * VIEWER_REFRESH_MS) / VIEWERS);
        while (Date.now() < until) {
          viewerTimes.push((await read()).t);
          viewerReads++;
          await sleep(VIEWER_REFRESH_MS);
        }
      }),
    );
    await poller.stop();
    const perMinute = (upstream.calls * 60) / SECONDS;
    const expected = (MIGRATIONS * 60_000) / INTERVAL_MS;
    const counts = [...upstream.perMigration.values()];
    console.log(
      `  upstream migration calls: ${upstream.calls} in ${SECONDS} s = ${perMinute.toFixed(0)}/min ` +
        `(one per migration per interval: ${MIGRATIONS} × 60 / ${INTERVAL_MS / 1000} = ` +
        `${expected.toFixed(0)}/min; if every viewer asked the upstream: ` +
        `${(expected * VIEWERS).toFixed(0)}/min)`,
    );
    console.log(
      `  calls per migration: min ${Math.min(...counts)}, max ${Math.max(...counts)} ` +
        `(${SECONDS / (INTERVAL_MS / 1000)} intervals); migrations never asked: ` +
        `${MIGRATIONS - counts.length}`,
    );
    const vt = viewerTimes.sort((a, b) => a - b);
    console.log(
      `  viewers' reads of /api/migrations meanwhile: ${viewerReads}, ` +
        `p50 ${ms(percentile(vt, 0.5))}, p99 ${ms(percentile(vt, 0.99))}`,
    );
    console.log(
      `  at the default MIGRATION_POLL_INTERVAL (30 s): ${MIGRATIONS} × 60 / 30 = ` +
        `${(MIGRATIONS * 2).toFixed(0)} upstream calls/min, whatever the number of viewers`,
    );

    // 2. The list alone, one reader, each read a real database read (reads of the same filters
    // within LIST_MAX_AGE_MS share one).
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < LIST_READS + 3; i++) {
      await sleep(LIST_MAX_AGE_MS + 10);
      const r = await read();
      if (i >= 3) times.push(r.t); // the first 3 warm up
      bytes = r.bytes;
    }
    times.sort((a, b) => a - b);
    console.log(
      `GET /api/migrations (${MIGRATIONS} migrations, read from the database each time, ` +
        `${LIST_READS} reads): p50 ${ms(percentile(times, 0.5))}, ` +
        `p99 ${ms(percentile(times, 0.99))}, ${(bytes / 1024).toFixed(0)} KiB`,
    );
    await pool.close();

    // 3. The page, from the production build.
    await measurePage(url);
  } finally {
    await poller.stop();
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measurePage(url: string): Promise<void> {
  if (!existsSync(join(DIST, 'index.html'))) {
    console.log('/migrations page: skipped (no dist/: run `npm run build` first)');
    return;
  }
  const launchOptions = playwrightConfig.use?.launchOptions ?? {};
  let browser;
  try {
    browser = await chromium.launch(launchOptions);
  } catch (e) {
    console.log(`/migrations page: skipped (Chromium: ${(e as Error).message.split('\n')[0]})`);
    return;
  }
  try {
    const shell: number[] = [];
    const runs: number[] = [];
    for (let i = 0; i <= PAGE_RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(`${url}/migrations`);
      await page.getByRole('combobox', { name: 'Status' }).waitFor();
      const tShell = performance.now() - t0;
      await page
        .getByRole('link', { name: /^rs-\d+ → cluster-\d+$/ })
        .first()
        .waitFor();
      const t = performance.now() - t0;
      // The first warms the server's and the browser's caches.
      if (i > 0) {
        shell.push(tShell);
        runs.push(t);
      }
      await context.close();
    }
    runs.sort((a, b) => a - b);
    shell.sort((a, b) => a - b);
    console.log(
      `/migrations page (production build, ${MIGRATIONS} migrations), median of ${PAGE_RUNS}: ` +
        `filters on screen ${ms(percentile(shell, 0.5))}, rows on screen ` +
        `${ms(percentile(runs, 0.5))} (slowest ${ms(runs[runs.length - 1] ?? NaN)})`,
    );
  } finally {
    await browser.close();
  }
}

await main();
