// The sweep's rate gate: a reserve of every window is left to people on the same key.
import { describe, expect, it } from 'vitest';
import type { Clock } from './clock';
import { RateGate } from './rate-gate';

const clock: Clock = { now: () => 0, sleep: () => Promise.resolve() };
const rate = (remaining: number) => ({
  retryAfterMs: null,
  remaining,
  limit: 100,
  resetMs: 10_000,
});

describe('RateGate', () => {
  it('runs freely while more than twice the reserve remains', () => {
    const gate = new RateGate({ clock, lowWater: 8 });
    gate.note(rate(21), false);
    expect(gate.spacing).toBe(0);
  });

  it('spreads only the calls above the reserve over the rest of the window', () => {
    const gate = new RateGate({ clock, lowWater: 8 });
    // Reserve 10 (10 % of 100): 15 left = 5 for the sweep over the 10 s left.
    gate.note(rate(15), false);
    expect(gate.spacing).toBe(2000);
    gate.note(rate(20), false);
    expect(gate.spacing).toBe(1000);
  });

  it('makes almost no calls once only the reserve is left', () => {
    const gate = new RateGate({ clock, lowWater: 8, maxSpacingMs: 10_000 });
    gate.note(rate(10), false);
    expect(gate.spacing).toBe(10_000);
    gate.note(rate(3), false);
    expect(gate.spacing).toBe(10_000);
  });
});
