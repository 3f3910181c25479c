// Scenarios on the upstream fakes (in-process): what each one changes, and what it leaves alone.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { operationIds, routes } from '#contract/route-table';
import { orgPageSchema, upstreamErrorSchema } from '#contract/schemas';
import { FIXTURE_IDS as F } from './db/fixtures';
import { setStoreClock } from './db/clock';
import { MANY_ORGS_TOTAL } from './db/opsmanager';
import { SAMPLE_CALLS, callUpstream, type CallInput } from './handlers/test-helpers';
import { resetMocks } from './node';
import {
  BURST_LIMIT,
  LIST_OPERATIONS,
  SCENARIOS,
  SCENARIO_DESCRIPTIONS,
  SCENARIO_HEADER,
  getDefaultScenario,
  migrationBehaviorFor,
  setDefaultScenario,
  type ScenarioName,
} from './scenarios';

beforeEach(() => resetMocks());
afterEach(() => vi.useRealTimers());

const with_ = (scenario: ScenarioName | 'none', input: CallInput = {}): CallInput => ({
  ...input,
  headers: { ...input.headers, [SCENARIO_HEADER]: scenario },
});

/** A valid call of every operation (IDs chosen so the normal answer would be a success). */
const VALID = SAMPLE_CALLS;

it('exports every scenario name with a description', () => {
  expect([...SCENARIOS].sort()).toEqual(Object.keys(SCENARIO_DESCRIPTIONS).sort());
  expect(SCENARIOS).toEqual(
    expect.arrayContaining([
      'slow',
      'upstream-down',
      'unauthorized',
      'forbidden',
      'rate-limited',
      'flapping',
      'many-orgs',
      'burst-limit',
    ]),
  );
});

describe('unauthorized', () => {
  it.each(operationIds)('%s → 401 without errorCode, with a Digest challenge', async (op) => {
    const res = await callUpstream(op, with_('unauthorized', VALID[op]));
    expect(res.status).toBe(401);
    const body = upstreamErrorSchema.parse(res.json);
    expect(body.errorCode).toBeUndefined();
    expect(body).toMatchObject({ error: 401, reason: 'Unauthorized', parameters: null });
    expect(res.headers.get('x-error-code')).toBeNull();
    expect(res.headers.get('www-authenticate')).toMatch(
      /^Digest realm="MMS Public API", domain="", nonce="[^"]+", algorithm=MD5, qop="auth", stale=false$/,
    );
  });
});

describe('forbidden', () => {
  it.each(operationIds)('%s', async (op) => {
    const res = await callUpstream(op, with_('forbidden', VALID[op]));
    if (LIST_OPERATIONS.includes(op)) {
      expect(res.status).toBe(200);
      return;
    }
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({
      error: 403,
      errorCode: 'USER_UNAUTHORIZED',
      reason: 'Forbidden',
    });
    expect((res.json as { detail: string }).detail).toContain('Organization Owner');
    expect(res.headers.get('x-error-code')).toBe('USER_UNAUTHORIZED');
  });

  it('changes nothing', async () => {
    await callUpstream('removeLink', with_('forbidden', VALID.removeLink));
    expect((await callUpstream('getLinkStatus', VALID.getLinkStatus)).json).toEqual({
      status: 'SYNCED',
    });
  });
});

describe('connect-forbidden', () => {
  it.each(['connectOrg', 'connectCloudManagerOrg'] as const)(
    '%s → 403 USER_UNAUTHORIZED with words about the source org',
    async (op) => {
      const res = await callUpstream(op, with_('connect-forbidden', VALID[op]));
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ errorCode: 'USER_UNAUTHORIZED' });
      expect((res.json as { detail: string }).detail).toContain('source organization');
    },
  );

  it('lets a link-token be made (the failure in the middle of Generate and connect)', async () => {
    const made = await callUpstream(
      'createLinkToken',
      with_('connect-forbidden', VALID.createLinkToken),
    );
    expect(made.status).toBe(201);
    expect((await callUpstream('listOrgs', with_('connect-forbidden'))).status).toBe(200);
  });
});

