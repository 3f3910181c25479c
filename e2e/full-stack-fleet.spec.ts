// The fleet on the real stack (`npm start`): the sweeper that starts with the server lists every
// org of the simulated Ops Manager and Cloud Manager, /api/fleet answers from the database, Check
// now sweeps again,
// and a status polled through the proxy lands in the org's history. The `mock` project has no
// proxy and ignores this file. (The Organizations board that renders from /api/fleet comes later.)
import { FIXTURE_IDS } from '../mocks/db/fixtures';
import {
  FLEET_ENDPOINTS,
  fleetSchema,
  orgHistorySchema,
  sweepProgressSchema,
} from '#contract/fleet-contract';
import { CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { orgPageSchema } from '#contract/schemas';
import { proxyUrl, routes } from '#contract/route-table';
import { expect, test } from './fixtures';

test('the first sweep puts every source org in /api/fleet, with its status', async ({
  request,
}) => {
  await expect
    .poll(
      async () =>
        sweepProgressSchema.parse(await (await request.get(FLEET_ENDPOINTS.sweep)).json()).last
          ?.outcome,
      {
        timeout: 30_000,
      },
    )
    .toBe('completed');
  const listed = async (op: 'listOrgs' | 'listCloudManagerOrgs') =>
    orgPageSchema
      .parse(await (await request.get(`${proxyUrl(routes[op], {})}?itemsPerPage=500`)).json())
      .results.map((o) => o.id);
  const fleet = fleetSchema.parse(await (await request.get(FLEET_ENDPOINTS.fleet)).json());
  const inFleet = (upstream: string) =>
    fleet.orgs
      .filter((o) => o.upstream === upstream)
      .map((o) => o.orgId)
      .sort();
  expect(inFleet('opsmanager')).toEqual((await listed('listOrgs')).sort());
  expect(inFleet('cloudmanager')).toEqual((await listed('listCloudManagerOrgs')).sort());
  const status = (id: string) => fleet.orgs.find((o) => o.orgId === id)?.status;
  // Orgs no test changes (FIXTURE_IDS' single ids are read-only).
  expect(status(FIXTURE_IDS.opsOrgSynced)).toBe('SYNCED');
  expect(status(FIXTURE_IDS.opsOrgNotSynced)).toBe('NOT_SYNCED');
  expect(status(FIXTURE_IDS.opsOrgUnlinked)).toBe('NOT_LINKED');
  expect(status(FIXTURE_IDS.cmOrgSynced)).toBe('SYNCED');
});

test('Check now queues a sweep that any later request sees finish', async ({ request }) => {
  const asked = await request.post(FLEET_ENDPOINTS.sweep, {
    headers: { [CSRF_HEADER]: CSRF_VALUE },
  });
  expect(asked.status()).toBe(202);
  const progress = sweepProgressSchema.parse(await asked.json());
  const id = progress.current?.id;
  expect(id).toBeDefined();
  await expect
    .poll(
      async () => {
        const p = sweepProgressSchema.parse(
          await (await request.get(FLEET_ENDPOINTS.sweep)).json(),
        );
        return p.last && p.last.id >= (id ?? Infinity) ? p.last.outcome : p.state;
      },
      { timeout: 30_000 },
    )
    .toBe('completed');
});

test("a status polled through the proxy is in the org's history", async ({ request }) => {
  const id = FIXTURE_IDS.opsOrgSynced;
  expect((await request.get(proxyUrl(routes.getLinkStatus, { orgId: id }))).status()).toBe(200);
  const history = orgHistorySchema.parse(
    await (await request.get(FLEET_ENDPOINTS.history('opsmanager', id))).json(),
  );
  expect(history.org).toMatchObject({ status: 'SYNCED' });
  expect(history.org?.lastCheckedAt).not.toBeNull();
  expect(history.changes.at(-1)).toMatchObject({ from: null, to: 'SYNCED' });
});
