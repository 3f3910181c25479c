// Two projects: `mock` runs the SPA on Vite with the browser fakes (msw worker); `full-stack` runs
// `npm start` — the built SPA behind the proxy, which talks Digest to the simulated upstream.
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const MOCK_PORT = 5174;
const FULL_PORT = 8181;

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
  timeout: 30_000,
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
    },
    {
      name: 'full-stack',
      use: { baseURL: `http://127.0.0.1:${FULL_PORT}` },
      // Journeys tagged @mock-only rely on per-page fake state and skip here.
      grepInvert: /@mock-only/,
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
      command: 'npm start',
      url: `http://127.0.0.1:${FULL_PORT}/healthz`,
      env: { PORT: String(FULL_PORT), SIM_LINK_SYNC_MS: '4000', LOG_LEVEL: 'warn' },
      // Always fresh: the simulated upstream keeps state (links, tokens) for the whole run.
      reuseExistingServer: false,
      timeout: 180_000,
    },
  ],
});