describe('rate-limited', () => {
  it.each(operationIds)('%s', async (op) => {
    const res = await callUpstream(op, with_('rate-limited', VALID[op]));
    if (LIST_OPERATIONS.includes(op)) {
      expect(res.status).toBe(200);
      return;
    }
    expect(res.status).toBe(429);
    expect(res.json).toMatchObject({ error: 429, errorCode: 'RATE_LIMITED', parameters: null });
    expect(res.headers.get('retry-after')).toBe('3');
    expect(res.headers.get('ratelimit-limit')).toMatch(/^\d+$/);
    expect(res.headers.get('ratelimit-remaining')).toBe('0');
    expect(res.headers.get('x-error-code')).toBe('RATE_LIMITED');
  });
});

describe('burst-limit', () => {
  it('lets 8 status calls per 2 s through, then 429 with a Retry-After that is right', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = new Date('2025-03-01T10:00:00Z').getTime();
    vi.setSystemTime(t0);
    const call = () => callUpstream('getLinkStatus', with_('burst-limit', VALID.getLinkStatus));
    for (let i = 0; i < BURST_LIMIT.max; i++) {
      vi.setSystemTime(t0 + i * 100); // 8 calls over 0.7 s
      expect((await call()).status).toBe(200);
    }
    vi.setSystemTime(t0 + 800);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ errorCode: 'RATE_LIMITED' });
    // The first call leaves the window at t0 + 2000: 1.2 s away → 2 whole seconds.
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    vi.setSystemTime(t0 + 1500);
    expect((await call()).headers.get('retry-after')).toBe('1');
    // Other operations are not limited.
    expect((await callUpstream('getOrg', with_('burst-limit', VALID.getOrg))).status).toBe(200);
    vi.setSystemTime(t0 + 2000);
    expect((await call()).status).toBe(200);
  });
});

describe('flapping', () => {
  it('alternates SYNCED / NOT_SYNCED per call for a linked org', async () => {
    const seen: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      seen.push((await callUpstream('getLinkStatus', with_('flapping', VALID.getLinkStatus))).json);
    }
    expect(seen).toEqual([
      { status: 'SYNCED' },
      { status: 'NOT_SYNCED' },
      { status: 'SYNCED' },
      { status: 'NOT_SYNCED' },
    ]);
    const unlinked = await callUpstream(
      'getLinkStatus',
      with_('flapping', { params: { orgId: F.opsOrgUnlinked } }),
    );
    expect(unlinked.status).toBe(404);
  });
});

describe('many-orgs', () => {
  it('lists 5,000 deterministic Ops Manager orgs in pages of up to 500', async () => {
    const first = orgPageSchema.parse(
      (await callUpstream('listOrgs', with_('many-orgs', { query: { itemsPerPage: 500 } }))).json,
    );
    expect(first.totalCount).toBe(MANY_ORGS_TOTAL);
    expect(first.results).toHaveLength(500);
    const last = orgPageSchema.parse(
      (
        await callUpstream(
          'listOrgs',
          with_('many-orgs', { query: { itemsPerPage: 500, pageNum: 10 } }),
        )
      ).json,
    );
    expect(last.results).toHaveLength(500);
    expect(last.links?.map((l) => l.rel)).toEqual(['self', 'previous']);
    const id = last.results[499]?.id ?? '';

    resetMocks();
    const again = orgPageSchema.parse(
      (
        await callUpstream(
          'listOrgs',
          with_('many-orgs', { query: { itemsPerPage: 500, pageNum: 10 } }),
        )
      ).json,
    );
    expect(again.results[499]?.id).toBe(id);
    // Without the scenario the list is the normal one.
    expect(orgPageSchema.parse((await callUpstream('listOrgs')).json).totalCount).toBeLessThan(100);
  });

  it('mixes link states among the generated orgs, reachable under the scenario only', async () => {
    const page = orgPageSchema.parse(
      (
        await callUpstream(
          'listOrgs',
          with_('many-orgs', { query: { itemsPerPage: 60, pageNum: 2 } }),
        )
      ).json,
    );
    const counts = { SYNCED: 0, NOT_SYNCED: 0, none: 0 };
    for (const org of page.results) {
      const res = await callUpstream(
        'getLinkStatus',
        with_('many-orgs', { params: { orgId: org.id } }),
      );
      if (res.status === 404) counts.none += 1;
      else counts[(res.json as { status: 'SYNCED' | 'NOT_SYNCED' }).status] += 1;
    }
    expect(counts.SYNCED).toBeGreaterThan(0);
    expect(counts.NOT_SYNCED).toBeGreaterThan(0);
    expect(counts.none).toBeGreaterThan(0);
    const extra = page.results[59]?.id ?? '';
    expect(
      (await callUpstream('getOrg', with_('many-orgs', { params: { orgId: extra } }))).status,
    ).toBe(200);
    expect((await callUpstream('getOrg', { params: { orgId: extra } })).status).toBe(404);
  });
});

