// `npm run bench:fleet`: the fleet database with 5,000 orgs, on embedded PGlite and (when the
// server binaries are installed) on a throwaway Postgres server:
//   1. GET /api/fleet through the proxy (real HTTP, logging on): p50 / p99, answer size
//   2. what a sweep of 5,000 orgs costs the database (one observation each, no change)
//   3. sizes: bytes per org, per status change, per sweep; what VACUUM gives back on PGlite
// Seeded: the orgs, BENCH_FLEET_CHANGES_PER_ORG status changes each, a day of sweeps (288).
// Env: BENCH_FLEET_ORGS (5000), BENCH_FLEET_REQUESTS (200), BENCH_FLEET_CHANGES_PER_ORG (10).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { Pool } from 'undici';
import { FLEET_ENDPOINTS, type FleetStatus } from '#contract/fleet-contract';
import { buildApp } from '../server/app';
import { parseEnv } from '../server/env';
import { testAccess } from '../server/testing/harness';
import { openStore, type Store } from '../server/store/connect';
import {
  fleetStatusChanges,
  recordListedOrgs,
  recordObservation,
  type SourceOrg,
} from '../server/store/fleet';
import { finishSweep, startSweep } from '../server/store/sweeps';
import {
  postgresUnavailableReason,
  startPostgresServer,
  type PostgresServer,
} from '../server/testing/postgres-server';

const ORGS = Number(process.env.BENCH_FLEET_ORGS ?? 5000);
const REQUESTS = Number(process.env.BENCH_FLEET_REQUESTS ?? 200);
const CHANGES_PER_ORG = Number(process.env.BENCH_FLEET_CHANGES_PER_ORG ?? 10);
const STATUSES: FleetStatus[] = ['SYNCED', 'NOT_SYNCED', 'NOT_LINKED'];
const SWEEPS_PER_DAY = 288;

const orgId = (i: number) => `f${i.toString(16).padStart(23, '0')}`;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))] ?? NaN;
}

async function rows<T>(store: Store, query: string): Promise<T[]> {
  return ((await store.db.execute(sql.raw(query))) as unknown as { rows: T[] }).rows;
}

async function relationBytes(store: Store, table: string): Promise<number> {
  const [r] = await rows<{ n: string }>(store, `SELECT pg_total_relation_size('${table}') AS n`);
  return Number(r?.n ?? 0);
}

/** 5,000 listed orgs with a status each (some with an error), a history, a finished sweep. */
async function seed(store: Store): Promise<void> {
  const db = store.db;
  const start = Date.now() - 30 * 86_400_000;
  const orgs: SourceOrg[] = Array.from({ length: ORGS }, (_, i) => ({
    id: orgId(i),
    name: `Organization ${String(i).padStart(5, '0')} of a large fleet`,
  }));
  for (let i = 0; i < orgs.length; i += 500) {
    await recordListedOrgs(db, 'opsmanager', orgs.slice(i, i + 500), new Date(start));
  }
  // History first, in bulk (as months of sweeps would have left it).
  const changes: (typeof fleetStatusChanges.$inferInsert)[] = [];
  for (let i = 0; i < ORGS; i++) {
    for (let c = 0; c < CHANGES_PER_ORG; c++) {
      changes.push({
        upstream: 'opsmanager',
        orgId: orgId(i),
        changedAt: new Date(start + c * 3_600_000),
        oldStatus: c === 0 ? null : (STATUSES[(i + c - 1) % 3] ?? null),
        newStatus: STATUSES[(i + c) % 3] ?? 'SYNCED',
        seenVia: c % 2 ? 'poll' : 'sweep',
      });
    }
  }
  for (let i = 0; i < changes.length; i += 2000) {
    await db.insert(fleetStatusChanges).values(changes.slice(i, i + 2000));
  }
  // Current statuses in bulk: a third each, every 50th org with an error of its last check.
  const checked = new Date(start + CHANGES_PER_ORG * 3_600_000);
  await db.execute(sql`
    UPDATE fleet_orgs
       SET link_status = (ARRAY['SYNCED', 'NOT_SYNCED', 'NOT_LINKED'])[1 + abs(hashtext(org_id)) % 3],
           link_status_since = ${checked}, last_checked_at = ${checked}, last_success_at = ${checked}`);
  await db.execute(sql`
    UPDATE fleet_orgs
       SET last_error_code = 'RATE_LIMITED', last_error_detail = 'Too many requests.',
           last_error_http_status = 429
     WHERE abs(hashtext(org_id)) % 50 = 0`);
  // A day of sweeps at the default interval (288).
  for (let i = 0; i < SWEEPS_PER_DAY; i++) {
    const at = new Date(start + i * 300_000);
    const run = await startSweep(db, 'bench', at, true);
    if (run) {
      await finishSweep(db, run.id, 'completed', new Date(at.getTime() + 60_000), {
        orgsTotal: ORGS,
        orgsChecked: ORGS,
        orgsFailed: ORGS / 50,
        statusChanges: 0,
      });
    }
  }
}

