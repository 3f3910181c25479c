// `npm start`: build the SPA when dist/ is missing or older than its sources, then run the proxy
// (server/index.ts under tsx). With no upstream configured the proxy starts the simulated upstream.
// Building needs vite, a development dependency: a production install (`npm ci && npm run build &&
// npm prune --omit=dev`) starts without it as long as dist/ is fresh, and says what to do when not
// (scripts/production-start.test.ts proves both).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** What the built SPA is made from. */
const SOURCES = [
  'src',
  'public',
  'index.html',
  'vite.config.ts',
  'postcss.config.cjs',
  'tsconfig.json',
  'package.json',
];
const SKIP = /(^|\/)(node_modules|testing)(\/|$)|\.test\.tsx?$/;

function newestMtime(path) {
  if (!existsSync(path) || SKIP.test(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function needsBuild() {
  const index = join(root, 'dist', 'index.html');
  if (!existsSync(index)) return 'dist/ is missing';
  const built = statSync(index).mtimeMs;
  const changed = SOURCES.some((s) => newestMtime(join(root, s)) > built);
  return changed ? 'the sources changed since the last build' : null;
}

/** Another `npm start` may be building right now: one build at a time, the others wait for it. */
const LOCK = join(root, 'node_modules', '.orglink-build.lock');
const STALE_LOCK_MS = 5 * 60_000;

function takeLock() {
  try {
    mkdirSync(LOCK);
    return true;
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
    if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS)
      rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
}

const VITE = join(root, 'node_modules', 'vite', 'bin', 'vite.js');

function build(reason) {
  console.error(`Building the dashboard (${reason}) …`);
  const result = spawnSync(process.execPath, [VITE, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  return result.status ?? 1;
}

for (let waited = false; ; waited = true) {
  const reason = needsBuild();
  if (!reason) break;
  if (!existsSync(VITE)) {
    console.error(
      [
        `The dashboard needs building (${reason}), but vite is not installed here: it is a`,
        'development dependency (a production install leaves it out). Either',
        '  - run `npm install`, then `npm start` again (it builds dist/), or',
        '  - build where development dependencies are installed (`npm ci && npm run build`) and',
        '    bring dist/ along, or',
        '  - run `npm run server` to serve dist/ as it is.',
      ].join('\n'),
    );
    process.exit(1);
  }
  if (takeLock()) {
    let status;
    try {
      status = build(reason);
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
    if (status !== 0) {
      console.error('The dashboard build failed; see above.');
      process.exit(status);
    }
    break;
  }
  if (!waited) console.error('Waiting for another build of the dashboard to finish …');
  await new Promise((r) => setTimeout(r, 500));
}

const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'index.ts')], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
