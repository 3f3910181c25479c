import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { FIXTURE_IDS } from '../../../mocks/db/fixtures';
import { mockServer } from '../../../mocks/node';
import { ApiError } from '../api-error';
import { DEFAULT_POLL_INTERVALS_MS } from '#contract/proxy-contract';
import { routerPath, routes } from '#contract/route-table';
import {
  consecutiveErrors,
  findLinkStatusQuery,
  linkBadgeStatus,
  linkPollDelay,
  linkStatusQueries,
  nextLinkObservation,
  orgOfLinkStatusKey,
  type LinkObservation,
} from './link-status';

const statusPath = routerPath(routes.getLinkStatus, 'proxy');
const NOW = 1_700_000_000_000;
/** What POLL_FAST_MS=10000 / POLL_SLOW_MS=60000 serve through /api/config. */
const CONFIGURED = { fast: 10_000, slow: 60_000 };
const status = (orgId: string) =>
  linkStatusQueries.status('opsmanager', orgId, DEFAULT_POLL_INTERVALS_MS);

function newClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } });
}

function countStatusRequests() {
  const seen: string[] = [];
  mockServer.events.on('request:start', ({ request }) => {
    if (new URL(request.url).pathname.endsWith('/migrationLink/status')) seen.push(request.url);
  });
  return seen;
}

afterEach(() => mockServer.events.removeAllListeners());

describe('linkPollDelay', () => {
  const base = { changedAt: null, error: null, consecutiveErrors: 0, now: NOW };

  it('polls at the configured fast interval while NOT_SYNCED, slowly once SYNCED or not linked', () => {
    expect(linkPollDelay({ ...base, status: 'NOT_SYNCED' }, CONFIGURED)).toBe(10_000);
    expect(linkPollDelay({ ...base, status: 'SYNCED' }, CONFIGURED)).toBe(60_000);
    expect(linkPollDelay({ ...base, status: 'NOT_LINKED' }, CONFIGURED)).toBe(60_000);
    // Unconfigured: the proxy's defaults, 3 s and 30 s.
    expect(linkPollDelay({ ...base, status: 'NOT_SYNCED' }, DEFAULT_POLL_INTERVALS_MS)).toBe(3_000);
    expect(linkPollDelay({ ...base, status: 'SYNCED' }, DEFAULT_POLL_INTERVALS_MS)).toBe(30_000);
  });

  it('polls fast for about 30 s after a change, then slowly', () => {
    const justChanged = { ...base, status: 'SYNCED' as const, changedAt: NOW - 10_000 };
    expect(linkPollDelay(justChanged, CONFIGURED)).toBe(CONFIGURED.fast);
    expect(linkPollDelay({ ...justChanged, changedAt: NOW - 31_000 }, CONFIGURED)).toBe(
      CONFIGURED.slow,
    );
  });

  it('backs off exponentially on errors, up to a ceiling', () => {
    const error = new ApiError({ source: 'upstream', status: 500, detail: 'boom' });
    const delays = [1, 2, 3, 4, 5, 6, 10].map((n) =>
      linkPollDelay({ ...base, status: 'NOT_SYNCED', error, consecutiveErrors: n }, CONFIGURED),
    );
    expect(delays).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 120_000, 120_000]);
  });

  it("waits a 429's Retry-After", () => {
    const error = new ApiError({
      source: 'upstream',
      status: 429,
      detail: 'slow down',
      retryAfter: 7,
    });
    expect(
      linkPollDelay({ ...base, status: 'NOT_SYNCED', error, consecutiveErrors: 1 }, CONFIGURED),
    ).toBe(7_000);
  });
});

describe('nextLinkObservation', () => {
  it('records when and from what the status changed, and nothing on the first answer', () => {
    const first = nextLinkObservation(undefined, 'NOT_LINKED', NOW);
    expect(first).toEqual({ status: 'NOT_LINKED', changedAt: null, previous: null });
    const same = nextLinkObservation(first, 'NOT_LINKED', NOW + 1);
    expect(same).toBe(first);
    expect(nextLinkObservation(first, 'NOT_SYNCED', NOW + 2)).toEqual({
      status: 'NOT_SYNCED',
      changedAt: NOW + 2,
      previous: 'NOT_LINKED',
    });
  });
});

