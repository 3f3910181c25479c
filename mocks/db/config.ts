// Settings of the fake store that tests and the simulated upstream may change (SIM_* variables).

export interface StoreConfig {
  /** How long a new link stays NOT_SYNCED before it reads SYNCED. */
  linkSyncDelayMs: number;
  /** How long a migration validation stays PENDING before SUCCESS or FAILED. */
  validationMs: number;
  /** How long a new migration reads NEW before WORKING. */
  migrationNewMs: number;
  /** How long a WORKING migration catches up (lag falling) until readyForCutover turns true. */
  migrationCatchUpMs: number;
  /** How long a cutover takes before the migration reads COMPLETE. */
  migrationCutoverMs: number;
  /** The cutover window after readyForCutover turns true; then EXPIRED (FACTS.md: 120 hours). */
  cutoverWindowMs: number;
  /**
   * Requests per minute per API key the simulated upstream allows before 429 RATE_LIMITED; null =
   * not enforced (MongoDB Cloud answers still carry RateLimit-* headers, limit 500 as recorded).
   */
  rateLimitPerMin: number | null;
}

export const CUTOVER_WINDOW_MS = 120 * 3600 * 1000;

export const DEFAULT_STORE_CONFIG: Readonly<StoreConfig> = Object.freeze({
  linkSyncDelayMs: 6000,
  validationMs: 3000,
  migrationNewMs: 4000,
  migrationCatchUpMs: 60_000,
  migrationCutoverMs: 5000,
  cutoverWindowMs: CUTOVER_WINDOW_MS,
  rateLimitPerMin: null,
});

let config: StoreConfig = { ...DEFAULT_STORE_CONFIG };

const DURATIONS = [
  'linkSyncDelayMs',
  'validationMs',
  'migrationNewMs',
  'migrationCatchUpMs',
  'migrationCutoverMs',
  'cutoverWindowMs',
] as const;

/** Changes some settings; a bad value throws and changes nothing. */
export function configureStore(patch: Partial<StoreConfig>): void {
  const next = { ...config };
  for (const name of DURATIONS) {
    const v = patch[name];
    if (v === undefined) continue;
    if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number`);
    next[name] = v;
  }
  if (patch.migrationCatchUpMs !== undefined && patch.migrationCatchUpMs < 1) {
    throw new Error('migrationCatchUpMs must be at least 1');
  }
  if (patch.rateLimitPerMin !== undefined) {
    const v = patch.rateLimitPerMin;
    if (v !== null && (!Number.isInteger(v) || v < 1)) {
      throw new Error('rateLimitPerMin must be a whole number of at least 1, or null');
    }
    next.rateLimitPerMin = v;
  }
  config = next;
}

export function getStoreConfig(): Readonly<StoreConfig> {
  return config;
}

export function resetStoreConfig(): void {
  config = { ...DEFAULT_STORE_CONFIG };
}
