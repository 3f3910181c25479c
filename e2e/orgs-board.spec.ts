// The Organizations board: every Ops Manager org with its live link status. These journeys only
// read, so they use the read-only fixture orgs (the full-stack store is shared by all tests).
import { FIXTURE_IDS, fixtureName } from '../mocks/db/fixtures';
import { expect, test, type Page } from './fixtures';

const SYNCED = FIXTURE_IDS.opsOrgSynced;
const NOT_SYNCED = FIXTURE_IDS.opsOrgNotSynced;
const UNLINKED = FIXTURE_IDS.opsOrgUnlinked;

function table(page: Page) {
  return page.getByRole('table', { name: 'Organizations' });
}

/** A row by its org (the row's name starts with the org's name and ID). */
function row(page: Page, orgId: string) {
  return table(page).getByRole('row', { name: new RegExp(`^${fixtureName(orgId)} ${orgId}`) });
}

test('the board lists orgs with live statuses, searchable and filterable from the URL', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}) => {
  await gotoApp('/orgs');
  await expect(page.getByRole('heading', { level: 1, name: 'Organizations' })).toBeVisible();
  await expect(table(page).getByRole('columnheader')).toHaveText([
    'Organization',
    'ID',
    'Link status',
  ]);
  await expect(row(page, SYNCED)).toContainText('Synced');
  await expect(row(page, NOT_SYNCED)).toContainText('Not synced');
  await expect(row(page, UNLINKED)).toContainText('Not linked');
  await expect(page.getByRole('img', { name: /^Link status of \d+ organizations/ })).toBeVisible();
  await expectNoA11yViolations();
  await screenshotThemes('orgs-board');

  const search = page.getByRole('searchbox', { name: 'Search organizations' });
  await search.fill('acme payments');
  await expect(page).toHaveURL(/[?&]q=acme\+payments/);
  await expect(table(page).getByRole('link')).toHaveText([
    fixtureName(SYNCED),
    fixtureName(NOT_SYNCED),
    fixtureName(UNLINKED),
  ]);

  const filter = page.getByRole('radiogroup', { name: 'Status filter' });
  await filter.getByText('Not linked', { exact: true }).click();
  await expect(page).toHaveURL(/[?&]status=not-linked/);
  await expect(table(page).getByRole('link')).toHaveText([fixtureName(UNLINKED)]);

  // The URL is the state: a reload (or a shared link) shows the same view.
  await page.reload();
  await expect(search).toHaveValue('acme payments');
  await expect(filter.getByRole('radio', { name: 'Not linked' })).toBeChecked();
  // The reload starts with no status known: Check now brings the matching orgs in.
  await page.getByRole('button', { name: 'Check now' }).click();
  await expect(table(page).getByRole('link')).toHaveText([fixtureName(UNLINKED)]);

  await table(page)
    .getByRole('link', { name: fixtureName(UNLINKED) })
    .click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${UNLINKED}$`));
  await expect(page.getByRole('heading', { level: 1, name: fixtureName(UNLINKED) })).toBeVisible();
  // The back link and the navigation return to the board as it was left.
  await page.getByRole('link', { name: '← All organizations' }).click();
  await expect(page).toHaveURL(/\/orgs\?q=acme\+payments&status=not-linked$/);
  await expect(filter.getByRole('radio', { name: 'Not linked' })).toBeChecked();
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Settings/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Organizations/ })
    .click();
  await expect(page).toHaveURL(/\/orgs\?q=acme\+payments&status=not-linked$/);
  await expect(search).toHaveValue('acme payments');
});

test('Check now checks every org with a progress bar and completes the summary', async ({
  page,
  gotoApp,
}) => {
  await gotoApp('/orgs');
  const total = Number(
    (
      await page
        .getByRole('status')
        .filter({ hasText: /^\d+ organizations$/ })
        .textContent()
    )
      ?.split(' ')[0]
      ?.replace(',', ''),
  );
  expect(total).toBeGreaterThan(40);
  await page.getByRole('button', { name: 'Check now' }).click();
  const progress = page.getByRole('progressbar', { name: 'Check progress' });
  await expect(progress).toHaveAttribute('aria-valuemax', String(total));
  await expect(page.getByText(`Checked ${total} of ${total} — done`)).toBeVisible();
  await expect(progress).toHaveAttribute('aria-valuenow', String(total));
  const legend = page.getByRole('list', { name: 'Organizations per link status' });
  await expect(legend.getByRole('listitem').filter({ hasText: 'Not checked' })).toHaveText(
    'Not checked0',
  );
  await expect(page.getByText(/^Last check: \d/)).toBeVisible();
});

test.describe('with 5,000 orgs', () => {
  test.use({ scenario: 'many-orgs' });
  test.describe.configure({ timeout: 90_000 });

  test('the board becomes usable quickly, searches and scrolls to the end', async ({
    page,
    gotoApp,
  }, testInfo) => {
    const started = Date.now();
    await gotoApp('/orgs');
    await expect(page.getByRole('status').filter({ hasText: '5,000 organizations' })).toBeVisible({
      timeout: 20_000,
    });
    await expect(table(page)).toHaveAttribute('aria-rowcount', '5001');
    await expect(table(page).getByRole('row').nth(1)).toBeVisible();
    testInfo.annotations.push({
      type: 'board-interactive-ms',
      description: String(Date.now() - started),
    });
    // Only the rows in view are in the DOM.
    expect(await table(page).getByRole('row').count()).toBeLessThan(60);

    // The page scrolls (not a box inside it). End, pressed on the first row's link, goes to the
    // very end: the header stays in view, the last org is rendered with its row number, and the
    // focus stays on that link (its row is kept rendered), not on <body>.
    const firstLink = table(page).getByRole('link').first();
    await firstLink.focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(100_000);
    await expect(table(page).getByRole('columnheader', { name: 'Organization' })).toBeInViewport();
    await expect(firstLink).toBeFocused();
    const last = table(page).locator('tr[aria-rowindex="5001"]');
    await expect(last).toBeVisible();
    const lastName = (await last.getByRole('link').textContent()) ?? '';
    const lastId = (await last.getByRole('cell').nth(1).textContent()) ?? '';
    expect(lastId).toMatch(/^[a-f0-9]{24}$/);
    // Still only the rows in view (and the focused one) are in the DOM.
    expect(await table(page).getByRole('row').count()).toBeLessThan(60);
    // On-screen rows check themselves once scrolling stops.
    await expect(last.getByText(/^(Synced|Not synced|Not linked)$/)).toBeVisible();

    // Search by ID finds that one org.
    await page.getByRole('searchbox', { name: 'Search organizations' }).fill(lastId);
    await expect(page.getByText('Showing 1 of 5,000 organizations')).toBeVisible();
    await expect(table(page).getByRole('link')).toHaveText([lastName]);
    // And by name (names repeat across 5,000 orgs, so at least one).
    await page.getByRole('searchbox', { name: 'Search organizations' }).fill(lastName);
    await expect(table(page).getByRole('link', { name: lastName }).first()).toBeVisible();
  });
});

test.describe('when the upstream rate-limits', () => {
  test.use({ scenario: 'rate-limited' });

  test('rows say so and Check now pauses for Retry-After', async ({ page, gotoApp }) => {
    await gotoApp('/orgs');
    await expect(row(page, SYNCED)).toContainText('Check failed: rate limited');
    await page.getByRole('button', { name: 'Check now' }).click();
    await expect(page.getByText(/Paused for \d+ s \(rate limited\)/)).toBeVisible();
    await page.getByRole('button', { name: 'Cancel check' }).click();
    await expect(page.getByText(/ — cancelled$/)).toBeVisible();
  });
});

test.describe('when the key lacks the Organization Owner role', () => {
  test.use({ scenario: 'forbidden' });

  test('the list shows (listing needs no role) and each status says 403', async ({
    page,
    gotoApp,
    expectNoA11yViolations,
  }) => {
    await gotoApp('/orgs');
    await expect(row(page, SYNCED)).toContainText('Check failed: 403 forbidden');
    await expectNoA11yViolations();
  });
});

test.describe('when the upstream is down', () => {
  test.use({ scenario: 'upstream-down' });

  test('the board says who failed and what to do', async ({
    page,
    gotoApp,
    expectNoA11yViolations,
    screenshotThemes,
  }) => {
    await gotoApp('/orgs');
    const alert = page.getByRole('alert').filter({ hasText: 'Could not load' });
    await expect(alert).toContainText('Could not load the Ops Manager organizations');
    await expect(alert).toContainText(/Ops Manager (could not be reached|did not answer in time)/);
    await expect(alert).toContainText(/Code: UPSTREAM_(UNREACHABLE|TIMEOUT)/);
    await expect(alert).toContainText(/Check the proxy's upstream settings|Try again in a moment/);
    await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
    await expectNoA11yViolations();
    await screenshotThemes('orgs-board-upstream-down');
  });
});
