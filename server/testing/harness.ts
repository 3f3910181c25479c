// Builds the proxy for tests: a Config pointing at given upstreams, log lines captured in memory.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from '../app';
import { parseEnv, type Config, type UpstreamSettings } from '../env';

export interface Harness {
  app: FastifyInstance;
  config: Config;
  /** Every log line written so far (JSON text). */
  logs: string[];
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...parseEnv({ LOG_LEVEL: 'info' }), staticDir: null, ...overrides };
}

export function digestUpstream(
  name: UpstreamSettings['name'],
  baseUrl: string,
  publicKey: string,
  privateKey: string,
  simulated = false,
): UpstreamSettings {
  return { name, baseUrl, auth: { kind: 'digest', publicKey, privateKey }, simulated };
}

export async function startHarness(
  overrides: Partial<Config> = {},
  options: Omit<BuildOptions, 'logStream'> = {},
): Promise<Harness> {
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(line);
      cb();
    },
  });
  const config = testConfig(overrides);
  const app = buildApp(config, { ...options, logStream });
  await app.ready();
  return { app, config, logs, close: () => app.close() };
}
