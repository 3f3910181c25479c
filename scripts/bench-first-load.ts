// `npm run bench:first-load`: how soon the Organizations board shows its rows on a first load of
// `npm start` (production build, the proxy and the simulated upstream on loopback, 44 + 14 orgs),
// median of a few runs in Chromium, each in a fresh browser context (empty cache).
//
// For each checkout given (default: this one) it runs `node scripts/start.mjs` there on a free
// port with its own fresh data directory, waits for the server's first sweep, then measures from
// the start of navigation to /orgs:
//   dcl        DOMContentLoaded
//   config     /api/config answered (responseEnd)
//   orgs       the org list answered (/api/fleet, or the Ops Manager org list before issue 10)
//   rows       the board's first row is on screen
//   requests   how many requests the page made until then
// Side by side with an older version: check it out with `git worktree add ../before <commit>`,
// link node_modules into it (`ln -s $PWD/node_modules ../before/`) and pass both:
//   npm run bench:first-load -- ../before .
//   FIRST_LOAD_RUNS   measured runs per checkout (default 7; one warm-up run is not counted)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import playwrightConfig from '../playwright.config';
import { freePort } from '../server/testing/free-port';

const RUNS = Number(process.env.FIRST_LOAD_RUNS ?? 7);

interface Run {
  dcl: number;
  config: number;
  orgs: number;
  rows: number;
  requests: number;
}

interface Served {
  url: string;
  stop: () => void;
}

async function waitFor<T>(what: string, fn: () => Promise<T | null>, ms = 300_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const v = await fn();
      if (v !== null) return v;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `npm start` in `dir` (builds dist/ there when stale) with a fresh data directory. */
async function start(dir: string): Promise<Served> {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'orglink-first-load-'));
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: dir,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: join(data, 'data'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(data, { recursive: true, force: true });
  };
  try {
    await waitFor('the server', async () => ((await fetch(`${url}/healthz`)).ok ? true : null));
    // The first sweep fills the fleet (a version without /api/fleet answers 404: nothing to wait).
    await waitFor('the first sweep', async () => {
      const res = await fetch(`${url}/api/fleet/sweep`);
      if (res.status === 404) return true;
      const body = (await res.json()) as { last?: { outcome?: string } | null };
      return body.last?.outcome ? true : null;
    });
  } catch (e) {
    stop();
    throw e;
  }
  return { url, stop };
}

/** Page-side code as text (tsx would wrap named functions in a helper the page lacks). */
const TIMINGS = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const end = (re) => {
    const e = res.find((r) => re.test(new URL(r.name).pathname));
    return e ? e.responseEnd : -1;
  };
  return {
    dcl: nav.domContentLoadedEventEnd,
    config: end(/^\\/api\\/config$/),
    orgs: Math.max(end(/^\\/api\\/fleet$/), end(/^\\/api\\/opsmanager\\/.*\\/orgs$/)),
    requests: res.length + 1,
  };
})()`;

async function measureOnce(browser: Browser, url: string): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(`${url}/orgs`, { waitUntil: 'commit' });
    // performance.now() counts from the start of navigation.
    const rows = Number(
      await (
        await page.waitForFunction(
          () => document.querySelector('table tbody tr[aria-rowindex="2"] a') && performance.now(),
          undefined,
          { timeout: 60_000, polling: 'raf' },
        )
      ).jsonValue(),
    );
    const t = (await page.evaluate(TIMINGS)) as Omit<Run, 'rows'>;
    return { ...t, rows };
  } finally {
    await context.close();
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function main() {
  const dirs = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const checkouts = (dirs.length ? dirs : ['.']).map((d) => resolve(d));
  const browser = await chromium.launch(playwrightConfig.use?.launchOptions ?? {});
  const results: { dir: string; m: Record<keyof Run, number> }[] = [];
  try {
    for (const dir of checkouts) {
      const served = await start(dir);
      try {
        console.log(`${dir}: npm start on ${served.url}`);
        await measureOnce(browser, served.url); // warm-up: the server's first requests
        const runs: Run[] = [];
        for (let i = 0; i < RUNS; i++) {
          const run = await measureOnce(browser, served.url);
          runs.push(run);
          console.log(
            `  run ${i + 1}: DOMContentLoaded ${run.dcl.toFixed(0)} ms, config ${run.config.toFixed(0)} ms, org list ${run.orgs.toFixed(0)} ms, rows ${run.rows.toFixed(0)} ms, ${run.requests} requests`,
          );
        }
        const m = (k: keyof Run) => median(runs.map((r) => r[k]));
        results.push({
          dir,
          m: {
            dcl: m('dcl'),
            config: m('config'),
            orgs: m('orgs'),
            rows: m('rows'),
            requests: m('requests'),
          },
        });
      } finally {
        served.stop();
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`\nmedian of ${RUNS} first loads of /orgs (ms from the start of navigation):`);
  console.table(
    results.map(({ dir, m }) => ({
      checkout: dir,
      DOMContentLoaded: Math.round(m.dcl),
      '/api/config': Math.round(m.config),
      'org list': Math.round(m.orgs),
      rows: Math.round(m.rows),
      requests: m.requests,
    })),
  );
}

await main();
