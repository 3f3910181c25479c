// Two projects: `mock` runs the SPA on Vite with the browser fakes (msw worker); `full-stack` runs
// `npm start` — the built SPA behind the proxy, which talks Digest to the simulated upstream.
// A third, `full-stack-auth`, runs only e2e/auth.spec.ts against a proxy that requires sign-in.
// A fourth, `rebinding`, runs only e2e/rebinding.spec.ts: Chromium maps the host name evil.test to
// 127.0.0.1 and opens the `full-stack` proxy under it (DNS rebinding; issue 14).
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { E2E_AUTH_DIR, E2E_AUTH_PORT, E2E_PORT_BASE, E2E_SESSION_SECRET } from './e2e/auth-users';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const MOCK_PORT = E2E_PORT_BASE ?? 5174;
const FULL_PORT = E2E_PORT_BASE ? E2E_PORT_BASE + 1 : 8181;
/** The full-stack server's data directory (the auth server keeps its own in E2E_AUTH_DIR). */
const FULL_DATA = 'artifacts/e2e-full';
/** Sign-in journeys need a proxy that requires sign-in: only the `full-stack-auth` project. */
const AUTH_SPECS = ['**/auth.spec.ts', '**/migrations-auth.spec.ts'];
/**
 * A migration's lifecycle compressed for the full-stack servers (validation, NEW, catch-up to
 * ready, cutover), and the server's poll of it every second. Only migrations read these settings:
 * the other specs' timings are unaffected. The cutover window keeps its 120 h (a scenario shortens it).
 */
const MIGRATION_TIMINGS = {
  SIM_MIGRATION_VALIDATION_MS: '1500',
  SIM_MIGRATION_NEW_MS: '2000',
  SIM_MIGRATION_CATCHUP_MS: '15000',
  SIM_MIGRATION_CUTOVER_MS: '3000',
  MIGRATION_POLL_INTERVAL: '1s',
};
/** A page on a foreign host name: only the `rebinding` project maps that name to 127.0.0.1. */
const REBINDING_SPECS = '**/rebinding.spec.ts';

const launchOptions = existsSync(SYSTEM_CHROMIUM)
  ? {
      executablePath: SYSTEM_CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    }
  : {};

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 2 : 0,
  workers: 2,
  // Room for a busy 2-core machine: full-stack sign-in journeys took 29–32 s at a load of ~25.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  outputDir: 'test-results',
  use: {
    trace: 'on-first-retry',
    launchOptions,
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
  },
  projects: [
    {
      name: 'mock',
      use: { baseURL: `http://127.0.0.1:${MOCK_PORT}` },
      // full-stack*.spec.ts check the proxy itself, and poll-intervals.spec.ts starts one serving
      // the built SPA; the browser fakes have neither.
      testIgnore: [
        ...AUTH_SPECS,
        REBINDING_SPECS,
        /full-stack(-[a-z-]+)?\.spec\.ts/,
        /poll-intervals\.spec\.ts/,
      ],
    },
    {
      name: 'full-stack',
      use: { baseURL: `http://127.0.0.1:${FULL_PORT}` },
      // Journeys tagged @mock-only rely on per-page fake state and skip here.
      grepInvert: /@mock-only/,
      testIgnore: [...AUTH_SPECS, REBINDING_SPECS],
    },
    {
      name: 'full-stack-auth',
      use: { baseURL: `http://127.0.0.1:${E2E_AUTH_PORT}` },
      testMatch: AUTH_SPECS,
    },
    {
      name: 'rebinding',
      use: {
        baseURL: `http://evil.test:${FULL_PORT}`,
        launchOptions: {
          ...launchOptions,
          args: [...(launchOptions.args ?? []), '--host-resolver-rules=MAP evil.test 127.0.0.1'],
        },
      },
      testMatch: REBINDING_SPECS,
    },
  ],
  webServer: [
    {
      command: `npx vite --port ${MOCK_PORT} --strictPort`,
      url: `http://127.0.0.1:${MOCK_PORT}`,
      env: { VITE_MOCKS: 'true' },
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
    },
    {
      // Its own fresh database (the embedded one belongs to one process).
      command: `node scripts/e2e-fresh-data.mjs ${FULL_DATA} && npm start`,
      url: `http://127.0.0.1:${FULL_PORT}/healthz`,
      env: {
        PORT: String(FULL_PORT),
        SIM_LINK_SYNC_MS: '4000',
        ...MIGRATION_TIMINGS,
        LOG_LEVEL: 'warn',
        DATA_DIR: `${FULL_DATA}/data`,
      },
      // Always fresh: the simulated upstream keeps state (links, tokens) for the whole run.
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      // Sign-in required; starts once the server above has built the SPA.
      command: 'node scripts/e2e-auth-server.mjs',
      url: `http://127.0.0.1:${E2E_AUTH_PORT}/healthz`,
      env: {
        PORT: String(E2E_AUTH_PORT),
        USERS_FILE: 'e2e/users.e2e.json',
        SESSION_SECRET: E2E_SESSION_SECRET,
        E2E_AUTH_DIR,
        AUDIT_STDOUT: 'true',
        LOG_LEVEL: 'info',
        SIM_LINK_SYNC_MS: '4000',
        ...MIGRATION_TIMINGS,
        WAIT_FOR_URL: `http://127.0.0.1:${FULL_PORT}/healthz`,
      },
      reuseExistingServer: false,
      timeout: 240_000,
    },
  ],
});
