import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseEnv } from './env';

function problems(env: Record<string, string>): string[] {
  try {
    parseEnv(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

const OM = {
  OPSMANAGER_URL: 'https://om.example.com:8443',
  OPSMANAGER_PUBLIC_KEY: 'abcdefgh',
  OPSMANAGER_PRIVATE_KEY: 'secret-private-value-1',
};

describe('parseEnv', () => {
  it('defaults to the simulated upstream on 127.0.0.1:8080', () => {
    const c = parseEnv({});
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      simulated: true,
      upstreams: { opsmanager: null, cloudmanager: null, cloud: null },
      atlasApiVersion: 'v2',
      upstreamTimeoutMs: 15_000,
      pollIntervalsMs: { fast: 3000, slow: 30_000 },
      statusCacheMs: 2500,
      logLevel: 'info',
    });
  });

  it('reads a real Ops Manager with Digest keys; Cloud stays unconfigured', () => {
    const c = parseEnv({ ...OM, PORT: '9000', UPSTREAM_TIMEOUT_MS: '5000' });
    expect(c.simulated).toBe(false);
    expect(c.port).toBe(9000);
    expect(c.upstreamTimeoutMs).toBe(5000);
    expect(c.upstreams.opsmanager).toEqual({
      name: 'opsmanager',
      baseUrl: 'https://om.example.com:8443',
      auth: { kind: 'digest', publicKey: 'abcdefgh', privateKey: 'secret-private-value-1' },
      simulated: false,
    });
    expect(c.upstreams.cloud).toBeNull();
  });

  it('keeps a path prefix but drops a pasted /api/public/v1.0 and trailing slashes', () => {
    expect(parseEnv({ ...OM, OPSMANAGER_URL: 'https://h/om/' }).upstreams.opsmanager!.baseUrl).toBe(
      'https://h/om',
    );
    expect(
      parseEnv({ ...OM, OPSMANAGER_URL: 'https://h/api/public/v1.0/' }).upstreams.opsmanager!
        .baseUrl,
    ).toBe('https://h');
  });

  it('reads MongoDB Cloud keys with the default URL, or a service account', () => {
    const keys = parseEnv({ CLOUD_PUBLIC_KEY: 'pub', CLOUD_PRIVATE_KEY: 'priv' });
    expect(keys.upstreams.cloud).toMatchObject({
      baseUrl: 'https://cloud.mongodb.com',
      auth: { kind: 'digest' },
    });
    const sa = parseEnv({ CLOUD_CLIENT_ID: 'mdb_sa_id_1', CLOUD_CLIENT_SECRET: 'mdb_sa_sk_2' });
    expect(sa.upstreams.cloud!.auth).toEqual({
      kind: 'oauth',
      clientId: 'mdb_sa_id_1',
      clientSecret: 'mdb_sa_sk_2',
    });
  });

  it('reads Cloud Manager like MongoDB Cloud, on the same default host, with its own key', () => {
    const c = parseEnv({
      CLOUDMANAGER_PUBLIC_KEY: 'cmpub',
      CLOUDMANAGER_PRIVATE_KEY: 'cmpriv',
      CLOUD_PUBLIC_KEY: 'pub',
      CLOUD_PRIVATE_KEY: 'priv',
    });
    expect(c.simulated).toBe(false);
    expect(c.upstreams.cloudmanager).toEqual({
      name: 'cloudmanager',
      baseUrl: 'https://cloud.mongodb.com',
      auth: { kind: 'digest', publicKey: 'cmpub', privateKey: 'cmpriv' },
      simulated: false,
    });
    expect(c.upstreams.cloud?.baseUrl).toBe(c.upstreams.cloudmanager?.baseUrl);
    expect(c.upstreams.cloud?.atlasApiVersion).toBe('v2');
    expect(c.upstreams.opsmanager).toBeNull();
    const sa = parseEnv({
      CLOUDMANAGER_URL: 'https://cm.example.gov/',
      CLOUDMANAGER_CLIENT_ID: 'mdb_sa_id_9',
      CLOUDMANAGER_CLIENT_SECRET: 'mdb_sa_sk_9',
    });
    expect(sa.upstreams.cloudmanager).toMatchObject({
      baseUrl: 'https://cm.example.gov',
      auth: { kind: 'oauth', clientId: 'mdb_sa_id_9' },
    });
    // Cloud Manager alone: the other two stay unconfigured, nothing is simulated.
    expect(sa.upstreams.cloud).toBeNull();
    expect(sa.simulated).toBe(false);
  });

  it('reads ATLAS_API_VERSION (v2 by default, v1.0 for older Cloud installations)', () => {
    const v1 = parseEnv({
      CLOUD_PUBLIC_KEY: 'p',
      CLOUD_PRIVATE_KEY: 'q',
      ATLAS_API_VERSION: 'v1.0',
    });
    expect(v1.atlasApiVersion).toBe('v1.0');
    expect(v1.upstreams.cloud?.atlasApiVersion).toBe('v1.0');
    expect(parseEnv({}).atlasApiVersion).toBe('v2');
  });

  it("reads the simulated upstream's migration timings and rate limit", () => {
    const c = parseEnv({
      SIM_MIGRATION_VALIDATION_MS: '500',
      SIM_MIGRATION_NEW_MS: '1000',
      SIM_MIGRATION_CATCHUP_MS: '8000',
      SIM_MIGRATION_CUTOVER_MS: '700',
      SIM_CUTOVER_WINDOW_S: '90',
      SIM_RATE_LIMIT_PER_MIN: '500',
    });
    expect(c.sim).toMatchObject({
      validationMs: 500,
      migrationNewMs: 1000,
      migrationCatchUpMs: 8000,
      migrationCutoverMs: 700,
      cutoverWindowMs: 90_000,
      rateLimitPerMin: 500,
    });
    expect(parseEnv({}).sim.cutoverWindowMs).toBeUndefined();
  });

  it('treats empty values as unset', () => {
    expect(parseEnv({ OPSMANAGER_URL: '', PORT: '' })).toMatchObject({
      simulated: true,
      port: 8080,
    });
  });

  it.each([
    [
      { OPSMANAGER_URL: 'https://om' },
      ['OPSMANAGER_PUBLIC_KEY is missing', 'OPSMANAGER_PRIVATE_KEY is missing'],
    ],
    [{ OPSMANAGER_PUBLIC_KEY: 'a', OPSMANAGER_PRIVATE_KEY: 'b' }, ['OPSMANAGER_URL is missing']],
    [{ ...OM, OPSMANAGER_URL: 'om.example.com' }, ['OPSMANAGER_URL is not a URL']],
    [{ ...OM, OPSMANAGER_URL: 'ftp://om' }, ['OPSMANAGER_URL must start with http']],
    [{ ...OM, OPSMANAGER_URL: 'https://u:p@om' }, ['OPSMANAGER_URL must not contain a user']],
    [{ ...OM, OPSMANAGER_URL: 'https://om?x=1' }, ['OPSMANAGER_URL must not contain a query']],
    [{ CLOUD_URL: 'https://cloud.mongodb.com' }, ['CLOUD_URL is set without credentials']],
    [{ CLOUD_PUBLIC_KEY: 'a' }, ['CLOUD_PRIVATE_KEY is missing']],
    [{ CLOUD_CLIENT_ID: 'a' }, ['CLOUD_CLIENT_SECRET is missing']],
    [
      {
        CLOUD_PUBLIC_KEY: 'a',
        CLOUD_PRIVATE_KEY: 'b',
        CLOUD_CLIENT_ID: 'c',
        CLOUD_CLIENT_SECRET: 'd',
      },
      ['either CLOUD_PUBLIC_KEY'],
    ],
    [
      { CLOUDMANAGER_URL: 'https://cloud.mongodb.com' },
      ['CLOUDMANAGER_URL is set without credentials'],
    ],
    [{ CLOUDMANAGER_PUBLIC_KEY: 'a' }, ['CLOUDMANAGER_PRIVATE_KEY is missing']],
    [{ CLOUDMANAGER_CLIENT_SECRET: 'a' }, ['CLOUDMANAGER_CLIENT_ID is missing']],
    [
      { CLOUDMANAGER_PUBLIC_KEY: 'a', CLOUDMANAGER_PRIVATE_KEY: 'b', CLOUDMANAGER_CLIENT_ID: 'c' },
      ['either CLOUDMANAGER_PUBLIC_KEY'],
    ],
    [
      {
        CLOUDMANAGER_URL: 'cloud.mongodb.com',
        CLOUDMANAGER_PUBLIC_KEY: 'a',
        CLOUDMANAGER_PRIVATE_KEY: 'b',
      },
      ['CLOUDMANAGER_URL is not a URL'],
    ],
    [{ ATLAS_API_VERSION: 'v3' }, ['ATLAS_API_VERSION must be v2 or v1.0']],
    [{ ATLAS_API_VERSION: '2023-01-01' }, ['ATLAS_API_VERSION must be v2 or v1.0']],
    [{ SIM_CUTOVER_WINDOW_S: '0' }, ['SIM_CUTOVER_WINDOW_S must be at least 1']],
    [{ SIM_RATE_LIMIT_PER_MIN: 'lots' }, ['SIM_RATE_LIMIT_PER_MIN must be a whole number']],
    [{ PORT: '70000' }, ['PORT must be at most 65535']],
    [{ PORT: 'eighty' }, ['PORT must be a whole number']],
    [{ UPSTREAM_TIMEOUT_MS: '10' }, ['UPSTREAM_TIMEOUT_MS must be at least 100']],
    [{ LOG_LEVEL: 'loud' }, ['LOG_LEVEL must be one of']],
    [{ HOST: '0.0.0.0' }, ['0.0.0.0']],
    [{ POLL_FAST_MS: '5000', POLL_SLOW_MS: '2000' }, ['POLL_SLOW_MS must not be shorter']],
    [
      { UPSTREAM_CA_FILE: '/nonexistent/ca.pem' },
      ['UPSTREAM_CA_FILE (/nonexistent/ca.pem) cannot be read'],
    ],
  ])('stops on %j, naming the setting', (env, expected) => {
    const found = problems(env as Record<string, string>);
    for (const e of expected)
      expect(found.some((p) => p.startsWith(e) || p.includes(e))).toBe(true);
  });

  it('lists every problem at once and never echoes a secret', () => {
    const secret = 'very secret value with spaces';
    const found = problems({
      OPSMANAGER_URL: 'nope',
      OPSMANAGER_PUBLIC_KEY: 'k',
      OPSMANAGER_PRIVATE_KEY: secret,
      CLOUD_CLIENT_SECRET: 'another-secret-xyz',
      CLOUDMANAGER_PRIVATE_KEY: 'cm secret with spaces',
      PORT: '-1',
    });
    expect(found.join('\n')).not.toContain('cm secret with spaces');
    expect(found.length).toBeGreaterThanOrEqual(4);
    expect(found.join('\n')).not.toContain(secret);
    expect(found.join('\n')).not.toContain('another-secret-xyz');
    expect(found).toContain('OPSMANAGER_PRIVATE_KEY contains whitespace (check quoting in .env)');
  });

  it('reads a PEM CA file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orglink-ca-'));
    const pem = join(dir, 'ca.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(parseEnv({ ...OM, UPSTREAM_CA_FILE: pem }).upstreamCa).toContain('BEGIN CERTIFICATE');
    writeFileSync(pem, 'not a certificate');
    expect(problems({ ...OM, UPSTREAM_CA_FILE: pem })[0]).toContain('holds no PEM certificate');
  });
  it('reads the server deadlines and caps; the stop grace outlasts an upstream call', () => {
    expect(parseEnv({}).limits).toEqual({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      maxConnections: 1000,
      maxConnectionsPerAddress: 100,
      shutdownGraceMs: 20_000,
    });
    expect(
      parseEnv({
        REQUEST_TIMEOUT_MS: '5000',
        HEADERS_TIMEOUT_MS: '2000',
        MAX_CONNECTIONS: '50',
        MAX_CONNECTIONS_PER_ADDRESS: '0',
        UPSTREAM_TIMEOUT_MS: '3000',
      }).limits,
    ).toEqual({
      requestTimeoutMs: 5000,
      headersTimeoutMs: 2000,
      maxConnections: 50,
      maxConnectionsPerAddress: 0,
      shutdownGraceMs: 8000,
    });
    expect(problems({ HEADERS_TIMEOUT_MS: '40000' })).toEqual([
      'HEADERS_TIMEOUT_MS must not be longer than REQUEST_TIMEOUT_MS',
    ]);
    expect(problems({ UPSTREAM_TIMEOUT_MS: '20000', SHUTDOWN_GRACE_MS: '10000' })).toEqual([
      'SHUTDOWN_GRACE_MS must be at least UPSTREAM_TIMEOUT_MS, so in-flight changes can finish when the proxy stops',
    ]);
    expect(problems({ MAX_CONNECTIONS: '0' })).toEqual(['MAX_CONNECTIONS must be at least 1']);
  });
});

