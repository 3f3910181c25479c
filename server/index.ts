// Entry point: load `.env`, parse the settings (stop with a clear message when they are wrong),
// start the simulated upstream when no real one is configured, listen.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import { UPSTREAMS, UPSTREAM_LABELS } from '#contract/route-table';
import { buildApp, createUpstreamClients } from './app';
import { createAccess, type Access } from './access/access';
import { closeGracefully } from './connections';
import { ConfigError, parseEnv, type Config } from './env';
import { systemClock } from './fleet/clock';
import { Sweeper } from './fleet/sweeper';
import { fleetSources } from './fleet/upstream-source';
import { MigrationPoller } from './live-migrations/poller';
import { UpstreamMigrationSource } from './live-migrations/source';
import { cutoverWindowFor } from './live-migrations/window';
import { withSimulatedUpstream, type SimulatedSetup } from './simulated';
import { describeStore, openStore, type Store } from './store/connect';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function describe(config: Config, url: string): string {
  const lines = [`Orglink Console is serving ${url}`];
  for (const name of UPSTREAMS) {
    const s = config.upstreams[name];
    const label = UPSTREAM_LABELS[name].padEnd(14);
    if (!s) lines.push(`  ${label} not configured (its pages will say so)`);
    else {
      const kind = s.auth.kind === 'digest' ? 'HTTP Digest' : 'OAuth service account';
      const sim = s.simulated ? 'SIMULATED upstream, fake data, demo keys' : 'real upstream';
      lines.push(`  ${label} ${s.baseUrl} (${kind}; ${sim})`);
    }
  }
  if (config.simulated) {
    lines.push(
      '  No OPSMANAGER_*, CLOUDMANAGER_* or CLOUD_* settings: using the in-process simulated upstream.',
      '  Set them (docs/configuration.md) to manage a real Ops Manager, Cloud Manager and MongoDB Cloud.',
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  loadDotenv({ path: resolve(ROOT, '.env'), quiet: true });
  let config: Config;
  try {
    config = parseEnv(process.env, { defaultStaticDir: resolve(ROOT, 'dist') });
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }

  let closeSim: (() => Promise<void>) | null = null;
  if (config.simulated) {
    let setup: SimulatedSetup;
    try {
      setup = await withSimulatedUpstream(config);
    } catch (e) {
      // The fakes (mocks/, msw) are development dependencies: absent after `npm prune --omit=dev`.
      if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw e;
      console.error(
        'No upstream is configured, so the proxy would start the simulated upstream, but the ' +
          'development dependencies it needs are not installed. Set OPSMANAGER_URL and the other ' +
          'upstream settings (docs/configuration.md) to use real upstreams, or run `npm install` ' +
          'for the demo.',
      );
      process.exit(1);
    }
    config = setup.config;
    closeSim = () => setup.sim.close();
  }

  // The database: migrated before anything uses it; a second process on the same embedded
  // database, an unreachable server or a schema newer than this code stop start-up here.
  let store: Store;
  try {
    store = await openStore({
      databaseUrl: config.store.databaseUrl,
      dataDir: config.store.dataDir,
      onPoolError: (e) => console.error(`Database connection failed: ${e.message}`),
    });
  } catch (e) {
    console.error(`Cannot start: ${e instanceof Error ? e.message : String(e)}`);
    await closeSim?.();
    process.exit(1);
  }

  // Sign-in, roles and the audit log (the database, and the AUDIT_LOG file by default): a broken
  // USERS_FILE, an unwritable AUDIT_LOG or unreadable sign-outs stop start-up.
  let access: Access;
  try {
    access = createAccess({ auth: config.auth, simulated: config.simulated, store });
    access.audit.open();
    await access.start();
  } catch (e) {
    console.error(`Cannot start: ${e instanceof Error ? e.message : String(e)}`);
    await store.close();
    await closeSim?.();
    process.exit(1);
  }

  const clients = createUpstreamClients(config);
  let sweeper: Sweeper | null = null;
  let poller: MigrationPoller | null = null;
  const app = buildApp(config, {
    access,
    clients,
    fleet: {
      store,
      sweepIntervalMs: config.fleet.sweepIntervalMs,
      wake: () => sweeper?.wake(),
    },
    liveMigrations: {
      store,
      pollIntervalMs: config.liveMigrations.pollIntervalMs,
      cutoverWindowMs: cutoverWindowFor(config),
      wake: () => poller?.wake(),
    },
  });
  sweeper = new Sweeper({
    store,
    sources: fleetSources(clients, systemClock),
    intervalMs: config.fleet.sweepIntervalMs,
    concurrency: config.fleet.sweepConcurrency,
    retentionDays: config.fleet.historyRetentionDays,
    log: app.log,
  });
  poller = new MigrationPoller({
    store,
    source: clients.cloud ? new UpstreamMigrationSource(clients.cloud, systemClock) : null,
    intervalMs: config.liveMigrations.pollIntervalMs,
    log: app.log,
  });
  let stopping = false;
  // Graceful (connections.ts): stop the sweeper and accepting, let in-flight changes finish and be
  // recorded, then close the database and exit; after SHUTDOWN_GRACE_MS (≥ UPSTREAM_TIMEOUT_MS)
  // whatever is left is cut off.
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal, graceMs: config.limits.shutdownGraceMs }, 'stopping');
    // Stop accepting at once; the sweeper stops beside it (its calls are bounded by the same
    // upstream deadline); the database closes when both are done.
    const sweeperStopped = Promise.all([
      (sweeper?.stop() ?? Promise.resolve()).catch((err: unknown) =>
        app.log.warn({ err }, 'stopping the fleet sweeper failed'),
      ),
      (poller?.stop() ?? Promise.resolve()).catch((err: unknown) =>
        app.log.warn({ err }, 'stopping the migration poller failed'),
      ),
    ]);
    void closeGracefully(app, config.limits.shutdownGraceMs)
      .then((how) => app.log.info({ how }, 'stopped'))
      .then(() => sweeperStopped)
      .then(() => access.stop())
      .then(() => store.close())
      .then(() => closeSim?.())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (e) {
    const code = (e as { code?: string }).code;
    console.error(
      code === 'EADDRINUSE'
        ? `PORT ${config.port} on ${config.host} is already in use; set PORT to another port.`
        : `Cannot listen on ${config.host}:${config.port}: ${(e as Error).message}`,
    );
    await access.stop();
    await store.close();
    await closeSim?.();
    process.exit(1);
  }
  sweeper.start();
  poller.start();
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const minutes = config.fleet.sweepIntervalMs / 60_000;
  const storeLines = [
    `Database: ${describeStore(store.description)}, schema version ${store.schemaVersion}`,
    `Fleet sweep every ${minutes >= 1 ? `${minutes} min` : `${config.fleet.sweepIntervalMs / 1000} s`}, ` +
      `${config.fleet.sweepConcurrency} checks at a time; history kept ${config.fleet.historyRetentionDays} days`,
    `Live migrations polled every ${config.liveMigrations.pollIntervalMs / 1000} s while active`,
  ];
  const banner = [
    describe(config, `http://${host}:${port}`),
    ...access.describe().map((l) => `  ${l}`),
    ...storeLines.map((l) => `  ${l}`),
  ].join('\n');
  for (const line of storeLines) app.log.info({ store: store.description }, line);
  for (const line of access.describe()) app.log.info(line);
  app.log.info({ simulated: config.simulated }, banner.split('\n')[0] ?? '');
  if (['info', 'debug', 'trace'].includes(config.logLevel)) console.error(banner);

  // Learn early whether the upstreams answer (the Settings page shows it).
  for (const name of UPSTREAMS) void app.reachability.reachable(name, 0);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
