// The one in-memory store behind every fake (browser worker, msw/node, simulated upstream).
import { seedCloud } from './cloud';
import { seedCloudManager } from './cloudmanager';
import { resetFakeFleet } from './fleet';
import { resetLedger } from './link-ledger';
import { resetMigrations } from './migrations';
import { seedOpsManager } from './opsmanager';
import { buildSeedData } from './seed-data';

export { configureStore, getStoreConfig, resetStoreConfig, type StoreConfig } from './config';
export { setStoreClock, storeNow } from './clock';

/** Loads the deterministic data set (mocks/db/seed-data.ts), replacing whatever is there. */
export function seed(): void {
  const data = buildSeedData();
  seedOpsManager(data);
  seedCloudManager(data);
  seedCloud(data);
  resetMigrations();
  resetFakeFleet();
  resetLedger();
}

/** Back to the seeded data. Keeps the store config (see resetStoreConfig). */
export function reset(): void {
  seed();
}

seed();