describe('parseEnv: the database and the fleet sweeper (issue 10)', () => {
  it('defaults: embedded database in ./data, a sweep every 5 minutes, 4 at a time, 90 days', () => {
    const c = parseEnv({});
    expect(c.store).toEqual({ databaseUrl: null, dataDir: join(process.cwd(), 'data') });
    expect(c.fleet).toEqual({
      sweepIntervalMs: 300_000,
      sweepConcurrency: 4,
      historyRetentionDays: 90,
    });
  });

  it('reads DATABASE_URL, DATA_DIR, SWEEP_INTERVAL like SESSION_TTL (30s, 5m, 2h)', () => {
    const c = parseEnv({
      DATABASE_URL: 'postgres://orglink:pw@db:5432/orglink',
      DATA_DIR: '/var/lib/orglink',
      SWEEP_INTERVAL: '30s',
      SWEEP_CONCURRENCY: '8',
      HISTORY_RETENTION_DAYS: '400',
    });
    expect(c.store).toEqual({
      databaseUrl: 'postgres://orglink:pw@db:5432/orglink',
      dataDir: '/var/lib/orglink',
    });
    expect(c.fleet).toEqual({
      sweepIntervalMs: 30_000,
      sweepConcurrency: 8,
      historyRetentionDays: 400,
    });
    expect(parseEnv({ SWEEP_INTERVAL: '2h' }).fleet.sweepIntervalMs).toBe(7_200_000);
  });

  it('refuses bad values naming the setting, never echoing DATABASE_URL', () => {
    const found = problems({
      DATABASE_URL: 'mysql://orglink:hunter2@db/orglink',
      SWEEP_INTERVAL: '10s',
      SWEEP_CONCURRENCY: '0',
      HISTORY_RETENTION_DAYS: 'forever',
    });
    expect(found).toEqual([
      'SWEEP_INTERVAL must be a duration between 30s and 24h, e.g. 5m',
      'SWEEP_CONCURRENCY must be at least 1',
      'HISTORY_RETENTION_DAYS must be a whole number',
      'DATABASE_URL must start with postgres:// or postgresql://',
    ]);
    expect(problems({ DATABASE_URL: 'hunter2 not a url' })).toEqual([
      'DATABASE_URL is not a URL (expected postgres://USER:PASSWORD@HOST:5432/DATABASE)',
    ]);
    expect(problems({ SWEEP_INTERVAL: '5 minutes' })).toEqual([
      'SWEEP_INTERVAL must be a duration between 30s and 24h, e.g. 5m',
    ]);
  });
});
