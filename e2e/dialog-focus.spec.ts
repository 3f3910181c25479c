// Keyboard focus after each dialog (WCAG 2.4.3): back on what opened it after Escape or Cancel,
// and after a success — when that is disabled or gone now — on the action that became available.
// Also: typed confirmations by name, Show API call without secrets, and a rate-limited page that
// tries again by itself after Retry-After (on Playwright's clock).
import { FIXTURE_IDS, fixtureName, SAMPLE_LINK_TOKENS } from '../mocks/db/fixtures';
import { CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { proxyUrl, routes } from '#contract/route-table';
import { expect, test, type Page } from './fixtures';
import { dialogShown } from './helpers';

test.describe.configure({ timeout: 60_000 });

/** The org page's status badge. */
const badge = (page: Page) => page.getByRole('status', { name: 'Link status' });

test.describe('on a phone, dark theme', () => {
  test.use({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });

  test('Connect and Remove connection give the focus back; Remove confirms by name', async ({
    page,
    gotoApp,
  }, testInfo) => {
    const orgId = FIXTURE_IDS.opsOrgsUnlinked[6 + testInfo.retry] ?? '';
    const name = fixtureName(orgId);
    // Full-stack: start unlinked even if an earlier attempt left the org connected.
    await page.request.delete(proxyUrl(routes.removeLink, { orgId }), {
      headers: { [CSRF_HEADER]: CSRF_VALUE },
      failOnStatusCode: false,
    });
    await gotoApp(`/orgs/opsmanager/${orgId}`);
    await expect(badge(page)).toHaveText('Not linked');
    const actions = page.getByRole('region', { name: 'Actions' });
    const connect = actions.getByRole('button', { name: 'Connect to Atlas' });
    const remove = actions.getByRole('button', { name: 'Remove connection' });

    // Escape, then Cancel: back on Connect to Atlas.
    await connect.click();
    await dialogShown(page, 'Connect to Atlas');
    await page.keyboard.press('Escape');
    await expect(connect).toBeFocused();
    await page.keyboard.press('Enter');
    let dialog = await dialogShown(page, 'Connect to Atlas');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(connect).toBeFocused();

    // Show API call: the curl and mongocli commands, the typed token never in them.
    await connect.click();
    dialog = await dialogShown(page, 'Connect to Atlas');
    await dialog.getByRole('textbox', { name: 'Link-token' }).fill(SAMPLE_LINK_TOKENS.valid);
    await dialog.getByRole('button', { name: 'Show API call' }).click();
    const call = dialog.getByRole('region', { name: 'API call' });
    await expect(call).toContainText(`/api/public/v1.0/orgs/${orgId}/liveExport/migrationLink`);
    await expect(call).toContainText(`--data '{"linkToken":"{LINK-TOKEN}"}'`);
    await expect(call).toContainText(
      `mongocli ops-manager liveMigrations link create --orgId ${orgId} --linkToken {LINK-TOKEN}`,
    );
    expect(await call.textContent()).not.toContain(SAMPLE_LINK_TOKENS.valid);

    // Success: Connect is disabled now; the focus goes to Remove connection.
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(connect).toBeDisabled();
    await expect(remove).toBeFocused();
    // The notification sits below the header, never over it.
    const toast = page.getByRole('alert').filter({ hasText: 'Connected to Atlas' });
    await expect(toast).toBeVisible();
    const header = await page.getByRole('banner').boundingBox();
    expect((await toast.boundingBox())!.y).toBeGreaterThanOrEqual(header!.y + header!.height);

    // Remove connection: Escape back to it, then confirm by the org's name.
    await page.keyboard.press('Enter');
    let confirm = await dialogShown(page, 'Remove connection');
    await page.keyboard.press('Escape');
    await expect(remove).toBeFocused();
    await page.keyboard.press('Enter');
    confirm = await dialogShown(page, 'Remove connection');
    const typed = confirm.getByRole('textbox', { name: 'Organization name or ID' });
    await expect(typed).toBeFocused();
    const go = confirm.getByRole('button', { name: 'Remove connection' });
    await typed.fill(name.slice(0, -1));
    await expect(go).toBeDisabled();
    await typed.fill(name);
    await expect(go).toBeEnabled();
    await page.keyboard.press('Enter');
    await expect(confirm).toBeHidden();
    await expect(badge(page)).toHaveText('Not linked');
    // Remove is disabled now; Connect to Atlas is back and has the focus.
    await expect(connect).toBeFocused();
  });
});

test('Remove from federation gives the focus back, and to the next row after a removal', async ({
  page,
  gotoApp,
}, testInfo) => {
  const fed = FIXTURE_IDS.federationMedium;
  const orgId = FIXTURE_IDS.federationMediumOrgs[1 + testInfo.retry] ?? '';
  const name = fixtureName(orgId);
  await gotoApp(`/federations/${fed}`);
  const button = page.getByRole('button', { name: `Remove ${name} from federation` });
  await expect(button).toBeEnabled();

  await button.click();
  let dialog = await dialogShown(page, `Remove ${name} from the federation?`);
  await page.keyboard.press('Escape');
  await expect(button).toBeFocused();
  await button.click();
  dialog = await dialogShown(page, `Remove ${name} from the federation?`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(button).toBeFocused();

  await button.click();
  dialog = await dialogShown(page, `Remove ${name} from the federation?`);
  await dialog.getByRole('textbox', { name: 'Organization name or ID' }).fill(name);
  await dialog.getByRole('button', { name: 'Remove from federation' }).click();
  await expect(dialog).toBeHidden();
  await expect(button).toHaveCount(0);
  // The row is gone: the focus is on the Remove button of the row now in its place (or before).
  const focused = page.locator(':focus');
  await expect(focused).toHaveAccessibleName(/^Remove .+ from federation$/);
  await expect(focused).not.toHaveAccessibleName(`Remove ${name} from federation`);
});

test('Generate and Delete link-token keep the focus where the work is', async ({
  page,
  gotoApp,
}, testInfo) => {
  const orgId = FIXTURE_IDS.cloudOrgsWithoutToken[4 + testInfo.retry] ?? '';
  await gotoApp(`/link-tokens?org=${orgId}`);
  const generate = page.getByRole('button', { name: 'Generate' });
  await expect(generate).toBeEnabled();
  await generate.click();
  // The new token takes the focus, ready to copy.
  await expect(page.getByRole('textbox', { name: 'Link-token' })).toBeFocused();

  const trigger = page.locator('#main-content').getByRole('button', { name: 'Delete link-token' });
  await trigger.click();
  let dialog = await dialogShown(page, 'Delete the link-token?');
  await expect(dialog.getByRole('button', { name: 'Show API call' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(trigger).toBeFocused();
  await page.keyboard.press('Enter');
  dialog = await dialogShown(page, 'Delete the link-token?');
  await dialog.getByRole('button', { name: 'Delete link-token' }).click();
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
});

test.describe('when the upstream rate-limits', () => {
  test.use({ scenario: 'rate-limited' });

  test('the org page counts Retry-After down and tries again by itself', async ({
    page,
    gotoApp,
  }) => {
    const orgPath = proxyUrl(routes.getOrg, { orgId: FIXTURE_IDS.opsOrgSynced });
    const asked: number[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === orgPath) asked.push(Date.now());
    });
    await page.clock.install();
    await gotoApp(`/orgs/opsmanager/${FIXTURE_IDS.opsOrgSynced}`);
    const alert = page.getByRole('alert').filter({ hasText: 'Could not load this organization' });
    await expect(alert).toContainText('answered 429');
    await expect(alert.getByRole('status')).toHaveText(/^Rate limited: trying again in [1-3] s…$/);
    // (The dev server's StrictMode may ask twice at first: count from here.)
    const before = asked.length;
    // Retry-After is 3 s: move the page's clock past it; the page asks again by itself (nothing
    // else would: a 4xx is not retried, and the org is not polled).
    await page.clock.runFor(3_000);
    await expect.poll(() => asked.length).toBeGreaterThan(before);
    // Refused again: a new count from 3.
    await expect(alert.getByRole('status')).toHaveText(/trying again in [1-3] s…$/);
  });
});
