// The Organization page: connect an Ops Manager org to Atlas with a link-token, watch it sync, and
// remove the connection. Each test that changes an org takes its own from the fixture lists (the
// full-stack store is shared by every test of a run) and leaves it as it found it when it can.
import { FIXTURE_IDS, fixtureName, SAMPLE_LINK_TOKENS } from '../mocks/db/fixtures';
import { CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { proxyUrl, routes } from '#contract/route-table';
import { expect, test, type Page } from './fixtures';
import { dialogShown, notificationShown, tabTo } from './helpers';

const unlinked = (i: number): string => {
  const id = FIXTURE_IDS.opsOrgsUnlinked[i];
  if (!id) throw new Error(`the seed has no unlinked Ops Manager org at ${i}`);
  return id;
};

/** Links go NOT_SYNCED → SYNCED after 6 s (browser fakes) or 4 s (full-stack). */
const SYNC_TIMEOUT = 20_000;

function badge(page: Page) {
  return page.getByRole('status', { name: 'Link status' });
}

/**
 * Full-stack: a retry must find its org unlinked even if the failed attempt left it connected.
 * (The browser fakes start over on every page load; there this call meets no fake and is ignored.)
 */
async function ensureUnlinked(page: Page, orgId: string): Promise<void> {
  await page.request.delete(proxyUrl(routes.removeLink, { orgId }), {
    headers: { [CSRF_HEADER]: CSRF_VALUE },
    failOnStatusCode: false,
  });
}

async function openOrg(page: Page, gotoApp: (path: string) => Promise<void>, orgId: string) {
  await ensureUnlinked(page, orgId);
  await gotoApp(`/orgs/opsmanager/${orgId}`);
  await expect(page.getByRole('heading', { level: 1, name: fixtureName(orgId) })).toBeVisible();
}

test.describe.configure({ timeout: 60_000 });

test('connect → Not synced → Synced, then remove the connection', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}) => {
  const orgId = unlinked(3);
  await openOrg(page, gotoApp, orgId);
  await expect(badge(page)).toHaveText('Not linked');
  await expect(page.getByRole('button', { name: 'Remove connection' })).toBeDisabled();
  await expect(page.getByText('There is no connection to remove.')).toBeVisible();
  await expectNoA11yViolations();
  await screenshotThemes('org-page-not-linked');

  await page.getByRole('button', { name: 'Connect to Atlas' }).click();
  const dialog = await dialogShown(page, 'Connect to Atlas');
  await expectNoA11yViolations('[role="dialog"]');
  await dialog.getByRole('textbox', { name: 'Link-token' }).fill(SAMPLE_LINK_TOKENS.valid);
  await screenshotThemes('org-connect-dialog');
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog).toBeHidden();
  await notificationShown(page, 'Connected to Atlas');
  await expect(badge(page)).toHaveText('Not synced');
  await expect(page.getByText(/checked every 3 s/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Connect to Atlas' })).toBeDisabled();
  // The token went in a POST body only.
  expect(page.url()).not.toContain(SAMPLE_LINK_TOKENS.valid);

  await expect(badge(page)).toHaveText('Synced', { timeout: SYNC_TIMEOUT });
  const history = page.getByRole('list', { name: 'Status changes, newest first' });
  // From the server's database, newest first, each with how it was seen.
  await expect(history.getByRole('listitem').nth(0)).toHaveText(/Not synced → Synced \(/);
  await expect(history.getByRole('listitem').nth(1)).toHaveText(
    /Not linked → Not synced \(a change made here\)$/,
  );
  await expectNoA11yViolations();
  await screenshotThemes('org-page-synced');

  await page.getByRole('button', { name: 'Remove connection' }).click();
  const confirm = await dialogShown(page, 'Remove connection');
  await expect(confirm).toContainText('will stop synchronizing with its Atlas organization');
  const remove = confirm.getByRole('button', { name: 'Remove connection' });
  await expect(remove).toBeDisabled();
  await confirm.getByRole('textbox', { name: 'Organization name or ID' }).fill(orgId.slice(0, 12));
  await expect(remove).toBeDisabled();
  await expectNoA11yViolations('[role="dialog"]');
  await screenshotThemes('org-remove-dialog');
  await confirm.getByRole('textbox', { name: 'Organization name or ID' }).fill(orgId);
  await expect(remove).toBeEnabled();
  await remove.click();
  await expect(confirm).toBeHidden();
  await notificationShown(page, 'Connection removed');
  await expect(badge(page)).toHaveText('Not linked');
  await expect(history.getByRole('listitem').first()).toHaveText(/Synced → Not linked \(/);
});

test('a link Not synced for long says what to check; Notify me is off until clicked @mock-only', async ({
  page,
  context,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}) => {
  // The browser fakes' records go back to when the seeded links were made (long ago).
  const orgId = FIXTURE_IDS.opsOrgNotSynced;
  await gotoApp(`/orgs/opsmanager/${orgId}`);
  await expect(badge(page)).toHaveText('Not synced');
  const warning = page.getByRole('note').filter({ hasText: 'Not synced for a long time' });
  await expect(warning).toContainText(/This link has been Not synced for \d+ d/);
  await expect(warning).toContainText('access list');
  const notify = page.getByRole('button', { name: 'Notify me' });
  await expect(notify).toHaveAttribute('aria-pressed', 'false');
  await context.grantPermissions(['notifications']);
  await notify.click();
  await expect(notify).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText(/^On: this tab shows a notification/)).toBeVisible();
  await expectNoA11yViolations();
  await screenshotThemes('org-page-long-not-synced');
});

test('a bad link-token is refused inline or by Ops Manager, and what was typed stays', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}) => {
  const orgId = unlinked(4);
  await openOrg(page, gotoApp, orgId);
  await expect(badge(page)).toHaveText('Not linked');
  await page.getByRole('button', { name: 'Connect to Atlas' }).click();
  const dialog = await dialogShown(page, 'Connect to Atlas');
  const field = dialog.getByRole('textbox', { name: 'Link-token' });
  const connect = dialog.getByRole('button', { name: 'Connect' });

  await field.fill('pasted with a line\nbreak and spaces');
  await connect.click();
  await expect(
    dialog.getByText('The link-token must not contain spaces or line breaks.'),
  ).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');

  await field.fill(SAMPLE_LINK_TOKENS.expired);
  await connect.click();
  const error = dialog.getByRole('alert').filter({ hasText: 'Could not connect' });
  await expect(error).toContainText(
    'The link-token has expired. Generate a new link-token in Atlas.',
  );
  await expect(error).toContainText('LINK_TOKEN_EXPIRED');
  await expect(field).toHaveValue(SAMPLE_LINK_TOKENS.expired);
  await expectNoA11yViolations('[role="dialog"]');
  await screenshotThemes('org-connect-dialog-error');

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(badge(page)).toHaveText('Not linked');
  // Closed means forgotten: the dialog opens empty.
  await page.getByRole('button', { name: 'Connect to Atlas' }).click();
  await expect(page.getByRole('textbox', { name: 'Link-token' })).toHaveValue('');
});

