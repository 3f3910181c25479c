// `npm ci && npm run build && npm prune --omit=dev`, then `npm start` with real upstreams: the proxy
// must start and serve with production dependencies only.
//
// Pruning a copy of node_modules takes minutes, so the test builds what a pruned install holds: a
// temp dir with copies of the project's files and a node_modules that links only the packages
// package-lock.json does not mark `dev` (what `--omit=dev` keeps) to their installed copies. Node
// resolves a bare import from the importing file's real path, so an import of a devDependency (msw,
// vite, …) from the project's own code — server/, contract/, mocks/, scripts/, copied, not linked —
// looks in <tmp>/node_modules, then in <tmp>'s parents, finds nothing and fails; the first test
// checks that it does. (A production package's own imports resolve from its installed location, as
// after a real prune: its dependencies are production packages too.)
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxyUrl, routes } from '#contract/route-table';
import { startDigestTestServer, type DigestTestServer } from '../server/testing/digest-server';

const ROOT = resolve(import.meta.dirname, '..');
/** What the proxy and `npm start` run from, and what start.mjs checks dist/ against. */
const COPIED = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'server',
  'contract',
  'mocks',
  'scripts',
  'src',
  'public',
  'index.html',
  'vite.config.ts',
  'postcss.config.cjs',
];

let dir: string;
let upstream: DigestTestServer;

/** The packages an `npm prune --omit=dev` keeps: every lockfile entry not marked dev. */
function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([path, p]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && !p.dev)
    .map(([path]) => path);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orglink-prod-'));
  for (const name of COPIED) {
    cpSync(join(ROOT, name), join(dir, name), { recursive: true });
  }
  for (const path of productionPackages()) {
    // Optional packages for other platforms are in the lockfile but not installed.
    if (!existsSync(join(ROOT, path))) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    symlinkSync(join(ROOT, path), join(dir, path), 'dir');
  }
  // A built dashboard, newer than its sources.
  mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'assets', 'index-Prod123.js'), 'console.log("built")');
  writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>Orglink</title><p>built');
  upstream = await startDigestTestServer({
    username: 'prod-public',
    password: 'prod-private-key',
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"results":[{"id":"5e1d0c2b3a4f5e6d7c8b9a01","name":"Prod"}],"totalCount":1}');
    },
  });
});

afterAll(async () => {
  await upstream?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Only what the proxy needs: nothing of this test runner's environment (loaders, NODE_PATH). */
function env(extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' };
  for (const k of ['PATH', 'HOME', 'TMPDIR']) if (process.env[k]) out[k] = process.env[k]!;
  return { ...out, AUDIT_LOG: join(dir, 'data', 'audit.log'), ...extra };
}

const REAL_UPSTREAM = () => ({
  OPSMANAGER_URL: upstream.url,
  OPSMANAGER_PUBLIC_KEY: 'prod-public',
  OPSMANAGER_PRIVATE_KEY: 'prod-private-key',
});

interface Run {
  /** Resolves with the URL once the proxy says it is serving; rejects if it exits first. */
  serving: Promise<string>;
  /** Resolves with the exit code and everything printed. */
  exited: Promise<{ code: number | null; output: string }>;
  stop(): void;
}

function run(args: string[], extra: Record<string, string>): Run {
  const child = spawn(process.execPath, args, {
    cwd: dir,
    env: env(extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; output: string }>((done) =>
    child.once('exit', (code) => done({ code, output })),
  );
  const serving = new Promise<string>((ok, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const m = /serving (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m?.[1]) ok(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(({ code }) => fail(new Error(`exited (${code}) before serving:\n${output}`)));
  });
  // Runs that are expected to exit never read `serving`: its rejection is not an error then.
  serving.catch(() => undefined);
  return { serving, exited, stop: () => child.kill('SIGTERM') };
}

describe('a production install (devDependencies pruned)', () => {
  it('really lacks the devDependencies: importing one from the project fails', async () => {
    for (const dev of ['vite', 'msw', 'vitest']) {
      const r = run(['--input-type=module', '-e', `await import('${dev}')`], {});
      const { code, output } = await r.exited;
      expect(code).not.toBe(0);
      expect(output).toMatch(/ERR_MODULE_NOT_FOUND|Cannot find package/);
    }
  });

  it('`npm start` serves the built dashboard and a real upstream, without vite or msw', async () => {
    const r = run(['scripts/start.mjs'], REAL_UPSTREAM());
    try {
      const url = await r.serving;
      const orgs = await request(url + proxyUrl(routes.listOrgs, {}));
      expect(orgs.statusCode).toBe(200);
      expect(await orgs.body.json()).toMatchObject({ totalCount: 1, results: [{ name: 'Prod' }] });
      const page = await request(`${url}/orgs`);
      expect(page.statusCode).toBe(200);
      expect(await page.body.text()).toContain('built');
      const config = await request(`${url}/api/config`);
      expect(await config.body.json()).toMatchObject({
        upstreams: [
          { name: 'opsmanager', simulated: false, reachable: true },
          { name: 'cloudmanager', baseUrl: null },
          { name: 'cloud', baseUrl: null },
        ],
      });
    } finally {
      r.stop();
    }
    // The upstream saw the proxy's own Digest calls.
    expect(upstream.seen.some((s) => s.authorized)).toBe(true);
  });

  it('says what to do when dist/ is stale and vite is not there to build it', async () => {
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'src', 'main.tsx'), future, future);
    try {
      const { code, output } = await run(['scripts/start.mjs'], REAL_UPSTREAM()).exited;
      expect(code).toBe(1);
      expect(output).toContain('the sources changed since the last build');
      expect(output).toContain('vite is not installed here');
      expect(output).toContain('`npm install`');
      expect(output).not.toContain('serving');
    } finally {
      const now = new Date(Date.now() - 60_000);
      utimesSync(join(dir, 'src', 'main.tsx'), now, now);
    }
  });

  it('says the simulated upstream needs the development dependencies when none is configured', async () => {
    const { code, output } = await run(['scripts/start.mjs'], {}).exited;
    expect(code).toBe(1);
    expect(output).toContain('development dependencies');
    expect(output).toContain('OPSMANAGER_URL');
  });
});
