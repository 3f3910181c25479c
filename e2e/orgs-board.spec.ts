// The Organizations board: every source org (Ops Manager and Cloud Manager) from GET /api/fleet —
// what the dashboard server knows — complete at first paint, with live refresh of the rows on
// screen. These journeys only read org state, so they use the read-only fixture orgs (the
// full-stack store is shared by all tests). Check now starts a sweep, which changes no org.
import { readFile } from 'node:fs/promises';
import { FIXTURE_IDS, fixtureName } from '../mocks/db/fixtures';
import { FLEET_ENDPOINTS, fleetSchema, type Fleet } from '#contract/fleet-contract';
import { parseCsv } from '../src/testing/parse-csv';
import { expect, test, type Page } from './fixtures';

const SYNCED = FIXTURE_IDS.opsOrgSynced;
const NOT_SYNCED = FIXTURE_IDS.opsOrgNotSynced;
const UNLINKED = FIXTURE_IDS.opsOrgUnlinked;
const CM_SYNCED = FIXTURE_IDS.cmOrgSynced;

function table(page: Page) {
  return page.getByRole('table', { name: 'Organizations' });
}

/** A row by its org (the row's name starts with the org's name and ID). */
function row(page: Page, orgId: string) {
  return table(page).getByRole('row', { name: new RegExp(`^${fixtureName(orgId)} ${orgId}`) });
}

/** The fleet as the page's own origin serves it (the proxy, or the browser fakes). */
async function fleetOf(page: Page): Promise<Fleet> {
  // The browser fakes answer once the app has started them (before it renders its heading).
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const json: unknown = await page.evaluate(
    async (url) => (await fetch(url)).json(),
    FLEET_ENDPOINTS.fleet,
  );
  return fleetSchema.parse(json);
}

test('the board is complete at first paint, with Source and since, from the server', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}) => {
  await gotoApp('/orgs');
  await expect(page.getByRole('heading', { level: 1, name: 'Organizations' })).toBeVisible();
  await expect(table(page).getByRole('columnheader')).toHaveText([
    'Organization',
    'Source',
    'Link status',
    'Since',
    'Last checked',
    'Last error',
  ]);
  // Every org the server knows, none of them "not checked", without pressing Check now.
  const fleet = await fleetOf(page);
  await expect(table(page)).toHaveAttribute('aria-rowcount', String(fleet.orgs.length + 1));
  const legend = page.getByRole('list', { name: 'Organizations per link status' });
  await expect(legend.getByRole('listitem').filter({ hasText: 'Not checked' })).toHaveText(
    'Not checked0',
  );
  await expect(row(page, SYNCED)).toContainText('Ops Manager');
  await expect(row(page, SYNCED)).toContainText('Synced');
  await expect(row(page, NOT_SYNCED)).toContainText('Not synced');
  await expect(row(page, NOT_SYNCED)).toContainText(
    /Not synced for (under a minute|\d+ (min|h|d))/,
  );
  await expect(row(page, UNLINKED)).toContainText('Not linked');
  await expectNoA11yViolations();
  await screenshotThemes('orgs-board');
  // Cloud Manager's orgs are on the board too (further down: found by a search).
  await page.getByRole('searchbox', { name: 'Search organizations' }).fill(CM_SYNCED);
  await expect(row(page, CM_SYNCED)).toContainText('Cloud Manager');
  await expect(row(page, CM_SYNCED)).toContainText('Synced');
});

