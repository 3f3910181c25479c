// The proxy listening on a loopback port in front of the simulated upstream (mocks/http-server.ts),
// with every log line and every answer recorded, so tests can also prove no key ever leaks.
import { request } from 'undici';
import type { SimulatedUpstream } from '../../mocks/http-server.ts';
import { SAMPLE_MIGRATION_CREDENTIALS } from '../../mocks/db/fixtures';
import {
  SIM_CLOUDMANAGER_PRIVATE_KEY,
  SIM_CLOUDMANAGER_PUBLIC_KEY,
  SIM_PRIVATE_KEY,
  SIM_PUBLIC_KEY,
} from '../../mocks/sim-keys';
import type { Config } from '../env';
import { withSimulatedUpstream } from '../simulated';
import { startHarness, testConfig, type Harness, type HarnessOptions } from './harness';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface SimHarness extends Harness {
  sim: SimulatedUpstream;
  url: string;
  /** Every answer the proxy gave in this harness (status line, headers, body). */
  answers: string[];
  call(
    method: string,
    path: string,
    init?: { headers?: Record<string, string>; body?: string },
  ): Promise<Answer>;
  /** Seeded data and counters back to the start. */
  resetSim(): Promise<void>;
}

export async function startSimHarness(
  overrides: Partial<Config> = {},
  options: HarnessOptions = {},
  simOptions: { scenario?: string; nonceTtlMs?: number } = {},
): Promise<SimHarness> {
  const { config, sim } = await withSimulatedUpstream(testConfig(overrides), simOptions);
  const h = await startHarness({ ...config, ...overrides, upstreams: config.upstreams }, options);
  const address = await h.app.listen({ host: '127.0.0.1', port: 0 });
  const answers: string[] = [];
  return {
    ...h,
    sim,
    url: address,
    answers,
    async call(method, path, init = {}) {
      const res = await request(address + path, {
        method: method as 'GET',
        headers: init.headers,
        body: init.body,
      });
      const text = await res.body.text();
      answers.push(`${res.statusCode} ${JSON.stringify(res.headers)} ${text}`);
      let json: unknown = undefined;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: res.statusCode, headers: res.headers, text, json };
    },
    async resetSim() {
      const res = await request(`${sim.opsmanagerUrl}/__sim/reset`, { method: 'POST' });
      await res.body.dump();
    },
    async close() {
      await h.close();
      await sim.close();
    },
  };
}

/** Secrets that must never appear in an answer or a log line (keys, source database passwords). */
export const SECRETS = [
  SIM_PRIVATE_KEY,
  SIM_PUBLIC_KEY,
  SIM_CLOUDMANAGER_PRIVATE_KEY,
  SIM_CLOUDMANAGER_PUBLIC_KEY,
  SAMPLE_MIGRATION_CREDENTIALS.password,
  SAMPLE_MIGRATION_CREDENTIALS.wrongPassword,
];

export function findSecrets(
  texts: readonly string[],
  secrets: readonly string[] = SECRETS,
): string[] {
  const hits: string[] = [];
  for (const t of texts) for (const s of secrets) if (t.includes(s)) hits.push(t.slice(0, 200));
  return hits;
}
