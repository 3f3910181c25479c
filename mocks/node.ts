// The fakes for the jsdom unit tests (src/testing/setup-tests.ts): the proxy handlers on msw/node.
// Relative handler paths resolve against jsdom's location, where the SPA's calls go too.
import { setupServer } from 'msw/node';
import { resetStoreConfig, reset as resetStore, setStoreClock } from './db/store';
import { setMockLatency } from './handlers/operations';
import { resetLiveMigrationRegistry } from './handlers/live-migrations-proxy';
import { createProxyHandlers } from './handlers/proxy';
import { resetRateLimits } from './rate-limit';
import { resetScenarioState, setDefaultScenario } from './scenarios';

export const mockServer = setupServer(...createProxyHandlers());

/** Seeded data, default store config and clock, no default scenario, fresh counters. */
export function resetMocks(): void {
  resetStore();
  resetStoreConfig();
  setStoreClock(null);
  resetRateLimits();
  setDefaultScenario(null);
  resetScenarioState();
  setMockLatency(null);
  resetLiveMigrationRegistry();
}
