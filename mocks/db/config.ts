// Settings of the fake store that tests and the simulated upstream may change.

export interface StoreConfig {
  /** How long a new link stays NOT_SYNCED before it reads SYNCED (wall clock, via Date.now). */
  linkSyncDelayMs: number;
}

export const DEFAULT_STORE_CONFIG: Readonly<StoreConfig> = Object.freeze({ linkSyncDelayMs: 6000 });

let config: StoreConfig = { ...DEFAULT_STORE_CONFIG };

export function configureStore(patch: Partial<StoreConfig>): void {
  if (patch.linkSyncDelayMs !== undefined) {
    if (!Number.isFinite(patch.linkSyncDelayMs) || patch.linkSyncDelayMs < 0) {
      throw new Error('linkSyncDelayMs must be a non-negative number');
    }
    config = { ...config, linkSyncDelayMs: patch.linkSyncDelayMs };
  }
}

export function getStoreConfig(): Readonly<StoreConfig> {
  return config;
}

export function resetStoreConfig(): void {
  config = { ...DEFAULT_STORE_CONFIG };
}
