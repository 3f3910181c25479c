// Durability: the real server (`tsx server/index.ts`, simulated upstream) acknowledges N mutations,
// is killed with SIGKILL at once, and the audit file still holds exactly N lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_IDS } from '../../mocks/db/fixtures';
import { SIM_PRIVATE_KEY } from '../../mocks/sim-keys';
import { auditEntrySchema } from '#contract/audit-contract';
import { CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { proxyUrl, routes } from '#contract/route-table';
import { databaseEnvFor } from '../testing/engines';

const ROOT = resolve(import.meta.dirname, '../..');
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

function startServer(env: Record<string, string>): Promise<{ url: string; output: () => string }> {
  let output = '';
  child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolvePromise, reject) => {
    // Generous: a new embedded database takes seconds to create on a busy machine.
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const m = /serving (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolvePromise({ url: m[1], output: () => output });
      }
    };
    child?.stdout?.on('data', onData);
    child?.stderr?.on('data', onData);
    child?.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
}

describe('audit log durability', () => {
  it('keeps one line per acknowledged mutation after a kill -9', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orglink-crash-'));
    const file = join(dir, 'audit.log');
    // Its own database too (the embedded one belongs to one process; never the project's data/).
    const { url, output } = await startServer({ AUDIT_LOG: file, ...(await databaseEnvFor(dir)) });
    // Mutations of several kinds, some succeeding, some refused by the upstream, sent concurrently.
    const orgs = [...FIXTURE_IDS.opsOrgsSynced.slice(0, 6), FIXTURE_IDS.opsOrgUnknown];
    const cloud = FIXTURE_IDS.cloudOrgsWithoutToken.slice(0, 5);
    const requests: { method: string; path: string; body?: string }[] = [
      ...orgs.map((orgId) => ({ method: 'DELETE', path: proxyUrl(routes.removeLink, { orgId }) })),
      ...cloud.map((orgId) => ({
        method: 'POST',
        path: proxyUrl(routes.createLinkToken, { orgId }),
        body: '{}',
      })),
      ...cloud.map((orgId) => ({
        method: 'DELETE',
        path: proxyUrl(routes.deleteLinkToken, { orgId }),
      })),
    ];
    const answers = await Promise.all(
      requests.map((r) =>
        fetch(url + r.path, {
          method: r.method,
          headers: {
            [CSRF_HEADER]: CSRF_VALUE,
            ...(r.body ? { 'content-type': 'application/json' } : {}),
          },
          body: r.body,
        }).then(async (res) => ({ status: res.status, body: await res.text() })),
      ),
    );
    // Every answer came from the upstream (not a refusal by the proxy).
    expect(answers.every((a) => a.status > 0 && !a.body.includes('"source":"proxy"'))).toBe(true);
    child?.kill('SIGKILL');
    await new Promise((r) => child?.once('exit', r));

    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(requests.length);
    const entries = lines.map((l) => auditEntrySchema.parse(JSON.parse(l)));
    expect(entries.every((e) => e.user === 'demo' && e.auth === 'demo')).toBe(true);
    expect(entries.filter((e) => e.outcome === 'success').length).toBeGreaterThan(0);
    expect(entries.filter((e) => e.outcome === 'upstream_error').length).toBeGreaterThan(0);
    const tokens = answers
      .map((a) => /"linkToken":"([^"]+)"/.exec(a.body)?.[1])
      .filter((t): t is string => !!t);
    expect(tokens.length).toBe(cloud.length);
    const records = readFileSync(file, 'utf8') + output();
    for (const secret of [SIM_PRIVATE_KEY, ...tokens]) expect(records).not.toContain(secret);
  }, 90_000);
});
