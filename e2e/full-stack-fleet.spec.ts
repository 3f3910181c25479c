// The fleet on the real stack (`npm start`): the sweeper that starts with the server lists every
// org of the simulated Ops Manager and Cloud Manager, /api/fleet answers from the database, Check
// now sweeps again,
// and a status polled through the proxy lands in the org's history. The `mock` project has no
// proxy and ignores this file (e2e/orgs-board.spec.ts runs the board on both).
import { FIXTURE_IDS, fixtureName, SAMPLE_LINK_TOKENS } from '../mocks/db/fixtures';
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
import { dialogShown } from './helpers';

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

test("an org page's history is the server's: it survives a reload", async ({ page, gotoApp }) => {
  // Its own org (org-page.spec.ts takes 3–5, dialog-focus.spec.ts 6–8).
  const orgId = FIXTURE_IDS.opsOrgsUnlinked[12] ?? '';
  const unlink = () =>
    page.request.delete(proxyUrl(routes.removeLink, { orgId }), {
      headers: { [CSRF_HEADER]: CSRF_VALUE },
      failOnStatusCode: false,
    });
  await unlink();
  await gotoApp(`/orgs/opsmanager/${orgId}`);
  await expect(page.getByRole('heading', { level: 1, name: fixtureName(orgId) })).toBeVisible();
  await page.getByRole('button', { name: 'Connect to Atlas' }).click();
  const dialog = await dialogShown(page, 'Connect to Atlas');
  await dialog.getByRole('textbox', { name: 'Link-token' }).fill(SAMPLE_LINK_TOKENS.valid);
  await dialog.getByRole('button', { name: 'Connect' }).click();
  const badge = page.getByRole('status', { name: 'Link status' });
  await expect(badge).toHaveText('Synced', { timeout: 20_000 });
  await page.reload();
  const history = page.getByRole('list', { name: 'Status changes, newest first' });
  await expect(history.getByRole('listitem').nth(0)).toHaveText(/Not synced → Synced \(/);
  await expect(history.getByRole('listitem').nth(1)).toHaveText(
    /Not linked → Not synced \(a change made here\)$/,
  );
  await unlink();
});
