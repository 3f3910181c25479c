// `npm run bench:board`: how long the Organizations board takes to become usable with 5,000 orgs
// (the many-orgs scenario of the browser fakes), median of a few runs in Chromium.
//
// It starts Vite itself on a free port with VITE_MOCKS=true (the dev server, as `npm run dev:mock`;
// `--preview` instead builds the SPA with the fakes and serves the build, closer to production),
// opens /orgs?scenario=many-orgs in a fresh browser context per run and measures, from the start
// of navigation:
//   rows         the table's first rows are on screen (5,000 orgs loaded and rendered)
//   interactive  rows, then a search typed into the box has filtered the table
//   search       how long that filtering took after the last key
// Chromium is launched exactly as playwright.config.ts launches it.
//   BOARD_RUNS   measured runs (default 5; one warm-up run is not counted)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import playwrightConfig from '../playwright.config';
import { freePort } from '../server/testing/free-port';

const RUNS = Number(process.env.BOARD_RUNS ?? 5);
const PREVIEW = process.argv.includes('--preview');
/** More than this many rows: the many-orgs scenario's 5,000 Ops Manager orgs (and Cloud Manager's). */
const AT_LEAST = 5000;

interface Served {
  url: string;
  close: () => Promise<void>;
}

/** The SPA with the browser fakes, on a free port: the dev server, or a build under preview. */
async function serve(): Promise<Served> {
  // vite.config.ts reads this when it loads: the fakes are bundled and started.
  process.env.VITE_MOCKS = 'true';
  const vite = await import('vite');
  const port = await freePort();
  if (!PREVIEW) {
    const server = await vite.createServer({
      logLevel: 'warn',
      server: { port, strictPort: true, host: '127.0.0.1' },
    });
    await server.listen();
    return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
  }
  const outDir = mkdtempSync(join(tmpdir(), 'orglink-board-'));
  await vite.build({ logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const server = await vite.preview({
    logLevel: 'warn',
    build: { outDir },
    preview: { port, strictPort: true, host: '127.0.0.1' },
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

interface Run {
  rows: number;
  interactive: number;
  search: number;
}

async function measureOnce(browser: Browser, baseUrl: string): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}/orgs?scenario=many-orgs`, { waitUntil: 'commit' });
    // performance.now() counts from the start of navigation.
    const rows = await (
      await page.waitForFunction(
        (atLeast) => {
          const table = document.querySelector('table[aria-rowcount]');
          return (
            Number(table?.getAttribute('aria-rowcount')) > atLeast &&
            table?.querySelector('tbody tr[aria-rowindex="2"] a') &&
            performance.now()
          );
        },
        AT_LEAST,
        { timeout: 60_000, polling: 'raf' },
      )
    ).jsonValue();

    // Search for an org far down the list by its ID: exactly one row must remain.
    const target = String(
      await page.evaluate(`(async () => {
        // The page scrolls (the table is in its flow): to the end.
        window.scrollTo(0, document.documentElement.scrollHeight);
        await new Promise((r) => setTimeout(r, 100));
        const rows = document.querySelectorAll('tbody tr[aria-rowindex]');
        return /[a-f0-9]{24}/.exec(rows[rows.length - 1].textContent)[0];
      })()`),
    );
    // Typed in the page (as one input event) and timed there, from the input to the filtered table.
    const search = Number(await page.evaluate(searchInPage(target)));
    return { rows: Number(rows), search, interactive: Number(rows) + search };
  } finally {
    await context.close();
  }
}

/**
 * Page-side code as text: tsx (esbuild) would wrap named functions in a helper that does not
 * exist in the page.
 */
function searchInPage(id: string): string {
  return `(async () => {
    const box = document.querySelector('input[type="search"]');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const done = () =>
      [...document.querySelectorAll('[role="status"]')].some(
        (e) => /^Showing 1 of [0-9,]+ organizations$/.test(e.textContent),
      ) && document.querySelectorAll('tbody tr[aria-rowindex]').length === 1;
    const start = performance.now();
    setValue.call(box, ${JSON.stringify(id)});
    box.dispatchEvent(new Event('input', { bubbles: true }));
    while (!done()) {
      if (performance.now() - start > 10000) throw new Error('the search did not answer');
      await new Promise(requestAnimationFrame);
    }
    return performance.now() - start;
  })()`;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function main() {
  const served = await serve();
  const launchOptions = playwrightConfig.use?.launchOptions ?? {};
  const browser = await chromium.launch(launchOptions);
  try {
    console.log(
      `Board with 5,000+ orgs on ${PREVIEW ? 'a mock build (vite preview)' : 'the mock dev server'}: ${served.url}`,
    );
    await measureOnce(browser, served.url); // warm-up: Vite transforms, the service worker
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await measureOnce(browser, served.url);
      runs.push(run);
      console.log(
        `run ${i + 1}: rows ${run.rows.toFixed(0)} ms, search ${run.search.toFixed(0)} ms, interactive ${run.interactive.toFixed(0)} ms`,
      );
    }
    const m = (k: keyof Run) => median(runs.map((r) => r[k])).toFixed(0);
    console.log(
      `median of ${RUNS}: first rows ${m('rows')} ms; search answered ${m('search')} ms after the last key; interactive ${m('interactive')} ms`,
    );
  } finally {
    await browser.close();
    await served.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