describe('slow', () => {
  it('adds 2 s to an answer', async () => {
    vi.useFakeTimers();
    let done = false;
    const pending = callUpstream('getOrg', with_('slow', VALID.getOrg)).then((r) => {
      done = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(1900);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(done).toBe(true);
    expect((await pending).status).toBe(200);
  });
});

describe('upstream-down', () => {
  it('answers with a network error (no HTTP answer)', async () => {
    const res = await callUpstream('listOrgs', with_('upstream-down'));
    expect(res.response.type).toBe('error');
  });
});

describe('default scenario', () => {
  it('applies to requests without the header; the header (or "none") overrides it', async () => {
    setDefaultScenario('forbidden');
    expect(getDefaultScenario()).toBe('forbidden');
    expect((await callUpstream('getOrg', VALID.getOrg)).status).toBe(403);
    expect((await callUpstream('getOrg', with_('none', VALID.getOrg))).status).toBe(200);
    expect((await callUpstream('getOrg', with_('rate-limited', VALID.getOrg))).status).toBe(429);
    // An unknown name in the header falls back to the default.
    expect(
      (await callUpstream('getOrg', { ...VALID.getOrg, headers: { [SCENARIO_HEADER]: 'bogus' } }))
        .status,
    ).toBe(403);
    expect(() => setDefaultScenario('bogus' as ScenarioName)).toThrow();
    resetMocks();
    expect(getDefaultScenario()).toBeNull();
    expect((await callUpstream('getOrg', VALID.getOrg)).status).toBe(200);
  });
});

it('scenario errors come before ID checks (auth first, as real servers do)', async () => {
  const res = await callUpstream('getOrg', with_('forbidden', { params: { orgId: 'nope' } }));
  expect(res.status).toBe(403);
  expect(routes.getOrg.params).toEqual(['orgId']);
});

describe('migration scenarios', () => {
  it('change nothing but the migrations created under them', async () => {
    for (const name of [
      'migration-fails',
      'migration-lag-spike',
      'migration-window-short',
    ] as const) {
      for (const op of ['getOrg', 'listAvailableProjects', 'getCloudManagerLinkStatus'] as const) {
        expect((await callUpstream(op, with_(name, VALID[op]))).status).toBe(200);
      }
    }
    expect(migrationBehaviorFor('migration-fails')).toBe('fails');
    expect(migrationBehaviorFor('migration-lag-spike')).toBe('lag-spike');
    expect(migrationBehaviorFor('migration-window-short')).toBe('short-window');
    expect(migrationBehaviorFor('forbidden')).toBe('normal');
    expect(migrationBehaviorFor(null)).toBe('normal');
  });

  it('burst-limit and flapping act on Cloud Manager link status too', async () => {
    const seen: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      seen.push(
        (
          await callUpstream(
            'getCloudManagerLinkStatus',
            with_('flapping', VALID.getCloudManagerLinkStatus),
          )
        ).json,
      );
    }
    expect(seen).toEqual([{ status: 'SYNCED' }, { status: 'NOT_SYNCED' }]);
    // One instant of the store's clock: the burst window cannot slide under a slow machine.
    const t = Date.now();
    setStoreClock(() => t);
    for (let i = 0; i < BURST_LIMIT.max; i++) {
      await callUpstream('getLinkStatus', with_('burst-limit', VALID.getLinkStatus));
    }
    const limited = await callUpstream(
      'getCloudManagerLinkStatus',
      with_('burst-limit', VALID.getCloudManagerLinkStatus),
    );
    expect(limited.status).toBe(429);
  });
});