async function measureFleet(store: Store): Promise<{ p50: number; p99: number; bytes: number }> {
  const config = { ...parseEnv({ LOG_LEVEL: 'info' }), staticDir: null };
  // Log lines are written (as in production at info), then dropped.
  const logStream = new Writable({ write: (_c, _e, cb) => cb() });
  const app = buildApp(config, {
    logStream,
    access: testAccess(config),
    fleet: { store, sweepIntervalMs: 300_000 },
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const pool = new Pool(url, { connections: 1 });
  const times: number[] = [];
  let bytes = 0;
  try {
    for (let i = 0; i < REQUESTS + 20; i++) {
      const t0 = performance.now();
      const res = await pool.request({ method: 'GET', path: FLEET_ENDPOINTS.fleet });
      const body = await res.body.arrayBuffer();
      const t = performance.now() - t0;
      if (res.statusCode !== 200) throw new Error(`GET /api/fleet answered ${res.statusCode}`);
      bytes = body.byteLength;
      if (i >= 20) times.push(t); // the first 20 warm up
    }
  } finally {
    await pool.close();
    await app.close();
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), bytes };
}

/** One observation per org, as a sweep records it: the database's share of a sweep. */
async function measureSweepWrites(store: Store): Promise<{ ms: number; changes: number }> {
  const t0 = performance.now();
  const at = new Date();
  let changes = 0;
  for (let i = 0; i < ORGS; i++) {
    const r = await recordObservation(store.db, {
      upstream: 'opsmanager',
      orgId: orgId(i),
      at,
      seen: 'sweep',
      result: { status: 'SYNCED' },
    });
    if (r.changed) changes++;
  }
  return { ms: performance.now() - t0, changes };
}

async function run(label: string, store: Store): Promise<void> {
  console.log(`\n${label}`);
  let t0 = performance.now();
  await seed(store);
  console.log(
    `   seeded ${ORGS.toLocaleString('en')} orgs and ${(ORGS * CHANGES_PER_ORG).toLocaleString('en')} status changes in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  await store.maintain();
  const fleet = await measureFleet(store);
  console.log(
    `1. GET /api/fleet, ${ORGS.toLocaleString('en')} orgs, ${REQUESTS} sequential requests: p50 ${ms(fleet.p50)}, p99 ${ms(fleet.p99)} (goal ≤ 50 ms p50); answer ${kb(fleet.bytes)}`,
  );
  const sweep = await measureSweepWrites(store);
  console.log(
    `2. a sweep's writes: ${ORGS.toLocaleString('en')} observations (${sweep.changes.toLocaleString('en')} of them changes) in ${(sweep.ms / 1000).toFixed(1)} s = ${(sweep.ms / ORGS).toFixed(2)} ms per org`,
  );
  if (store.engine === 'pglite') {
    // Every sweep rewrites each org's row; PGlite runs no autovacuum. Ten sweeps' worth of
    // updates without VACUUM, then (from a compacted table) with VACUUM after each, as the
    // sweeper does (Store.maintain).
    const touch = sql`UPDATE fleet_orgs SET last_checked_at = clock_timestamp()`;
    await store.db.execute(sql`VACUUM FULL fleet_orgs`);
    const compact = await relationBytes(store, 'fleet_orgs');
    for (let i = 0; i < 10; i++) await store.db.execute(touch);
    const bloated = await relationBytes(store, 'fleet_orgs');
    await store.db.execute(sql`VACUUM FULL fleet_orgs`);
    let vacuumMs = 0;
    for (let i = 0; i < 10; i++) {
      await store.db.execute(touch);
      t0 = performance.now();
      await store.maintain();
      vacuumMs += performance.now() - t0;
    }
    const maintained = await relationBytes(store, 'fleet_orgs');
    console.log(
      `   fleet_orgs after 10 sweeps: ${kb(compact)} → ${kb(bloated)} without VACUUM, ${kb(maintained)} with VACUUM after each (${ms(vacuumMs / 10)} per VACUUM)`,
    );
  }
  const orgsBytes = await relationBytes(store, 'fleet_orgs');
  const changesBytes = await relationBytes(store, 'fleet_status_changes');
  const sweepsBytes = await relationBytes(store, 'fleet_sweeps');
  console.log(
    `3. sizes with indexes: fleet_orgs ${kb(orgsBytes)} = ${(orgsBytes / ORGS).toFixed(0)} B per org; ` +
      `fleet_status_changes ${kb(changesBytes)} = ${(changesBytes / (ORGS * CHANGES_PER_ORG)).toFixed(0)} B per change; fleet_sweeps ${kb(sweepsBytes)} = ${(sweepsBytes / SWEEPS_PER_DAY).toFixed(0)} B per sweep`,
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`Fleet database: ${ORGS.toLocaleString('en')} orgs (node ${process.version})`);
  const dir = mkdtempSync(join(tmpdir(), 'orglink-bench-fleet-'));
  let store: Store | null = null;
  try {
    store = await openStore({ dataDir: dir });
    await run('Embedded PostgreSQL (PGlite), data directory on disk', store);
  } finally {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const reason = postgresUnavailableReason();
  if (reason) {
    console.log(`\nPostgres server: skipped (${reason})`);
  } else {
    let server: PostgresServer | null = null;
    let pgStore: Store | null = null;
    try {
      server = await startPostgresServer();
      pgStore = await openStore({ databaseUrl: await server.createDatabase('bench_fleet') });
      await run('PostgreSQL server (throwaway, loopback, default settings)', pgStore);
    } finally {
      await pgStore?.close();
      await server?.stop();
    }
  }
  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
