// Two real proxies (`tsx server/index.ts`) on one Postgres server and one simulated upstream: exactly
// one sweeps the fleet; kill -9 it, and the other sweeps within one interval (SWEEP_INTERVAL=30s,
// the shortest allowed). Prints the figure. Needs the Postgres server binaries (skipped without
// them, except on CI).
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startSimulatedUpstream, type SimulatedUpstream } from '../../mocks/http-server';
import { createDatabase, postgresUnavailableReason } from '../testing/postgres-server';
import {
  killStartedServers,
  startServerProcess,
  type ServerProcess,
} from '../testing/server-process';

const reason = postgresUnavailableReason();
const suite = reason && !process.env.CI ? describe.skip : describe;
const INTERVAL_MS = 30_000;
const LEADS = 'this instance sweeps the fleet';
const FINISHED = 'fleet sweep finished';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = (s: ServerProcess, text: string) => s.output().split(text).length - 1;

/** Polls `check` every 100 ms until it is true; false after `ms`. */
async function within(ms: number, check: () => boolean): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

let sim: SimulatedUpstream | undefined;
afterAll(async () => {
  killStartedServers();
  await sim?.close();
});

suite(`two instances sweeping one fleet${reason ? ` — skipped: ${reason}` : ''}`, () => {
  it('exactly one sweeps; kill -9 it and the other sweeps within one interval', async () => {
    const admin = inject('postgresAdminUrl');
    if (!admin) throw new Error(`two instances need a Postgres server: ${reason}`);
    sim = await startSimulatedUpstream();
    const env = {
      DATABASE_URL: await createDatabase(admin, `two_sweepers_${process.pid}_${Date.now()}`),
      OPSMANAGER_URL: sim.opsmanagerUrl,
      OPSMANAGER_PUBLIC_KEY: sim.publicKey,
      OPSMANAGER_PRIVATE_KEY: sim.privateKey,
      SWEEP_INTERVAL: '30s',
      AUDIT_LOG: 'off',
    };
    const servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    const both = () => servers.map((s) => s.output()).join('\n');
    expect(await within(INTERVAL_MS, () => both().includes(FINISHED)), both()).toBe(true);
    const leader = servers.find((s) => count(s, LEADS) > 0);
    const other = servers.find((s) => s !== leader);
    if (!leader || !other) throw new Error(`no single leader:\n${both()}`);
    expect(count(other, LEADS)).toBe(0);
    expect(count(other, 'fleet sweep started')).toBe(0);

    leader.child.kill('SIGKILL');
    await leader.exited;
    const killedAt = performance.now();
    const took = await within(INTERVAL_MS + 20_000, () => count(other, FINISHED) > 0);
    const ms = Math.round(performance.now() - killedAt);
    console.log(
      `two sweepers on one Postgres: one swept, the other waited; after a kill -9 of the ` +
        `sweeping one, the other took the lease and finished a sweep ${ms} ms later ` +
        `(SWEEP_INTERVAL 30 s)`,
    );
    expect(took, other.output()).toBe(true);
    expect(count(other, LEADS)).toBe(1);
    // The next sweep is due one interval after the last one started (just before the kill); the
    // other instance takes the lease when it runs out (10 s) and sweeps when due. Room for a busy
    // machine: the sweep itself.
    expect(ms).toBeLessThanOrEqual(INTERVAL_MS + 10_000);
    other.kill();
  }, 120_000);
});
