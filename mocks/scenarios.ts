// Named scenarios of the fakes. A request picks one with the `x-mock-scenario` header (Playwright
// sets it page-wide; the proxy forwards it to the simulated upstream only); otherwise the process-
// or page-wide default applies (setDefaultScenario; the browser takes it from `?scenario=`).
// Each scenario is narrow: see SCENARIO_DESCRIPTIONS for exactly what it changes.
import { SCENARIO_HEADER } from '#contract/proxy-contract';
import type { OperationId } from '#contract/route-table';
import { SHORT_WINDOW_MS, type MigrationBehavior } from './db/migrations';

export { SCENARIO_HEADER };

export const SCENARIOS = [
  'slow',
  'upstream-down',
  'unauthorized',
  'forbidden',
  'rate-limited',
  'burst-limit',
  'flapping',
  'many-orgs',
  'migration-fails',
  'migration-lag-spike',
  'migration-window-short',
  'connect-forbidden',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const SCENARIO_DESCRIPTIONS: Record<ScenarioName, string> = {
  slow: 'every answer takes 2 s longer',
  'upstream-down':
    'the upstream does not answer: the proxy fakes answer 502 UPSTREAM_UNREACHABLE, the simulated upstream drops the connection',
  unauthorized: 'every call gets 401 with no errorCode (a wrong API key)',
  forbidden: 'every call but listing orgs gets 403 USER_UNAUTHORIZED (no Organization Owner role)',
  'rate-limited': 'every call but listing orgs gets 429 RATE_LIMITED, Retry-After: 3',
  'burst-limit': 'link status calls: the first 8 per 2 s pass, the rest get 429 with Retry-After',
  flapping: 'link status of a linked org alternates SYNCED / NOT_SYNCED on each call',
  'many-orgs': 'Ops Manager lists 5,000 orgs (a mix of link states)',
  'migration-fails':
    'a migration started under it turns FAILED half-way through its catch-up (read with any scenario)',
  'migration-lag-spike':
    'a migration started under it: lag rises sharply mid-way through its catch-up, then falls again',
  'migration-window-short': `a migration started under it has a cutover window of ${SHORT_WINDOW_MS / 1000} s, then EXPIRED`,
  'connect-forbidden':
    'connecting a source org (either product) gets 403 USER_UNAUTHORIZED; every other call as normal (a link-token can still be made: the failure in the middle of Generate and connect)',
};

/**
 * Scenarios that act once, when a migration is created: the migration keeps the behaviour for
 * life, so the server's own polling (which sends no scenario) sees it too.
 */
export const MIGRATION_SCENARIOS = {
  'migration-fails': 'fails',
  'migration-lag-spike': 'lag-spike',
  'migration-window-short': 'short-window',
} as const satisfies Partial<Record<ScenarioName, MigrationBehavior>>;

/** How a migration created under `scenario` behaves for life. */
export function migrationBehaviorFor(scenario: ScenarioName | null): MigrationBehavior {
  return scenario !== null && scenario in MIGRATION_SCENARIOS
    ? MIGRATION_SCENARIOS[scenario as keyof typeof MIGRATION_SCENARIOS]
    : 'normal';
}

/** Delay the slow scenario adds. */
export const SLOW_DELAY_MS = 2000;
/** The rate-limited scenario's Retry-After (seconds). */
export const RATE_LIMITED_RETRY_AFTER_S = 3;
/** The burst-limit scenario's sliding window: `max` status calls per `windowMs`. */
export const BURST_LIMIT = Object.freeze({ max: 8, windowMs: 2000 });

/** Operations that need no Organization Owner role and are never rate-limited by a scenario. */
export const LIST_OPERATIONS: readonly OperationId[] = [
  'listOrgs',
  'listCloudOrgs',
  'listCloudManagerOrgs',
];

/** The connect operations of both source products (connect-forbidden acts on these). */
export const CONNECT_OPERATIONS: readonly OperationId[] = ['connectOrg', 'connectCloudManagerOrg'];

/** The link status operations (burst-limit and flapping act on these). */
export const STATUS_OPERATIONS: readonly OperationId[] = [
  'getLinkStatus',
  'getCloudManagerLinkStatus',
];

export function isScenario(value: unknown): value is ScenarioName {
  return typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value);
}

let defaultScenario: ScenarioName | null = null;

/** The scenario for requests without the header; null = normal behaviour. */
export function setDefaultScenario(name: ScenarioName | null): void {
  if (name !== null && !isScenario(name)) throw new Error(`Unknown scenario "${String(name)}"`);
  defaultScenario = name;
}

export function getDefaultScenario(): ScenarioName | null {
  return defaultScenario;
}

/** The header wins (`none` turns a default off for one request); unknown names are ignored. */
export function scenarioFor(headers: Headers): ScenarioName | null {
  const value = headers.get(SCENARIO_HEADER)?.trim();
  if (value === 'none') return null;
  return isScenario(value) ? value : defaultScenario;
}

// Per-process state of the stateful scenarios.
let burstHits: number[] = [];
const flapCounts = new Map<string, number>();

/**
 * burst-limit: records one status call. Returns null when it may pass, else the whole seconds to
 * wait until the oldest counted call leaves the window (only calls that passed are counted).
 */
export function takeBurstSlot(now = Date.now()): number | null {
  burstHits = burstHits.filter((t) => now - t < BURST_LIMIT.windowMs);
  if (burstHits.length < BURST_LIMIT.max) {
    burstHits.push(now);
    return null;
  }
  const oldest = burstHits[0] ?? now;
  return Math.max(1, Math.ceil((oldest + BURST_LIMIT.windowMs - now) / 1000));
}

/** flapping: true on the 1st, 3rd, … status call of an org (SYNCED), false in between. */
export function nextFlap(orgId: string): boolean {
  const n = flapCounts.get(orgId) ?? 0;
  flapCounts.set(orgId, n + 1);
  return n % 2 === 0;
}

/** Forgets the burst window and flap counters. */
export function resetScenarioState(): void {
  burstHits = [];
  flapCounts.clear();
}
