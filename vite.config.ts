/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const proxyTarget = process.env.VITE_PROXY_TARGET;
const FIRST_ROUTE = fileURLToPath(new URL('./src/app/routes/orgs.tsx', import.meta.url));

/**
 * index.html preloads the first route (/orgs): a <link rel="modulepreload"> for its chunk and the
 * chunks it imports, and its stylesheet, so they download beside the entry instead of after it has
 * run (the router imports the route lazily). Build only.
 */
function preloadFirstRoute(): Plugin {
  return {
    name: 'orglink-preload-first-route',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle ?? {};
        const route = Object.values(bundle).find(
          (c) => c.type === 'chunk' && c.facadeModuleId === FIRST_ROUTE,
        );
        if (!route) return [];
        // The route's chunk and every chunk it imports, with their stylesheets.
        const js = new Set<string>();
        const css = new Set<string>();
        const visit = (file: string) => {
          const c = bundle[file];
          if (!c || c.type !== 'chunk' || js.has(file)) return;
          js.add(file);
          c.viteMetadata?.importedCss.forEach((f) => css.add(f));
          c.imports.forEach(visit);
        };
        visit(route.fileName);
        const link = (rel: string, file: string) => ({
          tag: 'link',
          attrs: { rel, crossorigin: true, href: `/${file}` },
          injectTo: 'head' as const,
        });
        const fresh = (f: string) => !html.includes(`/${f}"`);
        return [
          ...[...js].filter(fresh).map((f) => link('modulepreload', f)),
          // Vite's loader adds a route's CSS only when no stylesheet link to it is there yet.
          ...[...css].filter(fresh).map((f) => link('stylesheet', f)),
        ];
      },
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [react(), preloadFirstRoute()],
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
  build: {
    manifest: true,
    sourcemap: 'hidden',
    target: 'es2022',
    rolldownOptions: {
      output: {
        codeSplitting: {
          // What the entry needs in one chunk, rather than dozens of small ones it shares with
          // the lazy pages: fewer requests on the first load, and gzip works across them.
          groups: [
            {
              name: 'shell',
              tags: ['$initial'],
              test: (id: string) => !id.endsWith('/src/main.tsx') && !id.endsWith('.html'),
            },
          ],
        },
      },
    },
  },
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
