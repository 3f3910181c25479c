// `npm run bench`: what the proxy costs, measured in one run on this machine and printed as ratios
// beside the direct figure (not a timed test: the numbers move with the machine's load).
//
// Topology: the simulated upstreams run in one child process, each proxy (server/index.ts, exactly
// as `npm start` runs it, logs at info) in another, and the load comes from this process.
//   BENCH_LATENCY_MS   upstream answer delay for section 1 (default 50)
//   BENCH_POLL_SECONDS duration of the polling section (default 30)
//   BENCH_STATUS_CACHE_MS the proxies' STATUS_CACHE_MS (default 2500, the proxy's default)
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { Pool } from 'undici';
import { FIXTURE_IDS } from '../mocks/db/fixtures';
import { fillPath, proxyUrl, routes } from '#contract/route-table';
import { DigestLanes, DigestSession } from '../server/digest';
import { freePort } from '../server/testing/free-port';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const POLL_SECONDS = Number(process.env.BENCH_POLL_SECONDS ?? 30);
const POLL_INTERVAL_MS = 3000;
const STATUS_CACHE_MS = Number(process.env.BENCH_STATUS_CACHE_MS ?? 2500);
const VIEWERS = 50;
const ORGS = 20;

interface Upstream {
  url: string;
  publicKey: string;
  privateKey: string;
}

const children: ChildProcess[] = [];

async function startUpstreams(): Promise<{ slow: Upstream; instant: Upstream }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts/bench-upstream.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, BENCH_LATENCY_MS: String(LATENCY_MS) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) return JSON.parse(line) as { slow: Upstream; instant: Upstream };
  throw new Error('the simulated upstreams did not start');
}