test('a shared link shows exactly the orgs the server knows, and filters write the URL', async ({
  page,
  gotoApp,
}) => {
  await gotoApp('/orgs?q=acme+payments&status=synced');
  const search = page.getByRole('searchbox', { name: 'Search organizations' });
  const filter = page.getByRole('radiogroup', { name: 'Status filter' });
  await expect(search).toHaveValue('acme payments');
  await expect(filter.getByRole('radio', { name: 'Synced', exact: true })).toBeChecked();
  const fleet = await fleetOf(page);
  const expected = fleet.orgs
    .filter((o) => /acme payments/i.test(o.name ?? '') && o.status === 'SYNCED')
    .map((o) => o.name ?? o.orgId);
  expect(expected).toEqual([fixtureName(SYNCED)]);
  await expect(table(page).getByRole('link')).toHaveText(expected);

  // The exact count of every not-synced org the server knows, at first paint.
  await gotoApp('/orgs?status=not-synced');
  const notSynced = (await fleetOf(page)).orgs.filter((o) => o.status === 'NOT_SYNCED').length;
  expect(notSynced).toBeGreaterThan(3);
  await expect(page.getByText(/^Showing \d+ of \d+ organizations$/)).toHaveText(
    new RegExp(`^Showing ${notSynced} of `),
  );

  // Choosing filters writes them to the URL; a reload shows the same view.
  await gotoApp('/orgs');
  await search.fill('acme payments');
  await expect(page).toHaveURL(/[?&]q=acme\+payments/);
  await filter.getByText('Not linked', { exact: true }).click();
  await expect(page).toHaveURL(/[?&]status=not-linked/);
  await expect(table(page).getByRole('link')).toHaveText([fixtureName(UNLINKED)]);
  const source = page.getByRole('radiogroup', { name: 'Source' });
  await source.getByText('Cloud Manager', { exact: true }).click();
  await expect(page).toHaveURL(/[?&]source=cloudmanager/);
  await expect(page.getByText('No organizations match the search and filters.')).toBeVisible();
  await source.getByText('Ops Manager', { exact: true }).click();
  await page.reload();
  await expect(search).toHaveValue('acme payments');
  await expect(filter.getByRole('radio', { name: 'Not linked' })).toBeChecked();
  await expect(table(page).getByRole('link')).toHaveText([fixtureName(UNLINKED)]);

  // The org page lives under its source; the back link returns to the board as it was left.
  await table(page)
    .getByRole('link', { name: fixtureName(UNLINKED) })
    .click();
  await expect(page).toHaveURL(new RegExp(`/orgs/opsmanager/${UNLINKED}$`));
  await expect(page.getByRole('heading', { level: 1, name: fixtureName(UNLINKED) })).toBeVisible();
  await page.getByRole('link', { name: '← All organizations' }).click();
  await expect(page).toHaveURL(/\/orgs\?q=acme\+payments&source=opsmanager&status=not-linked$/);
  await expect(filter.getByRole('radio', { name: 'Not linked' })).toBeChecked();
});

test('Check now asks the server to sweep; its progress survives leaving the page', async ({
  page,
  gotoApp,
}) => {
  await gotoApp('/orgs');
  const check = page.getByRole('button', { name: 'Check now' });
  await expect(check).toBeEnabled();
  const asked = page.waitForResponse(
    (r) => r.url().endsWith(FLEET_ENDPOINTS.sweep) && r.request().method() === 'POST',
  );
  await check.click();
  expect((await asked).status()).toBe(202);
  // Away and back: the page asks the server how the sweep goes (no state of its own).
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: /^Settings/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await nav.getByRole('link', { name: /^Organizations/ }).click();
  // The sweep this page asked for ends, and says who asked (a scheduled one does not).
  await expect(page.getByText(/^Checked (\d+) of \1 — done.*\(asked by [^)]+\)\.$/)).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText(/^Last check: done, /)).toBeVisible();
  await expect(check).toBeEnabled();
});

