// Delete federation: the way out for a federation's last org. Its own federations
// (FIXTURE_IDS.federationsLone, one org each): the full-stack store lives for the whole run,
// retries included, so a deleting test takes a fresh one per attempt and no other spec's
// federation ever goes away. That the proxy audits it: full-stack-federation-delete.spec.ts.
import { FIXTURE_IDS, fixtureName } from '../mocks/db/fixtures';
import { SIM_PRIVATE_KEY, SIM_PUBLIC_KEY } from '../mocks/sim-keys';
import { CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { proxyUrl, routes } from '#contract/route-table';
import { expect, test, type Page } from './fixtures';
import { dialogShown, notificationShown, tabTo, toTop } from './helpers';

/** How each lone federation is named (seed-lone-federations.ts). */
const LONE_NAMES = [
  { name: 'vandelay-industries.com via Vandelay Okta', typed: 'vandelay-industries.com' },
  { name: 'wonka.com, wonka-chocolate.co.uk via Wonka Entra ID', typed: 'wonka.com' },
  { name: 'nakatomi.co.jp via Nakatomi Ping Identity', typed: 'nakatomi.co.jp' },
];

function lone(attempt: number) {
  const fed = FIXTURE_IDS.federationsLone[attempt];
  const names = LONE_NAMES[attempt];
  if (!fed || !names) throw new Error(`no lone federation left for attempt ${attempt}`);
  return { ...fed, ...names, org: fixtureName(fed.orgId) };
}

const SINGLE_NAME = 'acme-payments.com via Acme Okta';

/** The same DELETE the dialog sends, from the page (through the browser fakes or the proxy). */
async function deleteFromPage(page: Page, federationId: string) {
  return page.evaluate(
    async ({ url, header, value }) => {
      const res = await fetch(url, { method: 'DELETE', headers: { [header]: value } });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    {
      url: proxyUrl(routes.deleteFederation, { federationId }),
      header: CSRF_HEADER,
      value: CSRF_VALUE,
    },
  );
}

test('delete a federation whose last org is left, by mouse, after typing its name', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}, testInfo) => {
  // Two axe scans, two screenshots and a list of lookups: long on a busy 2-core machine.
  test.slow();
  const fed = lone(testInfo.retry);
  await gotoApp(`/federations/${fed.id}`);
  await expect(page.getByRole('heading', { level: 1, name: fed.name })).toBeVisible();
  await expect(page).toHaveTitle(`${fed.name} · 1 organization — Orglink Console`);
  const button = page.getByRole('button', { name: 'Delete federation' });
  await expect(button).toBeEnabled();
  await expectNoA11yViolations();

  await button.click();
  const dialog = await dialogShown(page, `Delete federation ${fed.name}?`);
  // What goes, by name: its providers, its domains, the org that loses federated sign-in.
  await expect(dialog.getByRole('listitem')).toHaveText([
    /^its identity providers: .+ \(SAML, active\)$/,
    `its federated domains: ${fed.name.split(' via ')[0]}`,
    new RegExp(`^its connection to ${fed.org}, which loses federated sign-in`),
  ]);
  const confirm = dialog.getByRole('button', { name: 'Delete federation' });
  const input = dialog.getByRole('textbox', { name: 'Federation name or ID' });
  await input.fill(fed.typed.slice(0, 6));
  await expect(confirm).toBeDisabled();
  await dialog.getByRole('button', { name: 'Show API call' }).click();
  const call = dialog.getByRole('region', { name: 'API call' });
  await expect(call).toContainText(`/api/public/v1.0/federationSettings/${fed.id}"`);
  await expect(call).toContainText('{PUBLIC-KEY}:{PRIVATE-KEY}');
  await expect(call).toContainText(
    `atlas api federatedAuthentication deleteFederationSetting --federationSettingsId ${fed.id}`,
  );
  // Placeholders only: neither part of the key the proxy signs with.
  const callText = (await call.textContent()) ?? '';
  expect(callText).not.toContain(SIM_PRIVATE_KEY);
  expect(callText).not.toContain(SIM_PUBLIC_KEY);
  await expectNoA11yViolations('[role="dialog"]');
  await screenshotThemes('federation-delete-dialog');

  await input.fill(fed.typed);
  await confirm.click();
  // Its page is gone: the Federations list, its heading focused, the federation not on it.
  await expect(page).toHaveURL(/\/federations$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Federations' })).toBeFocused();
  await notificationShown(page, 'Federation deleted');
  await expect(page.getByText(/Looking up the federations/)).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: fed.name })).toHaveCount(0);
  const unfederated = page
    .locator('.mantine-Card-root')
    .filter({ has: page.getByRole('heading', { level: 2, name: 'Not in a federation' }) });
  await expect(unfederated.getByRole('cell', { name: fed.org, exact: true })).toBeVisible();
  await expectNoA11yViolations();
  // Back does not lead to the dead page (it was replaced).
  await page.goBack();
  await expect(page).not.toHaveURL(new RegExp(fed.id));
});

