// POLL_FAST_MS reaches the browser: a proxy of this spec's own (server/index.ts with the simulated
// upstream and POLL_FAST_MS=10000, on a free port) serves the built SPA, and the page's fake clock
// (Playwright's page.clock) is moved on by hand to count the status requests: no real 10 s waits.
// Runs in the `full-stack` project only, whose server has built dist/ (see playwright.config.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURE_IDS } from '../mocks/db/fixtures';
import { proxyUrl, routes } from '#contract/route-table';
import { expect, test } from './fixtures';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const POLL_FAST_MS = 10_000;

let proxy: ChildProcess | undefined;
let origin = '';
let dataDir = '';

/** Starts the proxy on a port the OS picks; resolves with its URL from the start-up line. */
function startProxy(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'index.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail('did not start within 60 s'), 60_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(`The proxy ${why}:\n${output}`));
    };
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /serving (http:\/\/[\w.:[\]-]+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => fail(`exited with ${code}`));
  });
}

test.beforeAll(async () => {
  // A new embedded database and the proxy's start on a busy 2-core machine: more than 30 s at times.
  test.setTimeout(90_000);
  dataDir = mkdtempSync(join(tmpdir(), 'orglink-poll-'));
  const started = await startProxy({
    HOST: '127.0.0.1',
    PORT: '0',
    POLL_FAST_MS: String(POLL_FAST_MS),
    LOG_LEVEL: 'info',
    STATIC_DIR: join(ROOT, 'dist'),
    AUDIT_LOG: join(dataDir, 'audit.log'),
    // Its own embedded database: the one in data/ belongs to whichever process opened it first.
    DATA_DIR: join(dataDir, 'data'),
  });
  proxy = started.child;
  origin = started.url;
});

test.afterAll(() => {
  proxy?.removeAllListeners('exit');
  proxy?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

test('POLL_FAST_MS=10000: the browser asks for a NOT_SYNCED status every 10 s', async ({
  page,
}) => {
  const orgId = FIXTURE_IDS.opsOrgNotSynced;
  // Each status request's time on the page's (fake) clock, noted as the SPA calls fetch.
  await page.addInitScript(
    (statusPath) => {
      const times: number[] = [];
      Object.assign(window, { statusRequestTimes: times });
      const fetchOriginal = window.fetch.bind(window);
      window.fetch = (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        if (new URL(url, location.href).pathname === statusPath) times.push(Date.now());
        return fetchOriginal(input, init);
      };
    },
    proxyUrl(routes.getLinkStatus, { orgId }),
  );
  await page.clock.install();
  const times = () =>
    page.evaluate(() => (window as unknown as { statusRequestTimes: number[] }).statusRequestTimes);

  await page.goto(`${origin}/orgs/opsmanager/${orgId}`);
  await expect(page.getByRole('status', { name: 'Link status' })).toContainText('Not synced');
  await expect(page.getByText(/^Last checked/)).toContainText('checked every 10 s');
  expect(await times()).toHaveLength(1);

  // 10 s on the page's clock, twice: one more request each time, 10 s after the one before it (on
  // the 3 s default the gaps would be 3 s).
  await page.clock.runFor(POLL_FAST_MS);
  await expect.poll(async () => (await times()).length).toBe(2);
  await page.clock.runFor(POLL_FAST_MS);
  await expect.poll(async () => (await times()).length).toBe(3);

  const [first, second, third] = await times();
  expect(second! - first!).toBeGreaterThanOrEqual(POLL_FAST_MS - 100);
  expect(third! - second!).toBeGreaterThanOrEqual(POLL_FAST_MS - 100);
});
