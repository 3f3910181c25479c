// Real processes against the store: a writer killed with SIGKILL loses nothing it acknowledged
// (both engines), and a second process (the test's own) on the same embedded database is refused
// while the writer runs and takes the lock over once it is dead.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { count, inArray } from 'drizzle-orm';
import { describeEachEngine, pgliteTemplateFile } from '../testing/engines';
import { openStore, type Store } from './connect';
import { StoreLockedError } from './errors';
import { fleetOrgs, fleetStatusChanges } from './fleet';

const CHILD = fileURLToPath(new URL('../testing/store-child.ts', import.meta.url));

interface Child {
  proc: ChildProcess;
  lines: string[];
  stderr: () => string;
  /** Resolves once `count` stdout lines have arrived. */
  lines$(count: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(mode: string, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, mode], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let err = '';
  let partial = '';
  const waiters: { count: number; resolve: () => void }[] = [];
  proc.stdout?.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of waiters.splice(0)) {
      if (lines.length >= w.count) w.resolve();
      else waiters.push(w);
    }
  });
  proc.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    proc,
    lines,
    stderr: () => err,
    lines$: (count) =>
      new Promise<void>((resolve, reject) => {
        if (lines.length >= count) return resolve();
        waiters.push({ count, resolve });
        void exited.then(() =>
          reject(new Error(`child exited after ${lines.length} lines: ${err.slice(0, 500)}`)),
        );
      }),
    exited,
  };
}

async function expectAllAcknowledged(store: Store, lines: readonly string[]): Promise<number> {
  const acks = new Map(
    lines.filter((l) => l.startsWith('ack ')).map((l) => [l.split(' ')[1] ?? '', l.split(' ')[2]]),
  );
  const ids = [...acks.keys()];
  const orgs = await store.db
    .select({ orgId: fleetOrgs.orgId, status: fleetOrgs.linkStatus })
    .from(fleetOrgs)
    .where(inArray(fleetOrgs.orgId, ids));
  const found = new Map(orgs.map((o) => [o.orgId, o.status]));
  const changes = await store.db
    .select({ orgId: fleetStatusChanges.orgId, n: count() })
    .from(fleetStatusChanges)
    .where(inArray(fleetStatusChanges.orgId, ids))
    .groupBy(fleetStatusChanges.orgId);
  const changeCounts = new Map(changes.map((c) => [c.orgId, c.n]));
  const lost = ids.filter((id) => found.get(id) !== acks.get(id) || changeCounts.get(id) !== 1);
  expect(lost, 'acknowledged writes missing after the kill').toEqual([]);
  return ids.length;
}

const ACKS_BEFORE_KILL = 100;

describeEachEngine(
  'a process writing through the store',
  (ctx) => {
    let dataDir = '';
    beforeEach(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'orglink-store-proc-'));
    });
    afterEach(() => {
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('killed with SIGKILL mid-run: every write it acknowledged is there on reopening', async () => {
      const env: Record<string, string> =
        ctx.engine === 'pglite'
          ? { DATA_DIR: dataDir, STORE_SEED: await pgliteTemplateFile() }
          : { DATABASE_URL: ctx.databaseUrl ?? '' };
      const writer = startChild('write', env);
      // "opened" plus the acks.
      await writer.lines$(1 + ACKS_BEFORE_KILL);

      if (ctx.engine === 'pglite') {
        // Meanwhile a second process (this one) on the same embedded database refuses to open it.
        const refused = await openStore({ dataDir }).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(StoreLockedError);
        expect((refused as Error).message).toContain(
          `The embedded database in ${join(dataDir, 'db')} is in use by another process (pid ${writer.proc.pid}`,
        );
        expect((refused as Error).message).toMatch(
          /give this one its own DATA_DIR, or use a Postgres server/,
        );
      }

      writer.proc.kill('SIGKILL');
      expect((await writer.exited).signal).toBe('SIGKILL');

      // The killed writer's lock is stale now: reopening takes it over.
      const store = ctx.engine === 'pglite' ? await openStore({ dataDir }) : await ctx.openSecond();
      try {
        const acknowledged = await expectAllAcknowledged(store, writer.lines);
        expect(acknowledged).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
      } finally {
        if (ctx.engine === 'pglite') await store.close();
      }
    }, 120_000);
  },
  // Each variant opens its database itself: in a child process, and after the kill.
  { suiteStore: false },
);