test('the whole connect-and-remove journey by keyboard alone', async ({ page, gotoApp }) => {
  const orgId = unlinked(5);
  await openOrg(page, gotoApp, orgId);
  await expect(badge(page)).toHaveText('Not linked');

  const connectButton = page.getByRole('button', { name: 'Connect to Atlas' });
  await expect(connectButton).toBeEnabled();
  await tabTo(page, connectButton);
  await page.keyboard.press('Enter');
  const dialog = await dialogShown(page, 'Connect to Atlas');
  const field = dialog.getByRole('textbox', { name: 'Link-token' });
  await expect(field).toBeFocused();
  await page.keyboard.type(SAMPLE_LINK_TOKENS.valid);
  await tabTo(page, dialog.getByRole('button', { name: 'Connect' }));
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(badge(page)).toHaveText(/^(Not synced|Synced)$/);

  const removeButton = page.getByRole('button', { name: 'Remove connection' });
  await expect(removeButton).toBeEnabled();
  await tabTo(page, removeButton);
  await page.keyboard.press('Enter');
  const confirm = await dialogShown(page, 'Remove connection');
  await expect(confirm.getByRole('textbox', { name: 'Organization name or ID' })).toBeFocused();
  await page.keyboard.type(orgId);
  await page.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  await expect(badge(page)).toHaveText('Not linked');
  await expect(page.getByRole('button', { name: 'Connect to Atlas' })).toBeEnabled();
});

test('an ID that is not 24 hex digits is refused without calling the API', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
}) => {
  const calls: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/opsmanager/')) calls.push(r.url());
  });
  await gotoApp('/orgs/opsmanager/not-an-org-id');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Invalid organization ID' }),
  ).toBeVisible();
  await expect(page.getByRole('alert')).toContainText(
    '“not-an-org-id” is not a valid organization ID. An ID is 24 characters: digits 0-9 and letters a-f.',
  );
  await expectNoA11yViolations();
  expect(calls).toEqual([]);
});

test('an unknown org says so', async ({ page, gotoApp }) => {
  await gotoApp(`/orgs/opsmanager/${FIXTURE_IDS.opsOrgUnknown}`);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Organization not found' }),
  ).toBeVisible();
  await expect(page.getByRole('alert')).toContainText(
    `Ops Manager has no organization with ID ${FIXTURE_IDS.opsOrgUnknown}`,
  );
});

const FAILURES = [
  {
    scenario: 'forbidden',
    says: [/answered 403/, /needs the Organization Owner role/],
  },
  { scenario: 'rate-limited', says: [/answered 429/, /trying again in \d s/] },
  {
    scenario: 'upstream-down',
    says: [
      /Ops Manager (could not be reached|did not answer in time)/,
      /Code: UPSTREAM_(UNREACHABLE|TIMEOUT)/,
      /upstream settings|Try again/,
    ],
  },
  {
    scenario: 'unauthorized',
    says: [/answered 401/, /refused the proxy's Ops Manager API key \(public key \w+\)/],
  },
];

for (const f of FAILURES) {
  test.describe(`scenario ${f.scenario}`, () => {
    test.use({ scenario: f.scenario });

    test(`the org page says what failed and what to do (${f.scenario})`, async ({
      page,
      gotoApp,
      expectNoA11yViolations,
      screenshotThemes,
    }) => {
      await gotoApp(`/orgs/opsmanager/${FIXTURE_IDS.opsOrgSynced}`);
      const alert = page.getByRole('alert').filter({ hasText: 'Could not load this organization' });
      for (const text of f.says) await expect(alert).toContainText(text);
      await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
      await expectNoA11yViolations();
      await screenshotThemes(`org-page-${f.scenario}`);
    });
  });
}
