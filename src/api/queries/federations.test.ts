import { QueryClient } from '@tanstack/react-query';
import { delay, http, HttpResponse } from 'msw';
import { FIXTURE_IDS } from '../../../mocks/db/fixtures';
import { mockServer } from '../../../mocks/node';
import { routerPath, routes } from '#contract/route-table';
import { orgQueries } from './orgs';
import { FEDERATION_LOOKUP_CONCURRENCY, federationQueries } from './federations';

const client = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });

describe('federation lookups', () => {
  it(`ask about at most ${FEDERATION_LOOKUP_CONCURRENCY} orgs at once`, async () => {
    let inFlight = 0;
    let peak = 0;
    mockServer.use(
      http.get(routerPath(routes.getOrgFederation, 'proxy'), async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await delay(10);
        inFlight--;
        return HttpResponse.json(
          { error: 404, errorCode: 'RESOURCE_NOT_FOUND', detail: 'Not connected.' },
          { status: 404 },
        );
      }),
    );
    const qc = client();
    const ids = Array.from(
      { length: 15 },
      (_, i) => `${i.toString(16).padStart(2, '0')}${'a'.repeat(22)}`,
    );
    const answers = await Promise.all(ids.map((id) => qc.fetchQuery(federationQueries.byOrg(id))));
    expect(answers.every((a) => a.kind === 'none')).toBe(true);
    expect(peak).toBe(FEDERATION_LOOKUP_CONCURRENCY);
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
    const orgs = await client().fetchQuery(orgQueries.cloud.list());
    expect(orgs.map((o) => o.name)).toEqual(['Kept']);
  });
});