test('delete a federation using the keyboard only @mock-only', async ({ page, gotoApp }) => {
  // Per-page fake state: any lone federation is whole again at each page load.
  const fed = lone(0);
  await gotoApp(`/federations/${fed.id}`);
  const button = page.getByRole('button', { name: 'Delete federation' });
  await expect(button).toBeEnabled();

  // Escape gives the focus back to the button.
  await tabTo(page, button);
  await page.keyboard.press('Enter');
  let dialog = await dialogShown(page, `Delete federation ${fed.name}?`);
  const input = dialog.getByRole('textbox', { name: 'Federation name or ID' });
  await expect(input).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();

  await page.keyboard.press('Enter');
  dialog = await dialogShown(page, `Delete federation ${fed.name}?`);
  await expect(input).toBeFocused();
  await page.keyboard.type(fed.id);
  const confirm = dialog.getByRole('button', { name: 'Delete federation' });
  await expect(confirm).toBeEnabled();
  await tabTo(page, confirm, 6);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/federations$/);
  const heading = page.getByRole('heading', { level: 1, name: 'Federations' });
  await expect(heading).toBeFocused();
  await expect(page.getByText('Federation deleted')).toBeVisible();
  // The next Tab goes on from the top of the list page, not from <body>.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Organization ID' })).toBeFocused();
});

test('MongoDB Cloud refuses to delete a federation while two orgs are connected', async ({
  page,
  gotoApp,
}) => {
  const pair = FIXTURE_IDS.federationPair;
  await gotoApp(`/federations/${pair}`);
  await expect(page.getByText('2 connected organizations.')).toBeVisible();
  // Not offered here, so sent by hand: the upstream's own refusal comes back as it is.
  await expect(page.getByRole('button', { name: 'Delete federation' })).toHaveCount(0);
  const refused = await deleteFromPage(page, pair);
  expect(refused.status).toBe(400);
  expect(refused.body).toMatchObject({
    error: 400,
    errorCode: 'CANNOT_DELETE_FEDERATION_WITH_MULTIPLE_CONNECTED_ORGS',
  });
  // Nothing changed.
  await page.reload();
  await expect(page.getByText('2 connected organizations.')).toBeVisible();
  await expect(
    page.getByRole('heading', {
      level: 1,
      name: 'globex.com, globex-corp.net via Globex Entra ID',
    }),
  ).toBeVisible();
});

for (const layout of [
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'zoom200', viewport: { width: 640, height: 400 } },
]) {
  test.describe(`${layout.name} (${layout.viewport.width}×${layout.viewport.height})`, () => {
    test.use({ viewport: layout.viewport });

    test(`the last-org page and the Delete federation dialog fit the screen (${layout.name})`, async ({
      page,
      gotoApp,
      expectNoA11yViolations,
      screenshotThemes,
    }) => {
      const overflowX = () =>
        page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
      // Read only: the dialog is never confirmed here.
      await gotoApp(`/federations/${FIXTURE_IDS.federationSingle}`);
      await expect(page.getByRole('heading', { level: 1, name: SINGLE_NAME })).toBeVisible();
      const button = page.getByRole('button', { name: 'Delete federation' });
      await expect(button).toBeInViewport();
      expect(await overflowX()).toBe(0);
      await toTop(page);
      await screenshotThemes(`federation-delete-${layout.name}`);

      await button.click();
      const dialog = await dialogShown(page, `Delete federation ${SINGLE_NAME}?`);
      await dialog.getByRole('button', { name: 'Show API call' }).click();
      await expect(dialog.getByRole('region', { name: 'API call' })).toBeVisible();
      expect(await overflowX()).toBe(0);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await expectNoA11yViolations('[role="dialog"]');
      }
      await screenshotThemes(`federation-delete-dialog-${layout.name}`, { fullPage: false });
    });
  });
}
