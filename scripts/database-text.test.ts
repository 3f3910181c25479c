// The no-secrets check's view of a server's embedded database: every column of every table as
// text, read from a copy (the original is left as it was), never while its server still runs, and
// complete after that server was killed with SIGKILL (as Playwright ends its web servers).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { embeddedDbDir, openStore } from '../server/store/connect';
import { pgliteTemplateFile } from '../server/testing/engines';
import { embeddedDatabaseText } from './database-text';

const CHILD = fileURLToPath(new URL('../server/testing/store-child.ts', import.meta.url));

describe('embeddedDatabaseText', () => {
  it('refuses while its server runs; after a SIGKILL reads every value it acknowledged', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'orglink-dbtext-')), 'data');
    // A writer (server/testing/store-child.ts): prints "ack ORGID STATUS" per committed row.
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'write'], {
      env: { ...process.env, DATA_DIR: dataDir, STORE_SEED: await pgliteTemplateFile() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: string[] = [];
    let out = '';
    const enough = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        acked.splice(0, acked.length, ...[...out.matchAll(/^ack (\w+) /gm)].map((m) => m[1]!));
        if (acked.length >= 20) resolve();
      });
      child.once('exit', (code) => reject(new Error(`writer exited (${code})`)));
    });
    const exited = new Promise((r) => child.once('exit', r));
    await enough;
    await expect(embeddedDatabaseText(dataDir, { waitMs: 0 })).rejects.toThrow(
      /in use by another process/,
    );
    child.kill('SIGKILL');
    await exited;
    const seen = [...out.matchAll(/^ack (\w+) /gm)].map((m) => m[1]!);
    const before = readdirSync(embeddedDbDir(dataDir)).sort();

    const text = await embeddedDatabaseText(dataDir);
    const column = (where: string) => text.find((c) => c.where === where)?.values ?? [];
    const stored = new Set(column('fleet_orgs.org_id'));
    expect(seen.filter((id) => !stored.has(id))).toEqual([]);
    expect(column('schema_migrations.name').length).toBeGreaterThan(2);
    expect(text.map((c) => c.where)).toContain('audit_records.request_id');
    // The original is untouched (a copy was opened) and free again.
    expect(readdirSync(embeddedDbDir(dataDir)).sort()).toEqual(before);
    await (await openStore({ dataDir })).close();
  }, 90_000);
});