async function startProxy(up: Upstream): Promise<string> {
  const port = await freePort();
  const env: Record<string, string> = {};
  // Only what the proxy needs: no settings of the shell leak into the measurement.
  for (const k of ['PATH', 'HOME', 'NODE_OPTIONS']) if (process.env[k]) env[k] = process.env[k]!;
  Object.assign(env, {
    HOST: '127.0.0.1',
    PORT: String(port),
    OPSMANAGER_URL: up.url,
    OPSMANAGER_PUBLIC_KEY: up.publicKey,
    OPSMANAGER_PRIVATE_KEY: up.privateKey,
    STATUS_CACHE_MS: String(STATUS_CACHE_MS),
    POLL_FAST_MS: String(POLL_INTERVAL_MS),
    LOG_LEVEL: 'info',
    AUDIT_LOG: join(ROOT, 'artifacts', 'bench-audit.log'),
    // Each proxy its own embedded database (one process per data directory).
    DATA_DIR: join(ROOT, 'artifacts', `bench-data-${port}`),
  });
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/index.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  // Its start-up banner is noise here; keep it for the error message if it does not start.
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return url;
    } catch {
      // not yet
    }
    await sleep(100);
  }
  throw new Error(`the proxy did not start:\n${stderr}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))] ?? NaN;
}

/** A caller: one GET, resolves with the status once the body is read. */
type Caller = (path: string) => Promise<number>;

function plainCaller(pool: Pool): Caller {
  return async (path) => {
    const res = await pool.request({ method: 'GET', path });
    await res.body.dump();
    return res.statusCode;
  };
}

/** Direct to the upstream with a Digest client that keeps its nonces (one round trip). */
function digestCaller(pool: Pool, up: Upstream, lanes = 16): Caller {
  const digest = new DigestLanes({ username: up.publicKey, password: up.privateKey }, lanes);
  return async (path) => (await digest.send('GET', path, getVia(pool, path))).status;
}

/** Like the official clients: no nonce kept, so a challenge and an answer for every call. */
function twoTripCaller(pool: Pool, up: Upstream): Caller {
  return async (path) => {
    const session = new DigestSession({ username: up.publicKey, password: up.privateKey });
    return (await session.send('GET', path, getVia(pool, path))).status;
  };
}

/** One GET through the pool with the Authorization header the Digest client computed. */
function getVia(pool: Pool, path: string) {
  return async (authorization: string | null) => {
    const res = await pool.request({
      method: 'GET',
      path,
      headers: authorization ? { authorization } : {},
    });
    await res.body.dump();
    return { status: res.statusCode, headers: res.headers };
  };
}

async function sequential(
  call: Caller,
  paths: (i: number) => string,
  n: number,
): Promise<number[]> {
  return (await interleaved([{ call, paths }], n))[0]!;
}

/**
 * Calls each caller in turn, n rounds, one call at a time: the machine's load at any moment weighs
 * on all of them alike. Returns each caller's sorted latencies.
 */
async function interleaved(
  callers: { call: Caller; paths: (i: number) => string }[],
  n: number,
): Promise<number[][]> {
  const times = callers.map(() => [] as number[]);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < callers.length; k++) {
      // Alternate who goes first, so neither always follows the other.
      const j = (k + i) % callers.length;
      const c = callers[j]!;
      const t = performance.now();
      const status = await c.call(c.paths(i));
      times[j]!.push(performance.now() - t);
      if (status !== 200) throw new Error(`unexpected status ${status}`);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b));
}

/**
 * Requests per second from `connections` clients, each sending its next call when the last one is
 * answered, for `ms`. A fixed number of closed-loop clients bounded by time, not a batch bounded by
 * count, so it is written as clients rather than with p-limit.
 */
async function throughput(
  call: Caller,
  paths: (i: number) => string,
  connections: number,
  ms: number,
) {
  let done = 0;
  let next = 0;
  const until = performance.now() + ms;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const status = await call(paths(next++));
        if (status !== 200) throw new Error(`unexpected status ${status}`);
        done++;
      }
    }),
  );
  return done / (ms / 1000);
}

async function simStats(
  up: Upstream,
): Promise<{ requests: number; byOperation: Record<string, number> }> {
  const res = await fetch(`${up.url}/__sim/stats`);
  return (await res.json()) as { requests: number; byOperation: Record<string, number> };
}

async function simReset(up: Upstream): Promise<void> {
  await fetch(`${up.url}/__sim/reset`, { method: 'POST' });
}

const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const int = (v: number) => Math.round(v).toLocaleString('en-US');

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `Orglink proxy benchmark — ${cpus().length} cores, Node ${process.version}, one run; ` +
      'figures are this machine under its current load: compare the ratios.\n',
  );
  const { slow, instant } = await startUpstreams();
  const [proxySlow, proxyInstant] = await Promise.all([startProxy(slow), startProxy(instant)]);

  const listPath = fillPath(routes.listOrgs, {});
  const proxyListPath = proxyUrl(routes.listOrgs, {});
  // Distinct pages, so no call is shared with another (the proxy coalesces identical GETs).
  const up = (i: number) => `${listPath}?itemsPerPage=1&pageNum=${i + 1}`;
  const px = (i: number) => `${proxyListPath}?itemsPerPage=1&pageNum=${i + 1}`;

  // 1. A realistic upstream.
  {
    const n = 100;
    const upPool = new Pool(slow.url, { connections: 16 });
    const pxPool = new Pool(proxySlow, { connections: 16 });
    const direct = digestCaller(upPool, slow);
    const proxy = plainCaller(pxPool);
    const naive = twoTripCaller(upPool, slow);
    await sequential(direct, up, 5);
    await sequential(proxy, px, 5);
    const [d, p, t] = (await interleaved(
      [
        { call: direct, paths: (i) => up(i + 10) },
        { call: proxy, paths: (i) => px(i + 10) },
        { call: naive, paths: (i) => up(i + 10) },
      ],
      n,
    )) as [number[], number[], number[]];
    console.log(`1. Upstream answering after ${LATENCY_MS} ms — ${n} sequential calls each`);
    console.log('                                        p50        p99');
    console.log(
      `   direct, Digest keeping its nonce   ${ms(percentile(d, 0.5)).padEnd(10)} ${ms(percentile(d, 0.99))}`,
    );
    console.log(
      `   through the proxy                  ${ms(percentile(p, 0.5)).padEnd(10)} ${ms(percentile(p, 0.99)).padEnd(10)}` +
        ` → ${ratio(percentile(p, 0.5), percentile(d, 0.5))} p50, ${ratio(percentile(p, 0.99), percentile(d, 0.99))} p99 of direct (goal ≤ 1.05×)`,
    );
    console.log(
      `   direct, two round trips per call   ${ms(percentile(t, 0.5)).padEnd(10)} ${ms(percentile(t, 0.99)).padEnd(10)}` +
        ` → ${ratio(percentile(t, 0.5), percentile(d, 0.5))} p50 (as the official clients)\n`,
    );
    await Promise.all([upPool.close(), pxPool.close()]);
  }

  // 2. The proxy's own cost.
  {
    const upPool = new Pool(instant.url, { connections: 10 });
    const pxPool = new Pool(proxyInstant, { connections: 10 });
    const direct = digestCaller(upPool, instant, 10);
    const proxy = plainCaller(pxPool);
    const n = 1500;
    await sequential(direct, up, 200);
    await sequential(proxy, px, 200);
    const [d, p] = (await interleaved(
      [
        { call: direct, paths: (i) => up(i + 200) },
        { call: proxy, paths: (i) => px(i + 200) },
      ],
      n,
    )) as [number[], number[]];
    const added = percentile(p, 0.5) - percentile(d, 0.5);
    // Throughput in alternating one-second slices, for the same reason.
    let rd = 0;
    let rp = 0;
    const slices = 5;
    for (let k = 0; k < slices; k++) {
      rd += await throughput(direct, (i) => up(i + 20_000 + k * 100_000), 10, 1000);
      rp += await throughput(proxy, (i) => px(i + 20_000 + k * 100_000), 10, 1000);
    }
    rd /= slices;
    rp /= slices;
    console.log("2. Instant upstream: the proxy's own cost");
    console.log(
      `   p50 at 1 connection: direct ${ms(percentile(d, 0.5))}, through the proxy ${ms(percentile(p, 0.5))}` +
        ` → added ${ms(added)} (goal ≤ 1 ms)`,
    );
    console.log(
      `   requests/s at 10 connections: direct ${int(rd)}/s, through the proxy ${int(rp)}/s → ${ratio(rp, rd)} of direct` +
        ` (client, proxy and upstream share ${cpus().length} cores)\n`,
    );
    await Promise.all([upPool.close(), pxPool.close()]);
  }

  // 3. Round trips per call, steady state (after each Digest lane holds a nonce).
  {
    const pxPool = new Pool(proxyInstant, { connections: 10 });
    const proxy = plainCaller(pxPool);
    await throughput(proxy, (i) => px(i + 90_000), 10, 300);
    await simReset(instant);
    const calls = 1000;
    const tenAtATime = pLimit(10);
    await Promise.all(
      Array.from({ length: calls }, (_, i) => tenAtATime(() => proxy(px(100_000 + i)))),
    );
    const proxied = (await simStats(instant)).requests;
    const upPool = new Pool(instant.url, { connections: 4 });
    await simReset(instant);
    await sequential(twoTripCaller(upPool, instant), up, 200);
    const naive = (await simStats(instant)).requests;
    console.log('3. Upstream round trips per call with Digest');
    console.log(
      `   through the proxy: ${(proxied / calls).toFixed(2)} (${int(proxied)} upstream requests for ${int(calls)} calls, 10 at a time; goal 1.00)`,
    );
    console.log(`   a client that keeps no nonce: ${(naive / 200).toFixed(2)}\n`);
    await Promise.all([upPool.close(), pxPool.close()]);
  }

  // 4. Many viewers polling link status.
  {
    const orgIds = [
      FIXTURE_IDS.opsOrgSynced,
      FIXTURE_IDS.opsOrgNotSynced,
      FIXTURE_IDS.opsOrgUnlinked,
      ...FIXTURE_IDS.opsOrgsSynced,
      ...FIXTURE_IDS.opsOrgsNotSynced,
      ...FIXTURE_IDS.opsOrgsUnlinked,
    ].slice(0, ORGS);
    const pxPool = new Pool(proxyInstant, { connections: 64 });
    const proxy = plainCaller(pxPool);
    await simReset(instant);
    const durationMs = POLL_SECONDS * 1000;
    const t0 = performance.now();
    let requests = 0;
    let failures = 0;
    await Promise.all(
      Array.from({ length: VIEWERS * orgIds.length }, async (_, k) => {
        const path = proxyUrl(routes.getLinkStatus, { orgId: orgIds[k % orgIds.length]! });
        // Each viewer opened the page at its own moment, then polls every interval.
        let at = Math.random() * POLL_INTERVAL_MS;
        while (at < durationMs) {
          const wait = t0 + at - performance.now();
          if (wait > 0) await sleep(wait);
          const status = await proxy(path);
          if (status !== 200 && status !== 404) failures++;
          requests++;
          at += POLL_INTERVAL_MS;
        }
      }),
    );
    const upstreamCalls = (await simStats(instant)).byOperation.getLinkStatus ?? 0;
    const intervals = durationMs / POLL_INTERVAL_MS;
    console.log(
      `4. ${VIEWERS} viewers × ${orgIds.length} orgs polling link status every ${POLL_INTERVAL_MS / 1000} s for ${POLL_SECONDS} s` +
        ` (status cache ${STATUS_CACHE_MS} ms)`,
    );
    console.log(
      `   viewers' requests: ${int(requests)} = ${int(requests / intervals)} per interval (what calling the upstream directly would cost)`,
    );
    console.log(
      `   upstream status calls: ${int(upstreamCalls)} = ${(upstreamCalls / intervals).toFixed(1)} per interval` +
        ` (goal about ${orgIds.length}) → ${ratio(upstreamCalls, requests)} of direct${failures ? `; ${failures} failed` : ''}\n`,
    );
    await pxPool.close();
  }
  console.log(`Done in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

function stopChildren(): void {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  for (const d of readdirSync(join(ROOT, 'artifacts'))) {
    if (d.startsWith('bench-data-'))
      rmSync(join(ROOT, 'artifacts', d), { recursive: true, force: true });
  }
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(stopChildren);
