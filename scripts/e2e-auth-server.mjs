// Playwright's `full-stack-auth` server: the proxy with sign-in required (users from
// e2e/users.e2e.json), its audit log, its database and every line it prints kept in
// artifacts/e2e-auth/ (emptied at each start) for the no-secrets check. Waits for the
// `full-stack` server first, which builds the SPA (npm start), so the two never build dist/ at
// the same time.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = resolve(root, process.env.E2E_AUTH_DIR ?? 'artifacts/e2e-auth');
const waitFor = process.env.WAIT_FOR_URL;

async function waitUntilUp(url, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up`);
}

if (waitFor) await waitUntilUp(waitFor, 170_000);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const logFile = join(dir, 'server.log');
// Written synchronously: Playwright may kill this process at the end of the run without notice.
const log = (chunk) => appendFileSync(logFile, chunk);
const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'index.ts')], {
  cwd: root,
  env: {
    ...process.env,
    AUDIT_LOG: join(dir, 'audit.log'),
    // Its own fresh database: never the full-stack server's (the embedded one has one owner).
    DATA_DIR: join(dir, 'data'),
    // Every link-token its simulated Atlas issues, for the no-secrets check (Generate and connect's
    // tokens never reach an answer, so only the simulated upstream can say what they were).
    SIM_LINK_TOKENS_FILE: join(dir, 'issued-link-tokens.txt'),
    STATIC_DIR: process.env.STATIC_DIR ?? join(root, 'dist'),
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
// Log lines (stdout) go to the file only; the start-up banner and errors (stderr) show as well.
server.stdout.on('data', log);
server.stderr.on('data', (chunk) => {
  log(chunk);
  process.stderr.write(chunk);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
