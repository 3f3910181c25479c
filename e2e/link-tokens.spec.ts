// Journeys on the Atlas side of a live migration: generate, copy and delete link-tokens.
// Each test works on its own Cloud org (the full-stack store is shared by every test of a run).
import { FIXTURE_IDS, LINK_FLOW_FIXTURES, fixtureName } from '../mocks/db/fixtures';
import { expect, test, type Page } from './fixtures';
import { dialogShown, notificationShown, toTop } from './helpers';

const orgs = FIXTURE_IDS.cloudOrgsWithoutToken;
const orgAt = (i: number): string => {
  const id = orgs[i];
  if (!id) throw new Error(`the seed has no Cloud org without a token at ${i}`);
  return id;
};

async function generate(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Generate' }).click();
  const field = page.getByRole('textbox', { name: 'Link-token' });
  await expect(field).toHaveValue(/\S{16,}/);
  return field.inputValue();
}

test('pick an org, generate a link-token without an access list and copy it', async ({
  page,
  context,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}) => {
  const orgId = orgAt(0);
  const name = fixtureName(orgId);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await gotoApp('/link-tokens');
  await expect(page.getByRole('heading', { level: 1, name: 'Link-tokens' })).toBeVisible();
  await expect(page.getByText('Connect to Atlas').first()).toBeVisible();
  await expectNoA11yViolations();
  await toTop(page);
  await screenshotThemes('link-tokens');

  const picker = page.getByRole('combobox', { name: 'Atlas organization' });
  await expect(picker).toBeEnabled();
  await picker.fill(name);
  await page.getByRole('option', { name: `${name} — ${orgId}` }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]org=${orgId}`));
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();

  const token = await generate(page);
  await notificationShown(page, 'Link-token generated');
  await expect(page.getByRole('textbox', { name: 'Link-token' })).toHaveAttribute('readonly', '');
  await expect(
    page.getByText('Copy this link-token now: it will not be shown again'),
  ).toBeVisible();
  expect(page.url()).not.toContain(token);

  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Copied', exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  await expectNoA11yViolations();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoA11yViolations();
  await page.emulateMedia({ colorScheme: 'light' });
  await toTop(page);
  await screenshotThemes('link-tokens-generated');

  // Leaving the page forgets the token.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Federations/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Federations' })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`[?&]org=${orgId}`));
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Link-token' })).toHaveCount(0);
});

test('generate with an access list: every bad entry is named, the typed IPs stay', async ({
  page,
  gotoApp,
  screenshotThemes,
}) => {
  const orgId = orgAt(1);
  await gotoApp(`/link-tokens?org=${orgId}`);
  const ips = page.getByRole('textbox', { name: 'Access list IPs' });
  await ips.fill('203.0.113.7, 10.0.0.300\n2001:db8::/32\n198.51.100.0/33');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(
    page.getByText('"10.0.0.300" is not an IPv4/IPv6 address or CIDR block'),
  ).toBeVisible();
  await expect(
    page.getByText('"198.51.100.0/33" is not an IPv4/IPv6 address or CIDR block'),
  ).toBeVisible();
  await expect(ips).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('textbox', { name: 'Link-token' })).toHaveCount(0);
  await toTop(page);
  await screenshotThemes('link-tokens-bad-ips');

  await ips.fill('203.0.113.7, 10.0.0.0/8\n2001:db8::/32');
  await generate(page);
  await expect(ips).toHaveValue('203.0.113.7, 10.0.0.0/8\n2001:db8::/32');
});

test('delete a link-token, then delete again: the org had none', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}) => {
  // Generate first, so a retry (or a shared full-stack store) always starts with a token.
  const orgId = orgAt(2);
  await gotoApp(`/link-tokens?org=${orgId}`);
  await generate(page);

  await page.getByRole('button', { name: 'Delete link-token' }).click();
  const dialog = await dialogShown(page, 'Delete the link-token?');
  await expect(dialog).toContainText(fixtureName(orgId));
  await expectNoA11yViolations('[role="dialog"]');
  await toTop(page);
  await screenshotThemes('link-tokens-delete-dialog');
  await dialog.getByRole('button', { name: 'Delete link-token' }).click();
  await expect(dialog).toBeHidden();
  await notificationShown(page, 'Link-token deleted');
  // The shown token was deleted with it.
  await expect(page.getByRole('textbox', { name: 'Link-token' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Delete link-token' }).click();
  await dialog.getByRole('button', { name: 'Delete link-token' }).click();
  await expect(
    page.getByRole('alert', { name: 'This organization had no link-token to delete.' }),
  ).toBeVisible();
  await notificationShown(page, 'Nothing deleted');
  await expectNoA11yViolations();
  await toTop(page);
  await screenshotThemes('link-tokens-none-to-delete');
});

test('a bad pasted ID is refused before anything is sent', async ({ page, gotoApp }) => {
  await gotoApp('/link-tokens');
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET') sent.push(r.url());
  });
  await page.getByRole('textbox', { name: 'Organization ID' }).fill('12345');
  await page.getByRole('button', { name: 'Use this ID' }).click();
  await expect(page.getByText(/An ID is 24 characters/)).toBeVisible();
  await expect(page).not.toHaveURL(/org=/);
  expect(sent).toEqual([]);
});

test.describe('when the key lacks the Organization Owner role', () => {
  test.use({ scenario: 'forbidden' });

  test('generate fails with the reason and what to do', async ({
    page,
    gotoApp,
    screenshotThemes,
  }) => {
    await gotoApp(`/link-tokens?org=${orgAt(3)}`);
    await page.getByRole('textbox', { name: 'Access list IPs' }).fill('10.1.2.3');
    await page.getByRole('button', { name: 'Generate' }).click();
    const alert = page.getByRole('alert', { name: 'The link-token was not generated' });
    await expect(alert).toContainText('403');
    await expect(alert).toContainText('Organization Owner role');
    await expect(page.getByRole('textbox', { name: 'Access list IPs' })).toHaveValue('10.1.2.3');
    await toTop(page);
    await screenshotThemes('link-tokens-forbidden');
  });
});

test.describe('when the upstream is down', () => {
  test.use({ scenario: 'upstream-down' });

  test('the org list says who failed and what to check', async ({
    page,
    gotoApp,
    expectNoA11yViolations,
    screenshotThemes,
  }) => {
    await gotoApp('/link-tokens');
    const alert = page.getByRole('alert', { name: 'Could not load the Atlas organizations' });
    await expect(alert).toContainText('UPSTREAM_UNREACHABLE');
    await expect(alert).toContainText("Check the proxy's upstream settings");
    await expect(page.getByRole('textbox', { name: 'Organization ID' })).toBeEnabled();
    await expectNoA11yViolations();
    await toTop(page);
    await screenshotThemes('link-tokens-upstream-down');
  });
});

test('manual path: the token takes the focus, a second Generate asks, leaving uncopied asks', async ({
  page,
  context,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}) => {
  test.setTimeout(90_000);
  const orgId = LINK_FLOW_FIXTURES.atlasOrgManual;
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1280, height: 800 });
  await gotoApp(`/link-tokens?org=${orgId}`);
  await expect(page.getByRole('heading', { level: 2, name: fixtureName(orgId) })).toBeVisible();

  // After Generate the token is in view and has the focus.
  const first = await generate(page);
  const field = page.getByRole('textbox', { name: 'Link-token' });
  await expect(field).toBeFocused();
  await expect(field).toBeInViewport();
  const ledger = page.getByRole('list', { name: 'Link-tokens generated here' });
  await expect(ledger.getByRole('listitem')).toHaveCount(1);

  // A second Generate says the earlier token still exists before making another.
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  const earlier = page.getByRole('alert').filter({
    hasText: 'An earlier link-token generated here still exists',
  });
  await expect(earlier).toBeVisible();
  await expect(earlier).toContainText('has not been used to connect an organization here');
  await expect(earlier.getByRole('button', { name: 'Generate another' })).toBeFocused();
  await expectNoA11yViolations();
  await toTop(page);
  await screenshotThemes('link-tokens-generate-again');
  await earlier.getByRole('button', { name: 'Generate another' }).click();
  await expect(field).not.toHaveValue(first);
  await expect(field).toBeFocused();
  await expect(ledger.getByRole('listitem')).toHaveCount(2);

  // Leaving with the token not copied asks first; staying keeps it.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: /^Federations/ }).click();
  const ask = await dialogShown(page, 'Leave without copying the link-token?');
  await expectNoA11yViolations('[role="dialog"]');
  await ask.getByRole('button', { name: 'Stay on this page' }).click();
  await expect(page).toHaveURL(new RegExp(`/link-tokens\\?org=${orgId}`));
  await expect(field).toHaveValue(/\S{16,}/);

  // Copied: leaving goes without a question.
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Copied', exact: true })).toBeVisible();
  await nav.getByRole('link', { name: /^Federations/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Federations' })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
