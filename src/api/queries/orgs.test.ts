import { QueryClient } from '@tanstack/react-query';
import { FIXTURE_IDS, fixtureName } from '../../../mocks/db/fixtures';
import { MANY_ORGS_TOTAL } from '../../../mocks/db/opsmanager';
import { mockServer } from '../../../mocks/node';
import { setDefaultScenario } from '../../../mocks/scenarios';
import { orgQueries } from './orgs';

describe('orgQueries', () => {
  it('lists every seeded Ops Manager org, and 5,000 with the many-orgs scenario', async () => {
    const client = new QueryClient();
    const seeded = await client.fetchQuery(orgQueries.opsmanager.list());
    expect(seeded.map((o) => o.id)).toContain(FIXTURE_IDS.opsOrgSynced);

    setDefaultScenario('many-orgs');
    const pages: string[] = [];
    mockServer.events.on('request:start', ({ request }) => pages.push(request.url));
    const many = await new QueryClient().fetchQuery(orgQueries.opsmanager.list());
    mockServer.events.removeAllListeners();
    expect(many).toHaveLength(MANY_ORGS_TOTAL);
    expect(new Set(many.map((o) => o.id)).size).toBe(MANY_ORGS_TOTAL);
    expect(pages).toHaveLength(MANY_ORGS_TOTAL / 500);
    expect(pages.every((u) => new URL(u).searchParams.get('itemsPerPage') === '500')).toBe(true);
  });

  it('reads one org', async () => {
    const id = FIXTURE_IDS.opsOrgUnlinked;
    const org = await new QueryClient().fetchQuery(orgQueries.opsmanager.detail(id));
    expect(org).toMatchObject({ id, name: fixtureName(id) });
  });
});
