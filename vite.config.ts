/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const proxyTarget = process.env.VITE_PROXY_TARGET;

export default defineConfig(({ command }) => ({
  plugins: [react()],
  // Decided at build time so a production build drops msw and mocks/ entirely.
  define: {
    __MOCKS_ENABLED__: JSON.stringify(
      process.env.VITE_MOCKS === 'true' ||
        (command === 'serve' && process.env.VITE_MOCKS !== 'false'),
    ),
  },
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    // `npm run dev:proxy` sends /api to a running proxy instead of the browser fakes.
    proxy: proxyTarget ? { '/api': proxyTarget, '/healthz': proxyTarget } : undefined,
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  // Source maps beside the bundles for reading a stack trace, but no comment pointing browsers at
  // them, and the proxy never serves *.map (server/static.ts): the sources stay private.
  build: { manifest: true, sourcemap: 'hidden', target: 'es2022' },
  test: {
    globals: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['src/testing/setup-tests.ts'],
          // jsdom renders of whole pages take seconds on a loaded 2-core machine (several suites at
          // once); Vitest's 5 s default timed out there. Time-driven tests use fake timers instead.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'contract/**/*.test.ts',
            'mocks/**/*.test.ts',
            'server/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          // Generous: these tests start servers and child processes on a busy 2-core machine. At a
          // load average of ~28 (five suites at once) `npm start` took over 20 s to serve.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One throwaway Postgres server for the store's tests (server/testing/engines.ts).
          globalSetup: ['server/testing/global-setup.ts'],
        },
      },
    ],
  },
}));
