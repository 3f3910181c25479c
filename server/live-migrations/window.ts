// How long the cutover window of a new migration is, as this console assumes it: the API does not
// say when it ends (FACTS.md: 120 hours from readyForCutover, extendable only in the Atlas UI).
// Against the simulated upstream the window follows its settings (SIM_CUTOVER_WINDOW_S) and the
// `migration-window-short` scenario (mocks/README.md), so demos and tests see the real behaviour.
import { CUTOVER_WINDOW_MS } from '#contract/live-migrations-contract';
import type { Config } from '../env';

/** The simulated upstream's short window (mocks/db/migrations.ts SHORT_WINDOW_MS; a test checks). */
export const SIMULATED_SHORT_WINDOW_MS = 15_000;

export function cutoverWindowFor(
  config: Pick<Config, 'simulated' | 'sim'>,
): (scenario: string | undefined) => number {
  const base = config.simulated
    ? (config.sim.cutoverWindowMs ?? CUTOVER_WINDOW_MS)
    : CUTOVER_WINDOW_MS;
  return (scenario) =>
    config.simulated && scenario === 'migration-window-short'
      ? Math.min(SIMULATED_SHORT_WINDOW_MS, base)
      : base;
}