test('Export CSV downloads the board as filtered', async ({ page, gotoApp }) => {
  await gotoApp('/orgs?q=acme+payments');
  await expect(table(page).getByRole('link')).toHaveCount(3);
  // The rows' own live checks agree with the server's record before the export.
  await expect(row(page, SYNCED)).toContainText('Synced');
  await expect(row(page, NOT_SYNCED)).toContainText('Not synced');
  const ids = await table(page)
    .getByRole('row')
    .evaluateAll((rows) => rows.slice(1).map((r) => /[a-f0-9]{24}/.exec(r.textContent ?? '')?.[0]));
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^organizations-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = parseCsv(await readFile(await download.path(), 'utf8'));
  expect(csv[0]).toEqual(['Source', 'Name', 'ID', 'Status', 'Since', 'Last checked', 'Last error']);
  const records = csv.slice(1);
  expect(records.map((r) => r[2])).toEqual(ids);
  expect(records.map((r) => [r[0], r[1], r[3]])).toEqual([
    // By name, as on the board.
    ['Ops Manager', fixtureName(UNLINKED), 'Not linked'],
    ['Ops Manager', fixtureName(SYNCED), 'Synced'],
    ['Ops Manager', fixtureName(NOT_SYNCED), 'Not synced'],
  ]);
  await expect(page.getByText(/^3 organizations saved as organizations-/)).toBeVisible();
});

test('an old org address goes to the Ops Manager org page', async ({ page, gotoApp }) => {
  await gotoApp(`/orgs/${SYNCED}`);
  await expect(page).toHaveURL(new RegExp(`/orgs/opsmanager/${SYNCED}$`));
  await expect(page.getByRole('heading', { level: 1, name: fixtureName(SYNCED) })).toBeVisible();
});

test.describe('with 5,000 orgs', () => {
  test.use({ scenario: 'many-orgs' });
  test.describe.configure({ timeout: 90_000 });

  test('the board is complete at once, searches and scrolls to the end @mock-only', async ({
    page,
    gotoApp,
  }, testInfo) => {
    const started = Date.now();
    await gotoApp('/orgs');
    const fleet = await fleetOf(page);
    expect(fleet.orgs.length).toBeGreaterThan(5_000);
    const total = fleet.orgs.length.toLocaleString('en-US');
    await expect(
      page.getByRole('status').filter({ hasText: `${total} organizations` }),
    ).toBeVisible({ timeout: 20_000 });
    await expect(table(page)).toHaveAttribute('aria-rowcount', String(fleet.orgs.length + 1));
    await expect(table(page).getByRole('row').nth(1)).toBeVisible();
    testInfo.annotations.push({
      type: 'board-interactive-ms',
      description: String(Date.now() - started),
    });
    // Only the rows in view are in the DOM.
    expect(await table(page).getByRole('row').count()).toBeLessThan(60);

    // End, pressed on the first row's link, goes to the very end; the focus stays on that link.
    const firstLink = table(page).getByRole('link').first();
    await firstLink.focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(100_000);
    await expect(table(page).getByRole('columnheader', { name: 'Organization' })).toBeInViewport();
    await expect(firstLink).toBeFocused();
    const last = table(page).locator(`tr[aria-rowindex="${fleet.orgs.length + 1}"]`);
    await expect(last).toBeVisible();
    // Every row has its status from the server, the last one too.
    await expect(last.getByText(/^(Synced|Not synced|Not linked)$/)).toBeVisible();
    const lastName = (await last.getByRole('link').textContent()) ?? '';
    const lastId = fleet.orgs.find((o) => o.name === lastName)?.orgId ?? '';
    expect(lastId).toMatch(/^[a-f0-9]{24}$/);

    // Search by ID finds that one org.
    await page.getByRole('searchbox', { name: 'Search organizations' }).fill(lastId);
    await expect(page.getByText(`Showing 1 of ${total} organizations`)).toBeVisible();
    await expect(table(page).getByRole('link')).toHaveText([lastName]);
  });
});

test.describe('when the key lacks the Organization Owner role', () => {
  test.use({ scenario: 'forbidden' });

  test("rows on screen say their live check got 403, over the server's record", async ({
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

  test('the board still shows what the server knows, and rows say the live check failed', async ({
    page,
    gotoApp,
    expectNoA11yViolations,
    screenshotThemes,
  }) => {
    await gotoApp('/orgs');
    await expect(row(page, SYNCED)).toContainText(/Check failed: (unreachable|timed out)/);
    await expect(row(page, NOT_SYNCED)).toBeVisible();
    await expectNoA11yViolations();
    await screenshotThemes('orgs-board-upstream-down');
  });
});
