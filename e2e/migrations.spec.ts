// Start migration in either setup (browser fakes or the real proxy): the form flags what push
// migration no longer supports, a validation that fails says why and what to do (here: not enough
// disk on the 10 GB target), Start migration stays disabled until a validation of exactly this
// request passes, and starting one opens its page and lists it. Axe and screenshots on the way.
import { MIGRATION_FIXTURES, SAMPLE_MIGRATION_CREDENTIALS } from '../mocks/db/fixtures';
import { expect, test } from './fixtures';
import { notificationShown, toTop } from './helpers';
import { fillStartForm, pick } from './migration-steps';

const F = MIGRATION_FIXTURES.cloudManager;
const NEW = `/migrations/new?source=cloudmanager&org=${F.sourceOrgId}&atlasOrg=${F.atlasOrgId}`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('a validation that fails names the cause; a passing one of the same request allows Start migration', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}) => {
  test.setTimeout(120_000);
  await gotoApp(NEW);
  await fillStartForm(page, 'mouse', F, SAMPLE_MIGRATION_CREDENTIALS.password);
  // Too small a target first.
  await pick(page, 'mouse', 'Target cluster', new RegExp(`^${escape(F.smallTargetCluster)} `));
  const start = page.getByRole('button', { name: 'Start migration' });
  await expect(start).toBeDisabled();
  await page.getByRole('button', { name: 'Validate' }).click();
  const failed = page.getByRole('alert').filter({ hasText: 'Validation failed' });
  await expect(failed).toContainText('Not enough disk on the target');
  await expect(failed).toContainText('Pick a target cluster with more disk');
  await expect(start).toBeDisabled();
  await expectNoA11yViolations();
  await toTop(page);
  await screenshotThemes('migration-new-failed');

  await pick(page, 'mouse', 'Target cluster', new RegExp(`^${escape(F.targetCluster)} `));
  await expect(page.getByText('The form changed after the validation')).toBeVisible();
  await expect(start).toBeDisabled();
  await page.getByRole('button', { name: 'Validate' }).click();
  await expect(page.getByText('Validation passed')).toBeVisible();
  await expect(start).toBeEnabled();
  // Any change afterwards needs a new validation.
  await page.getByRole('checkbox', { name: 'Managed authentication' }).check();
  await expect(start).toBeDisabled();
  await page.getByRole('checkbox', { name: 'Managed authentication' }).uncheck();
  // The typed password survived.
  await expect(page.getByLabel('Source database password', { exact: true })).toHaveValue(
    SAMPLE_MIGRATION_CREDENTIALS.password,
  );
  await expect(start).toBeEnabled();
  await start.click();
  await expect(page).toHaveURL(/\/migrations\/[a-f0-9]{24}$/);
  // Axe below reads the toast only once it is fully shown (not mid-fade).
  await notificationShown(page, 'Migration started');
  await expect(
    page.getByRole('heading', { level: 1, name: `${F.deployment} → ${F.targetCluster}` }),
  ).toBeVisible();
  await expect(page.getByText('Ready for cutover: No')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cut over' })).toBeDisabled();
  await expectNoA11yViolations();

  // …and not while it fades out (4 s after it opened).
  await expect(page.getByRole('alert').filter({ hasText: 'Migration started' })).toHaveCount(0, {
    timeout: 20_000,
  });
  await page.getByRole('link', { name: '← All migrations' }).click();
  await expect(
    page.getByRole('link', { name: `${F.deployment} → ${F.targetCluster}` }).first(),
  ).toBeVisible();
  await expectNoA11yViolations();
  await screenshotThemes('migrations-list');
});

test('Drop destination data asks for the target cluster name', async ({ page, gotoApp }) => {
  await gotoApp(NEW);
  await fillStartForm(page, 'mouse', F, SAMPLE_MIGRATION_CREDENTIALS.password);
  const drop = page.getByRole('checkbox', { name: 'Drop destination data' });
  // Checking it asks first (the box stays unchecked until confirmed).
  await drop.click();
  const dialog = page.getByRole('dialog', { name: 'Drop destination data' });
  const confirm = dialog.getByRole('button', { name: 'Drop destination data' });
  await expect(confirm).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'Target cluster name' }).fill(F.targetCluster);
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(drop).toBeChecked();
  await expect(drop).toBeFocused();
  // Cancelling leaves it off.
  await drop.uncheck();
  await drop.click();
  await page
    .getByRole('dialog', { name: 'Drop destination data' })
    .getByRole('button', { name: 'Cancel' })
    .click();
  await expect(drop).not.toBeChecked();
});
