// A live migration from start to finish through the real proxy, its registry and its poller, the
// simulated upstream on compressed timings (playwright.config.ts MIGRATION_TIMINGS): from the
// linked org's page (Plan a migration) → a failing validation, then a passing one → Start
// migration → lag falls → ready for cutover → Cut over (typed target cluster name) → Complete; by
// mouse and by keyboard alone, with axe on each step. And a short cutover window's warning, then
// its expiry (the migration-window-short scenario).
import { MIGRATION_FIXTURES, SAMPLE_MIGRATION_CREDENTIALS } from '../mocks/db/fixtures';
import { expect, test, type Page } from './fixtures';
import { dialogShown, notificationShown, tabTo, toTop } from './helpers';
import { fillStartForm, orgName, press, type Input } from './migration-steps';

const F = MIGRATION_FIXTURES.opsManager;

async function planFromOrgPage(page: Page, how: Input, gotoApp: (p: string) => Promise<void>) {
  await gotoApp(`/orgs/${F.sourceOrgId}`);
  await expect(page.getByRole('heading', { level: 1, name: orgName(F) })).toBeVisible();
  const plan = page.getByRole('link', { name: 'Plan a migration' });
  await press(page, how, plan);
  await expect(page).toHaveURL(/\/migrations\/new\?source=opsmanager&org=/);
}

async function validateThenStart(page: Page, how: Input) {
  const validate = page.getByRole('button', { name: 'Validate' });
  const start = page.getByRole('button', { name: 'Start migration' });
  // A wrong password first: the validation fails, in plain words, with what to do.
  await fillStartForm(page, how, F, SAMPLE_MIGRATION_CREDENTIALS.wrongPassword);
  await expect(start).toBeDisabled();
  await press(page, how, validate);
  await expect(page.getByText(/Validating \(pending\)/)).toBeVisible();
  const failed = page.getByRole('alert').filter({ hasText: 'Validation failed' });
  await expect(failed).toContainText('Authentication to the source cluster failed');
  await expect(failed).toContainText('Check the source database username and password');
  await expect(start).toBeDisabled();
  // Fixing the password makes the old verdict stale; a new validation passes.
  const password = page.getByLabel('Source database password', { exact: true });
  if (how === 'mouse') await password.fill(SAMPLE_MIGRATION_CREDENTIALS.password);
  else {
    await tabTo(page, password);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(SAMPLE_MIGRATION_CREDENTIALS.password);
  }
  await expect(page.getByText('The form changed after the validation')).toBeVisible();
  await press(page, how, validate);
  await expect(page.getByText('Validation passed')).toBeVisible();
  await press(page, how, start);
  await expect(page).toHaveURL(/\/migrations\/[a-f0-9]{24}$/);
  await notificationShown(page, 'Migration started');
}

async function watchAndCutOver(
  page: Page,
  how: Input,
  expectNoA11yViolations: () => Promise<void>,
) {
  await expect(
    page.getByRole('heading', { level: 1, name: `${F.deployment} → ${F.targetCluster}` }),
  ).toBeVisible();
  // Lag is measured and falls; then the migration is ready for cutover (catch-up ≈ 15 s).
  await expect(page.getByText(/^Lag fell from/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Ready for cutover: Yes')).toBeVisible({ timeout: 40_000 });
  await expect(page.getByText(/of the 120 hours window/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'extend it in the Atlas UI' })).toHaveAttribute(
    'href',
    `https://cloud.mongodb.com/v2/${F.atlasProjectId}#/clusters`,
  );
  await expectNoA11yViolations();
  await press(page, how, page.getByRole('button', { name: 'Cut over' }));
  const dialog = await dialogShown(page, 'Cut over');
  const confirm = dialog.getByRole('button', { name: 'Cut over' });
  await expect(confirm).toBeDisabled();
  const name = dialog.getByRole('textbox', { name: 'Target cluster name' });
  if (how === 'mouse') await name.fill(F.targetCluster);
  else await page.keyboard.type(F.targetCluster); // the field has the focus on opening
  await expect(confirm).toBeEnabled();
  await press(page, how, confirm);
  await notificationShown(page, 'Cutover started');
  // The dialog gave the focus back: Cut over is disabled now, so to the heading.
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.getByText('Complete', { exact: true }).first()).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText(/Cutover requested by/)).toBeVisible();
  await expectNoA11yViolations();
}

for (const how of ['mouse', 'keyboard'] as const) {
  test(`${how}: plan from the org page, validate (fail, then pass), start, watch lag fall, cut over → Complete`, async ({
    page,
    gotoApp,
    expectNoA11yViolations,
    screenshotThemes,
  }) => {
    test.setTimeout(120_000);
    await planFromOrgPage(page, how, gotoApp);
    await validateThenStart(page, how);
    await watchAndCutOver(page, how, expectNoA11yViolations);
    await toTop(page);
    await screenshotThemes(`migration-complete-${how}`);
    // The list has it, complete, from the database.
    await gotoApp('/migrations?status=COMPLETE');
    await expect(
      page.getByRole('link', { name: `${F.deployment} → ${F.targetCluster}` }).first(),
    ).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('Complete');
    await expectNoA11yViolations();
    // And so does the org page's Migrations section.
    await gotoApp(`/orgs/${F.sourceOrgId}`);
    const section = page.getByRole('region', { name: 'Migrations' });
    await expect(
      section.getByRole('link', { name: `${F.deployment} → ${F.targetCluster}` }).first(),
    ).toBeVisible();
    await expect(section.getByText('Complete', { exact: true }).first()).toBeVisible();
  });
}

test.describe('a short cutover window', () => {
  test.use({ scenario: 'migration-window-short' });

  test('warns in the window, links to the Atlas UI, then says it ran out', async ({
    page,
    gotoApp,
    expectNoA11yViolations,
    screenshotThemes,
  }) => {
    test.setTimeout(120_000);
    await planFromOrgPage(page, 'mouse', gotoApp);
    await fillStartForm(page, 'mouse', F, SAMPLE_MIGRATION_CREDENTIALS.password);
    await page.getByRole('button', { name: 'Validate' }).click();
    await expect(page.getByText('Validation passed')).toBeVisible();
    await page.getByRole('button', { name: 'Start migration' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'The cutover window ends soon' });
    await expect(warning).toBeVisible({ timeout: 40_000 });
    await expect(warning).toContainText('left');
    await expect(warning.getByRole('link', { name: 'extend it in the Atlas UI' })).toBeVisible();
    await expectNoA11yViolations();
    await toTop(page);
    await screenshotThemes('migration-window-warning');
    await expect(
      page.getByRole('alert').filter({ hasText: 'The cutover window ran out' }),
    ).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByText('Expired', { exact: true }).first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Cut over' })).toBeDisabled();
  });
});
