import { QueryClient } from '@tanstack/react-query';
import { FIXTURE_IDS, fixtureName } from '../../../mocks/db/fixtures';
import { MANY_ORGS_TOTAL } from '../../../mocks/db/opsmanager';
import { mockServer } from '../../../mocks/node';
import { setDefaultScenario } from '../../../mocks/scenarios';
import type { Org, OrgPage } from '../schemas';
import { fetchAllOrgs, orgQueries } from './orgs';

function org(i: number): Org {
  return { id: i.toString(16).padStart(24, '0'), name: `Org ${i}` };
}

function fakeUpstream(total: number) {
  const calls: { pageNum: number; itemsPerPage: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetchPage = async (pageNum: number, itemsPerPage: number): Promise<OrgPage> => {
    calls.push({ pageNum, itemsPerPage });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    // Later pages answer first, to show the order is kept anyway.
    await new Promise((r) => setTimeout(r, 20 - pageNum));
    inFlight--;
    const start = (pageNum - 1) * itemsPerPage;
    const results = Array.from(
      { length: Math.max(0, Math.min(itemsPerPage, total - start)) },
      (_, i) => org(start + i),
    );
    return { results, totalCount: total };
  };
  return { calls, fetchPage, maxInFlight: () => maxInFlight };
}

describe('fetchAllOrgs', () => {
  it('reads every page, 500 a page, a few at a time, in order', async () => {
    const up = fakeUpstream(5_000);
    const orgs = await fetchAllOrgs(up.fetchPage);
    expect(orgs).toHaveLength(5_000);
    expect(orgs.map((o) => o.name).slice(0, 2)).toEqual(['Org 0', 'Org 1']);
    expect(orgs.at(-1)?.name).toBe('Org 4999');
    expect(up.calls.map((c) => c.pageNum).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(up.calls.every((c) => c.itemsPerPage === 500)).toBe(true);
    expect(up.maxInFlight()).toBeLessThanOrEqual(4);
  });

  it('asks once when everything fits on the first page, and copes with an empty list', async () => {
    const small = fakeUpstream(3);
    expect(await fetchAllOrgs(small.fetchPage)).toHaveLength(3);
    expect(small.calls).toHaveLength(1);
    const none = fakeUpstream(0);
    expect(await fetchAllOrgs(none.fetchPage)).toEqual([]);
  });
});

describe('orgQueries', () => {
  it('lists every seeded Ops Manager org, and 5,000 with the many-orgs scenario', async () => {
    const client = new QueryClient();
    const seeded = await client.fetchQuery(orgQueries.list());
    expect(seeded.map((o) => o.id)).toContain(FIXTURE_IDS.opsOrgSynced);

    setDefaultScenario('many-orgs');
    const pages: string[] = [];
    mockServer.events.on('request:start', ({ request }) => pages.push(request.url));
    const many = await new QueryClient().fetchQuery(orgQueries.list());
    mockServer.events.removeAllListeners();
    expect(many).toHaveLength(MANY_ORGS_TOTAL);
    expect(new Set(many.map((o) => o.id)).size).toBe(MANY_ORGS_TOTAL);
    expect(pages).toHaveLength(MANY_ORGS_TOTAL / 500);
    expect(pages.every((u) => new URL(u).searchParams.get('itemsPerPage') === '500')).toBe(true);
  });

  it('reads one org', async () => {
    const id = FIXTURE_IDS.opsOrgUnlinked;
    const org = await new QueryClient().fetchQuery(orgQueries.detail(id));
    expect(org).toMatchObject({ id, name: fixtureName(id) });
  });
});