describe('linkStatusQueries.status', () => {
  it('reads SYNCED and NOT_SYNCED, and maps the upstream 404 of an unlinked org to NOT_LINKED', async () => {
    const client = newClient();
    const read = (id: string) => client.fetchQuery(status(id));
    expect((await read(FIXTURE_IDS.opsOrgSynced)).status).toBe('SYNCED');
    expect((await read(FIXTURE_IDS.opsOrgNotSynced)).status).toBe('NOT_SYNCED');
    expect((await read(FIXTURE_IDS.opsOrgUnlinked)).status).toBe('NOT_LINKED');
  });

  it("asks a Cloud Manager org's status of Cloud Manager (SOURCE_OPS), under its own key", async () => {
    const seen = countStatusRequests();
    const client = newClient();
    const cm = (id: string) =>
      client.fetchQuery(linkStatusQueries.status('cloudmanager', id, DEFAULT_POLL_INTERVALS_MS));
    expect((await cm(FIXTURE_IDS.cmOrgSynced)).status).toBe('SYNCED');
    expect((await cm(FIXTURE_IDS.cmOrgUnlinked)).status).toBe('NOT_LINKED');
    expect(seen.map((u) => new URL(u).pathname)).toEqual([
      `/api/cloudmanager/public/v1.0/orgs/${FIXTURE_IDS.cmOrgSynced}/liveExport/migrationLink/status`,
      `/api/cloudmanager/public/v1.0/orgs/${FIXTURE_IDS.cmOrgUnlinked}/liveExport/migrationLink/status`,
    ]);
    // The same ID under the other source is another query.
    expect(
      client.getQueryData(linkStatusQueries.key('opsmanager', FIXTURE_IDS.cmOrgSynced)),
    ).toBeUndefined();
  });

  it('keeps a 404 from the proxy itself an error (a refused request is not "no link")', async () => {
    mockServer.use(
      http.get(statusPath, () =>
        HttpResponse.json(
          { source: 'proxy', error: 404, code: 'REQUEST_REFUSED', detail: 'Not on the allowlist.' },
          { status: 404 },
        ),
      ),
    );
    const client = newClient();
    await expect(client.fetchQuery(status(FIXTURE_IDS.opsOrgSynced))).rejects.toMatchObject({
      source: 'proxy',
      status: 404,
    });
  });

  it('is one query per org: two observers cost one request', async () => {
    const seen = countStatusRequests();
    const client = newClient();
    const options = status(FIXTURE_IDS.opsOrgSynced);
    const a = new QueryObserver(client, options);
    const b = new QueryObserver(client, options);
    const results: string[] = [];
    const unsubA = a.subscribe((r) => r.data && results.push(`a:${r.data.status}`));
    const unsubB = b.subscribe((r) => r.data && results.push(`b:${r.data.status}`));
    await vi.waitFor(() =>
      expect(results).toEqual(expect.arrayContaining(['a:SYNCED', 'b:SYNCED'])),
    );
    unsubA();
    unsubB();
    expect(seen).toHaveLength(1);
  });

  it('turns a status change into changedAt/previous, read by the next check', async () => {
    const client = newClient();
    const id = FIXTURE_IDS.opsOrgNotSynced;
    const options = status(id);
    await client.fetchQuery(options);
    mockServer.use(http.get(statusPath, () => HttpResponse.json({ status: 'SYNCED' })));
    const next: LinkObservation = await client.fetchQuery({ ...options, staleTime: 0 });
    expect(next.status).toBe('SYNCED');
    expect(next.previous).toBe('NOT_SYNCED');
    expect(next.changedAt).toEqual(expect.any(Number));
  });

  it('counts failed checks in a row for the back-off, and starts over after a success', async () => {
    const client = newClient();
    const id = FIXTURE_IDS.opsOrgSynced;
    const options = { ...status(id), staleTime: 0 };
    await client.fetchQuery(options);
    const query = findLinkStatusQuery(client, 'opsmanager', id);
    if (!query) throw new Error('no query');
    expect(consecutiveErrors(query)).toBe(0);

    mockServer.use(http.get(statusPath, () => HttpResponse.json({ error: 500 }, { status: 500 })));
    for (const n of [1, 2, 3]) {
      await client.fetchQuery(options).catch(() => undefined);
      expect(consecutiveErrors(query)).toBe(n);
    }
    mockServer.resetHandlers();
    await client.fetchQuery(options);
    expect(consecutiveErrors(query)).toBe(0);
    mockServer.use(http.get(statusPath, () => HttpResponse.json({ error: 500 }, { status: 500 })));
    await client.fetchQuery(options).catch(() => undefined);
    expect(consecutiveErrors(query)).toBe(1);
  });

  it('polls in the foreground only, never retries at once, and keeps errors out of notifications', () => {
    const options = status(FIXTURE_IDS.opsOrgSynced);
    expect(options.refetchIntervalInBackground).toBe(false);
    expect(options.retry).toBe(false);
    expect(options.meta?.silentErrors).toBe(true);
  });
});

describe('helpers', () => {
  it('reads the source and org ID from a link-status key only', () => {
    const id = FIXTURE_IDS.opsOrgSynced;
    expect(orgOfLinkStatusKey(linkStatusQueries.key('opsmanager', id))).toEqual({
      source: 'opsmanager',
      orgId: id,
    });
    expect(orgOfLinkStatusKey(linkStatusQueries.key('cloudmanager', id))).toEqual({
      source: 'cloudmanager',
      orgId: id,
    });
    expect(orgOfLinkStatusKey(['opsmanager', 'orgs', id])).toBeNull();
    expect(orgOfLinkStatusKey(['cloud', 'link-status', id])).toBeNull();
    expect(orgOfLinkStatusKey(linkStatusQueries.all('opsmanager'))).toBeNull();
  });

  it('says what the badge shows for a query state', () => {
    const data: LinkObservation = { status: 'SYNCED', changedAt: null, previous: null };
    expect(linkBadgeStatus({ status: 'pending', data: undefined })).toBe('UNCHECKED');
    expect(linkBadgeStatus({ status: 'success', data })).toBe('SYNCED');
    expect(linkBadgeStatus({ status: 'error', data })).toBe('ERROR');
  });
});
