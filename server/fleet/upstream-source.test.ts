// The Ops Manager fleet source over the proxy's UpstreamClient, against the simulated upstream
// (real HTTP, Digest): listing, statuses, the upstream's errors and rate limit in the fleet's
// words. (A whole sweep of the simulated fleet: routes.test.ts, which has a database open.)
import { createServer } from 'node:net';
import { buildSeedData } from '../../mocks/db/seed-data';
import { FIXTURE_IDS } from '../../mocks/db/fixtures';
import { createUpstreamClients } from '../app';
import { withSimulatedUpstream, type SimulatedSetup } from '../simulated';
import { digestUpstream, testConfig } from '../testing/harness';
import { UpstreamClient } from '../upstream-client';
import { systemClock } from './clock';
import { parseRateHints } from './source';
import { UpstreamFleetSource } from './upstream-source';

const seed = buildSeedData();

async function simulated(
  scenario?: string,
): Promise<{ setup: SimulatedSetup; source: UpstreamFleetSource; close: () => Promise<void> }> {
  const setup = await withSimulatedUpstream(testConfig(), scenario ? { scenario } : {});
  const clients = createUpstreamClients(setup.config);
  const source = new UpstreamFleetSource(clients.opsmanager!, { clock: systemClock });
  return {
    setup,
    source,
    close: async () => {
      await clients.opsmanager?.close();
      await clients.cloud?.close();
      await setup.sim.close();
    },
  };
}

describe('parseRateHints', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  it('reads Retry-After in seconds or as a date, and RateLimit-* (also X-RateLimit-*)', () => {
    expect(
      parseRateHints(
        {
          'retry-after': '3',
          'ratelimit-remaining': '0',
          'ratelimit-limit': '100',
          'ratelimit-reset': '42',
        },
        now,
      ),
    ).toEqual({
      retryAfterMs: 3000,
      remaining: 0,
      limit: 100,
      resetMs: 42_000,
    });
    expect(
      parseRateHints({ 'retry-after': 'Sun, 01 Mar 2026 10:00:05 GMT' }, now).retryAfterMs,
    ).toBe(5000);
    expect(
      parseRateHints(
        { 'x-ratelimit-remaining': '7', 'x-ratelimit-reset': String(now / 1000 + 30) },
        now,
      ),
    ).toMatchObject({
      remaining: 7,
      resetMs: 30_000,
    });
    expect(parseRateHints({ 'retry-after': 'soon', 'ratelimit-remaining': '-1' }, now)).toEqual({
      retryAfterMs: null,
      remaining: null,
      limit: null,
      resetMs: null,
    });
  });
});

describe('the Ops Manager fleet source', () => {
  it('lists the orgs and reads each link status as the upstream tells it', async () => {
    const sim = await simulated();
    try {
      const page = await sim.source.listOrgs(1);
      if (page.kind !== 'ok') throw new Error(page.error.detail);
      expect(page.value.orgs.map((o) => o.id).sort()).toEqual(seed.opsOrgs.map((o) => o.id).sort());
      expect(page.value.totalCount).toBe(seed.opsOrgs.length);
      for (const [id, status] of [
        [FIXTURE_IDS.opsOrgSynced, 'SYNCED'],
        [FIXTURE_IDS.opsOrgNotSynced, 'NOT_SYNCED'],
        [FIXTURE_IDS.opsOrgUnlinked, 'NOT_LINKED'],
      ] as const) {
        expect(await sim.source.readLinkStatus(id)).toMatchObject({ kind: 'ok', value: status });
      }
    } finally {
      await sim.close();
    }
  });

  it('a 429 is rate-limited with its Retry-After; a 403 is the upstream error in its words', async () => {
    const limited = await simulated('rate-limited');
    try {
      expect(await limited.source.readLinkStatus(FIXTURE_IDS.opsOrgSynced)).toMatchObject({
        kind: 'rate-limited',
        error: { code: 'RATE_LIMITED', httpStatus: 429 },
        rate: { retryAfterMs: 3000, remaining: 0 },
      });
    } finally {
      await limited.close();
    }
    const forbidden = await simulated('forbidden');
    try {
      const answer = await forbidden.source.readLinkStatus(FIXTURE_IDS.opsOrgSynced);
      expect(answer).toMatchObject({
        kind: 'failed',
        error: { code: 'USER_UNAUTHORIZED', httpStatus: 403 },
      });
    } finally {
      await forbidden.close();
    }
  });

  it("an upstream that does not answer: the proxy's own error, no HTTP status", async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const client = new UpstreamClient(
      digestUpstream('opsmanager', `http://127.0.0.1:${port}`, 'k', 's'),
      { timeoutMs: 2000 },
    );
    try {
      const answer = await new UpstreamFleetSource(client, { clock: systemClock }).readLinkStatus(
        FIXTURE_IDS.opsOrgSynced,
      );
      expect(answer).toMatchObject({
        kind: 'failed',
        error: { code: 'UPSTREAM_UNREACHABLE', httpStatus: null },
      });
      if (answer.kind === 'failed') expect(answer.error.detail).toContain('connection refused');
    } finally {
      await client.close();
    }
  });
});
