// Builds the proxy for tests: a Config pointing at given upstreams, log lines captured in memory.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createAccess, type Access } from '../access/access';
import { AuditLog } from '../access/audit-log';
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

/** The access layer of a test proxy: as configured in `config.auth`, the audit log in memory only. */
export function testAccess(config: Config): Access {
  return createAccess({
    auth: config.auth,
    simulated: config.simulated,
    audit: new AuditLog({ file: null, stdout: false, memoryOnly: true }),
  });
}

export type HarnessOptions = Partial<Omit<BuildOptions, 'logStream'>>;

export async function startHarness(
  overrides: Partial<Config> = {},
  options: HarnessOptions = {},
): Promise<Harness> {
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(line);
      cb();
    },
  });
  const config = testConfig(overrides);
  const app = buildApp(config, {
    ...options,
    access: options.access ?? testAccess(config),
    logStream,
  });
  await app.ready();
  return { app, config, logs, close: () => app.close() };
}
