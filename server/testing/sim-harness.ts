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
  /** Every answer the proxy gave in this harness (`METHOD path status headers body`). */
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
      answers.push(`${method} ${path} ${res.statusCode} ${JSON.stringify(res.headers)} ${text}`);
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

/**
 * Where a key part shows in the harness's log lines or answers and should not: the private key
 * nowhere, the public key in no log line and in no answer but /api/config's (which names the key an
 * upstream refused, for a signed-in user).
 */
export function findKeyLeaks(h: Pick<SimHarness, 'logs' | 'answers'>): string[] {
  const answersButConfig = h.answers.filter((a) => !a.startsWith('GET /api/config '));
  return [
    ...findSecrets(h.logs),
    ...findSecrets(h.answers, [SIM_PRIVATE_KEY]),
    ...findSecrets(answersButConfig, [SIM_PUBLIC_KEY]),
  ];
}

export function findSecrets(
  texts: readonly string[],
  secrets: readonly string[] = SECRETS,
): string[] {
  const hits: string[] = [];
  for (const t of texts) for (const s of secrets) if (t.includes(s)) hits.push(t.slice(0, 200));
  return hits;
}
