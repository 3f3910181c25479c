// The simulated upstream: Ops Manager and MongoDB Cloud as REAL HTTP servers on loopback, with
// Digest auth, over the same operations and store as every other fake. The proxy talks to it
// when no real upstream is configured (`npm start`) and in full-stack tests.
//
// Two ports, three upstreams: like the real cloud.mongodb.com, the MongoDB Cloud port answers as
// Atlas or as Cloud Manager depending on which demo key signed the request (an org listing shows
// the orgs a key can see): SIM_PUBLIC_KEY → Atlas (targets), SIM_CLOUDMANAGER_PUBLIC_KEY → Cloud
// Manager (sources). So the proxy runs with CLOUD_URL = CLOUDMANAGER_URL, as in production.
//
//   npm run upstream:sim     (env: SIM_OPSMANAGER_PORT=9101 SIM_CLOUD_PORT=9102 SIM_SCENARIO=…
//                             SIM_LINK_SYNC_MS=6000 SIM_LATENCY_MS=0 SIM_RATE_LIMIT_PER_MIN=…
//                             SIM_MIGRATION_*_MS, SIM_CUTOVER_WINDOW_S: mocks/README.md)
//   curl --digest -u orglinkdemo:7c1b2e44-3f1a-4d8e-9a51-0d6f2c8b9e10 \
//     http://127.0.0.1:9101/api/public/v1.0/orgs
//
// Besides the API it serves two unauthenticated test hooks on both ports: POST /__sim/reset
// (seeded data, stats, rate-limit windows and scenario counters back to the start) and
// GET /__sim/stats.
import { appendFileSync, realpathSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { matchUpstreamPath, type Upstream } from '#contract/route-table';
import { configureStore, reset as resetStore, type StoreConfig } from './db/store';
import { DigestVerifier } from './digest-verifier.node.ts';
import { UPSTREAM_ERROR_CODES, upstreamError } from './handlers/response-builders';
import { answerUpstreamRequest } from './handlers/upstream';
import { resetRateLimits } from './rate-limit';
import {
  SCENARIO_HEADER,
  getDefaultScenario,
  isScenario,
  resetScenarioState,
  type ScenarioName,
} from './scenarios';
import {
  SIM_CLOUDMANAGER_PRIVATE_KEY,
  SIM_CLOUDMANAGER_PUBLIC_KEY,
  SIM_PRIVATE_KEY,
  SIM_PUBLIC_KEY,
} from './sim-keys';

/** Store settings the simulated upstream takes from its options (SIM_* variables). */
export const SIM_STORE_SETTINGS = [
  'linkSyncDelayMs',
  'validationMs',
  'migrationNewMs',
  'migrationCatchUpMs',
  'migrationCutoverMs',
  'cutoverWindowMs',
  'rateLimitPerMin',
] as const satisfies readonly (keyof StoreConfig)[];

export interface SimulatedUpstreamOptions extends Partial<
  Pick<StoreConfig, (typeof SIM_STORE_SETTINGS)[number]>
> {
  host?: string;
  /** 0 = a random free port (default). */
  opsmanagerPort?: number;
  /** MongoDB Cloud: Atlas and Cloud Manager (told apart by the key). */
  cloudPort?: number;
  /** Scenario for requests without an x-mock-scenario header. */
  scenario?: string;
  /** Fixed delay added to every answer, challenges included. */
  latencyMs?: number;
  nonceTtlMs?: number;
  /**
   * Test hook: every link-token this simulated Atlas issues is appended to this file, one a line,
   * so scripts/check-no-secrets.ts can look for tokens that never reached the browser (Generate
   * and connect). Only ever the simulated upstream's own tokens.
   */
  linkTokensFile?: string | undefined;
}

export interface SimulatedUpstreamStats {
  /** Every HTTP request received, Digest challenges included. */
  requests: number;
  /** 401 answers carrying a Digest challenge. */
  challenges: number;
  /** Authenticated requests per route-table operation id. */
  byOperation: Record<string, number>;
  /** 429 answers (over SIM_RATE_LIMIT_PER_MIN) per route-table operation id. */
  rateLimitedByOperation: Record<string, number>;
}

export interface SimulatedUpstream {
  opsmanagerUrl: string;
  /** MongoDB Cloud as Atlas: sign with publicKey/privateKey. */
  cloudUrl: string;
  /** MongoDB Cloud as Cloud Manager: the same URL, signed with the Cloud Manager key. */
  cloudmanagerUrl: string;
  /** Ops Manager's and Atlas's key. */
  publicKey: string;
  privateKey: string;
  cloudManagerPublicKey: string;
  cloudManagerPrivateKey: string;
  stats: SimulatedUpstreamStats;
  resetStats(): void;
  close(): Promise<void>;
}

/** The two listening ports: Ops Manager, and MongoDB Cloud (Atlas and Cloud Manager). */
type Port = 'opsmanager' | 'cloud';

const MAX_BODY_BYTES = 1024 * 1024;
const SKIPPED_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
]);

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { 'Content-Type': 'application/json' } : {}),
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startSimulatedUpstream(
  opts: SimulatedUpstreamOptions = {},
): Promise<SimulatedUpstream> {
  const host = opts.host ?? '127.0.0.1';
  const serverScenario: ScenarioName | null =
    opts.scenario === undefined || opts.scenario === '' || opts.scenario === 'none'
      ? null
      : isScenario(opts.scenario)
        ? opts.scenario
        : (() => {
            throw new Error(`Unknown scenario "${opts.scenario}"`);
          })();
  const storeSettings: Partial<StoreConfig> = {};
  for (const name of SIM_STORE_SETTINGS) {
    if (opts[name] !== undefined) Object.assign(storeSettings, { [name]: opts[name] });
  }
  configureStore(storeSettings);
  const latencyMs = opts.latencyMs ?? 0;
  const verifier = new DigestVerifier({
    users: {
      [SIM_PUBLIC_KEY]: SIM_PRIVATE_KEY,
      [SIM_CLOUDMANAGER_PUBLIC_KEY]: SIM_CLOUDMANAGER_PRIVATE_KEY,
    },
    nonceTtlMs: opts.nonceTtlMs,
  });
  /** Keys each port takes: Ops Manager its own; MongoDB Cloud the Atlas and Cloud Manager keys. */
  const portKeys: Record<Port, readonly string[]> = {
    opsmanager: [SIM_PUBLIC_KEY],
    cloud: [SIM_PUBLIC_KEY, SIM_CLOUDMANAGER_PUBLIC_KEY],
  };
  const stats: SimulatedUpstreamStats = {
    requests: 0,
    challenges: 0,
    byOperation: {},
    rateLimitedByOperation: {},
  };
  const bases: Record<Port, string> = { opsmanager: '', cloud: '' };

  const scenarioOf = (req: IncomingMessage): ScenarioName | null => {
    const value = req.headers[SCENARIO_HEADER];
    const header = Array.isArray(value) ? value[0] : value;
    if (header === 'none') return null;
    if (isScenario(header)) return header;
    return serverScenario ?? getDefaultScenario();
  };

  async function handle(port: Port, req: IncomingMessage, res: ServerResponse) {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const url = new URL(target, bases[port]);
    // Test hooks are not API calls: not counted, no latency, no scenario.
    if (url.pathname.startsWith('/__sim/')) return control(url.pathname, method, res);
    stats.requests += 1;
    const scenario = scenarioOf(req);
    const body = await readBody(req);
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    // Like a host that is down: the client sees the connection reset, no HTTP answer at all.
    if (scenario === 'upstream-down') {
      req.socket.destroy();
      return;
    }
    if (body === null) {
      send(res, 413, undefined, {});
      return;
    }

    // Digest first, as the real servers do. The unauthorized scenario refuses any key.
    const verified =
      scenario === 'unauthorized'
        ? ({ ok: false, stale: false } as const)
        : verifier.verify(method, target, req.headers.authorization);
    const auth =
      verified.ok && !portKeys[port].includes(verified.username)
        ? ({ ok: false, stale: false } as const)
        : verified;
    if (!auth.ok) {
      stats.challenges += 1;
      const answer = upstreamError(401, null, 'You are not authorized for this resource.');
      send(res, 401, answer.body, { 'WWW-Authenticate': verifier.challenge(auth.stale) });
      return;
    }
    // The key decides the product on the MongoDB Cloud port.
    const upstream: Upstream =
      port === 'opsmanager'
        ? 'opsmanager'
        : auth.username === SIM_CLOUDMANAGER_PUBLIC_KEY
          ? 'cloudmanager'
          : 'cloud';

    const matched = matchUpstreamPath(method, upstream, url.pathname);
    if (matched) stats.byOperation[matched.op] = (stats.byOperation[matched.op] ?? 0) + 1;

    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || SKIPPED_HEADERS.has(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    // The server's own default scenario travels as the header the handlers read.
    if (scenario) headers.set(SCENARIO_HEADER, scenario);
    else headers.set(SCENARIO_HEADER, 'none');
    const request = new Request(url, {
      method,
      headers,
      body:
        method === 'GET' || method === 'HEAD' || body.length === 0
          ? undefined
          : new Uint8Array(body),
    });
    // The rate limit counts per API key of each product, as the real ones do.
    const response = await answerUpstreamRequest(upstream, request, `${upstream}:${auth.username}`);
    if (!response) {
      const answer = upstreamError(
        404,
        UPSTREAM_ERROR_CODES.resourceNotFound,
        `Cannot find resource ${url.pathname}`,
      );
      send(res, 404, answer.body, answer.headers);
      return;
    }
    if (response.type === 'error') {
      req.socket.destroy();
      return;
    }
    const out = Buffer.from(await response.arrayBuffer());
    if (opts.linkTokensFile && matched?.op === 'createLinkToken' && response.status < 300) {
      const issued = (JSON.parse(out.toString('utf8')) as { linkToken?: unknown }).linkToken;
      if (typeof issued === 'string') appendFileSync(opts.linkTokensFile, `${issued}\n`);
    }
    if (response.status === 429 && matched) {
      stats.rateLimitedByOperation[matched.op] =
        (stats.rateLimitedByOperation[matched.op] ?? 0) + 1;
    }
    res.statusCode = response.status;
    response.headers.forEach((value, name) => res.setHeader(name, value));
    if (response.status !== 204) res.setHeader('Content-Length', out.length);
    res.end(out);
  }

  function control(path: string, method: string, res: ServerResponse) {
    if (path === '/__sim/reset' && method === 'POST') {
      resetStore();
      resetScenarioState();
      resetRateLimits();
      resetStats();
      send(res, 204, undefined, {});
    } else if (path === '/__sim/stats' && method === 'GET') {
      send(res, 200, stats, {});
    } else {
      send(res, 404, { error: 404, detail: 'Unknown simulator hook' }, {});
    }
  }

  function resetStats() {
    stats.requests = 0;
    stats.challenges = 0;
    for (const key of Object.keys(stats.byOperation)) delete stats.byOperation[key];
    for (const key of Object.keys(stats.rateLimitedByOperation)) {
      delete stats.rateLimitedByOperation[key];
    }
  }

  const servers: Record<Port, Server> = {
    opsmanager: createServer(),
    cloud: createServer(),
  };
  for (const upstream of ['opsmanager', 'cloud'] as const) {
    servers[upstream].on('request', (req, res) => {
      handle(upstream, req, res).catch(() => {
        if (!res.headersSent)
          send(res, 500, upstreamError(500, 'UNEXPECTED_ERROR', 'Unexpected error.').body, {});
        else res.destroy();
      });
    });
  }
  try {
    const omPort = await listen(servers.opsmanager, opts.opsmanagerPort ?? 0, host);
    const cloudPort = await listen(servers.cloud, opts.cloudPort ?? 0, host);
    const urlHost = host.includes(':') ? `[${host}]` : host;
    bases.opsmanager = `http://${urlHost}:${omPort}`;
    bases.cloud = `http://${urlHost}:${cloudPort}`;
  } catch (e) {
    for (const s of Object.values(servers)) s.close();
    throw e;
  }

  return {
    opsmanagerUrl: bases.opsmanager,
    cloudUrl: bases.cloud,
    cloudmanagerUrl: bases.cloud,
    publicKey: SIM_PUBLIC_KEY,
    privateKey: SIM_PRIVATE_KEY,
    cloudManagerPublicKey: SIM_CLOUDMANAGER_PUBLIC_KEY,
    cloudManagerPrivateKey: SIM_CLOUDMANAGER_PRIVATE_KEY,
    stats,
    resetStats,
    close: async () => {
      await Promise.all(
        Object.values(servers).map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}

function isEntryModule(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const port = (name: string, fallback: number): number => {
    const raw = process.env[name];
    const n = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535)
      throw new Error(`${name} must be a port number`);
    return n;
  };
  const optionalNumber = (name: string): number | undefined => {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number`);
    return n;
  };
  const cutoverWindowS = optionalNumber('SIM_CUTOVER_WINDOW_S');
  const sim = await startSimulatedUpstream({
    host: '127.0.0.1',
    opsmanagerPort: port('SIM_OPSMANAGER_PORT', 9101),
    cloudPort: port('SIM_CLOUD_PORT', 9102),
    scenario: process.env.SIM_SCENARIO,
    linkSyncDelayMs: optionalNumber('SIM_LINK_SYNC_MS'),
    latencyMs: optionalNumber('SIM_LATENCY_MS'),
    validationMs: optionalNumber('SIM_MIGRATION_VALIDATION_MS'),
    migrationNewMs: optionalNumber('SIM_MIGRATION_NEW_MS'),
    migrationCatchUpMs: optionalNumber('SIM_MIGRATION_CATCHUP_MS'),
    migrationCutoverMs: optionalNumber('SIM_MIGRATION_CUTOVER_MS'),
    cutoverWindowMs: cutoverWindowS === undefined ? undefined : cutoverWindowS * 1000,
    rateLimitPerMin: optionalNumber('SIM_RATE_LIMIT_PER_MIN'),
    linkTokensFile: process.env.SIM_LINK_TOKENS_FILE || undefined,
  });
  // The demo key pairs are public (mocks/sim-keys.ts); printing them is the point.
  console.log(
    [
      'Simulated upstream (fake data, HTTP Digest auth) is listening:',
      `  Ops Manager:   ${sim.opsmanagerUrl}  (key ${sim.publicKey} / ${sim.privateKey})`,
      `  MongoDB Cloud: ${sim.cloudUrl}`,
      `    as Atlas:         key ${sim.publicKey} / ${sim.privateKey}`,
      `    as Cloud Manager: key ${sim.cloudManagerPublicKey} / ${sim.cloudManagerPrivateKey}`,
      `  Scenario:      ${process.env.SIM_SCENARIO || 'none'} (per request: ${SCENARIO_HEADER} header)`,
      `  Try:           curl --digest -u ${sim.publicKey}:${sim.privateKey} ${sim.opsmanagerUrl}/api/public/v1.0/orgs`,
    ].join('\n'),
  );
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (isEntryModule()) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
