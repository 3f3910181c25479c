import { ApiError } from '@/api/api-error';
import type { FleetOrg } from '#contract/fleet-contract';
import { rowStatusOf, type LiveCheck } from './board-rows';

const T = Date.parse('2026-01-10T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const fleet: FleetOrg = {
  upstream: 'opsmanager',
  orgId: '5f0000000000000000000001',
  name: 'Acme',
  status: 'NOT_SYNCED',
  statusSince: iso(T - 3_600_000),
  lastCheckedAt: iso(T),
  lastSuccessAt: iso(T),
  lastError: null,
};

function live(patch: Partial<LiveCheck>): LiveCheck {
  return { data: undefined, dataAt: 0, error: null, errorAt: 0, ...patch };
}

describe('rowStatusOf', () => {
  it("shows the server's record when this browser has not checked, or checked before it", () => {
    expect(rowStatusOf(fleet, undefined)).toEqual({
      status: 'NOT_SYNCED',
      label: undefined,
      known: 'NOT_SYNCED',
      since: T - 3_600_000,
      lastCheckedAt: T,
      error: null,
    });
    const older = live({
      data: { status: 'SYNCED', changedAt: null, previous: null },
      dataAt: T - 1,
    });
    expect(rowStatusOf(fleet, older).status).toBe('NOT_SYNCED');
  });

  it("lets this browser's newer answer win; a new status is new since then", () => {
    const same = live({
      data: { status: 'NOT_SYNCED', changedAt: null, previous: null },
      dataAt: T + 5_000,
    });
    expect(rowStatusOf(fleet, same)).toMatchObject({
      status: 'NOT_SYNCED',
      since: T - 3_600_000,
      lastCheckedAt: T + 5_000,
    });
    const changed = live({
      data: { status: 'SYNCED', changedAt: T + 4_000, previous: 'NOT_SYNCED' },
      dataAt: T + 5_000,
    });
    expect(rowStatusOf(fleet, changed)).toMatchObject({
      status: 'SYNCED',
      known: 'SYNCED',
      since: T + 4_000,
      lastCheckedAt: T + 5_000,
      error: null,
    });
  });

  it('a failed check shows as Check failed with why, and keeps the last status known', () => {
    const failed = live({
      data: { status: 'NOT_SYNCED', changedAt: null, previous: null },
      dataAt: T + 1_000,
      error: new ApiError({
        source: 'upstream',
        status: 429,
        errorCode: 'RATE_LIMITED',
        detail: 'Too many requests.',
      }),
      errorAt: T + 2_000,
    });
    expect(rowStatusOf(fleet, failed)).toMatchObject({
      status: 'ERROR',
      label: 'Check failed: rate limited',
      known: 'NOT_SYNCED',
      lastCheckedAt: T + 2_000,
      error: { code: 'RATE_LIMITED', detail: 'Too many requests.' },
    });
    // The server's own failed check reads the same way.
    const recorded: FleetOrg = {
      ...fleet,
      lastError: { code: 'UPSTREAM_UNREACHABLE', detail: 'No answer.', httpStatus: null },
    };
    expect(rowStatusOf(recorded, undefined)).toMatchObject({
      status: 'ERROR',
      label: 'Check failed: unreachable',
      known: 'NOT_SYNCED',
    });
  });

  it('an org never checked is Not checked, with no times', () => {
    const never: FleetOrg = {
      ...fleet,
      status: null,
      statusSince: null,
      lastCheckedAt: null,
      lastSuccessAt: null,
    };
    expect(rowStatusOf(never, undefined)).toMatchObject({
      status: 'UNCHECKED',
      known: null,
      since: null,
      lastCheckedAt: null,
    });
  });
});
