import { QueryClient } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { FIXTURE_IDS } from '../../../mocks/db/fixtures';
import { mockServer } from '../../../mocks/node';
import { routerPath, routes } from '#contract/route-table';
import { cloudOrgQueries } from './cloud-orgs';
import { createLimiter, federationQueries } from './federations';

const client = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });

describe('createLimiter', () => {
  it('runs at most `max` tasks at once', async () => {
    const limit = createLimiter(2);
    let running = 0;
    let peak = 0;
    const task = async (n: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return n;
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => limit(() => task(n))));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });
});

describe('federationQueries', () => {
  it("reads an org's federation, and a 404 as no federation", async () => {
    const qc = client();
    const found = await qc.fetchQuery(federationQueries.byOrg(FIXTURE_IDS.cloudOrgInFederation));
    expect(found).toMatchObject({
      kind: 'federated',
      settings: { id: FIXTURE_IDS.federationLarge },
    });
    const none = await qc.fetchQuery(federationQueries.byOrg(FIXTURE_IDS.cloudOrgNoFederation));
    expect(none).toEqual({ kind: 'none', detail: expect.stringContaining('not connected') });
  });

  it('reads every page of connected orgs', async () => {
    const fed = FIXTURE_IDS.federationLarge;
    const pages: string[] = [];
    mockServer.events.on('request:start', ({ request }) => pages.push(new URL(request.url).search));
    const orgs = await client().fetchQuery(federationQueries.connectedOrgs(fed));
    mockServer.events.removeAllListeners();
    expect(orgs.map((o) => o.orgId)).toEqual(FIXTURE_IDS.federationLargeOrgs);
    expect(pages).toEqual(['?pageNum=1&itemsPerPage=500']);
  });

  it('leaves deleted Cloud orgs out of the list', async () => {
    mockServer.use(
      http.get(routerPath(routes.listCloudOrgs, 'proxy'), () =>
        HttpResponse.json({
          results: [
            { id: 'a'.repeat(24), name: 'Kept' },
            { id: 'b'.repeat(24), name: 'Gone', isDeleted: true },
          ],
          totalCount: 2,
        }),
      ),
    );
    const orgs = await client().fetchQuery(cloudOrgQueries.list());
    expect(orgs.map((o) => o.name)).toEqual(['Kept']);
  });
});
