// Journeys on federations: orgs grouped by federation, find a federation, remove connected orgs.
// The full-stack store is shared by every test of a run and by retries: a removal takes a fresh org
// per attempt, and no test reads a count another test can change.
import { FIXTURE_IDS, fixtureName } from '../mocks/db/fixtures';
import { expect, test } from './fixtures';
import { dialogShown, notificationShown, tabTo, toTop } from './helpers';

/** Orgs each removal test may take, one per attempt (large keeps its first org, medium two). */
const REMOVABLE = {
  mouse: [1, 2, 3].map((i) => ({
    fed: FIXTURE_IDS.federationLarge,
    org: FIXTURE_IDS.federationLargeOrgs[i],
  })),
  keyboard: [
    { fed: FIXTURE_IDS.federationLarge, org: FIXTURE_IDS.federationLargeOrgs[4] },
    { fed: FIXTURE_IDS.federationLarge, org: FIXTURE_IDS.federationLargeOrgs[5] },
    { fed: FIXTURE_IDS.federationMedium, org: FIXTURE_IDS.federationMediumOrgs[0] },
  ],
};

/** The large federation's name (its domains and identity providers; removals leave both). */
const LARGE_NAME =
  'contoso.com, contoso.eu and 1 more via Contoso Okta Workforce, Contoso Okta Workforce (partners)';

function removable(kind: keyof typeof REMOVABLE, retry: number): { fed: string; org: string } {
  const pick = REMOVABLE[kind][retry];
  if (!pick?.org) throw new Error(`no removable org left for attempt ${retry}`);
  return { fed: pick.fed, org: pick.org };
}

test('the Cloud orgs are grouped by federation, each named by its domains and providers', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}) => {
  await gotoApp('/federations');
  await expect(page.getByRole('heading', { level: 1, name: 'Federations' })).toBeVisible();
  const single = page.getByRole('heading', { level: 2, name: 'acme-payments.com via Acme Okta' });
  await expect(single).toBeVisible();
  await expect(page.getByText(/Looking up the federations/)).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: 'Not in a federation' })).toBeVisible();
  const inFederation = page.getByRole('link', { name: LARGE_NAME });
  await expect(inFederation).toHaveAttribute('href', `/federations/${FIXTURE_IDS.federationLarge}`);
  await expect(
    page.getByRole('cell', { name: fixtureName(FIXTURE_IDS.cloudOrgInFederation), exact: true }),
  ).toBeVisible();
  // Names, not hex IDs, in the headings; the IDs beside, copyable.
  await expect(page.getByText('Loading…')).toHaveCount(0);
  await expect(
    page.getByRole('heading', { level: 2, name: /^Federation [a-f0-9]{24}$/ }),
  ).toHaveCount(0);
  await expect(page.getByRole('button', { name: `Copy ID of ${LARGE_NAME}` })).toBeVisible();
  await expect(
    page.getByRole('button', { name: 'Copy ID of Contoso Okta Workforce', exact: true }),
  ).toBeVisible();
  await expectNoA11yViolations();
  await toTop(page);
  await screenshotThemes('federations');
});

test('find a federation by org ID', async ({ page, gotoApp }) => {
  await gotoApp('/federations');
  const input = page.getByRole('textbox', { name: 'Organization ID' });
  await input.fill('not-an-id');
  await page.getByRole('button', { name: 'Find federation' }).click();
  await expect(page.getByText(/An ID is 24 characters/)).toBeVisible();

  await input.fill(FIXTURE_IDS.cloudOrgNoFederation);
  await page.getByRole('button', { name: 'Find federation' }).click();
  await expect(
    page.getByRole('alert', {
      name: `${fixtureName(FIXTURE_IDS.cloudOrgNoFederation)} is not in a federation`,
    }),
  ).toBeVisible();
  await input.fill(FIXTURE_IDS.cloudOrgUnknown);
  // A new ID: the old answer is gone at once.
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Find federation' }).click();
  await expect(
    page.getByRole('alert', {
      name: `MongoDB Cloud has no organization ${FIXTURE_IDS.cloudOrgUnknown}`,
    }),
  ).toBeVisible();

  await input.fill(FIXTURE_IDS.cloudOrgInFederation);
  await page.getByRole('button', { name: 'Find federation' }).click();
  await expect(page).toHaveURL(
    `/federations/${FIXTURE_IDS.federationLarge}?org=${FIXTURE_IDS.cloudOrgInFederation}`,
  );
  await expect(page.getByRole('heading', { level: 1, name: LARGE_NAME })).toBeVisible();
  await expect(page.getByRole('cell', { name: /Looked up/ })).toContainText(
    fixtureName(FIXTURE_IDS.cloudOrgInFederation),
  );
});

test('remove an org from a federation after typing its ID', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}, testInfo) => {
  const { fed, org } = removable('mouse', testInfo.retry);
  const name = fixtureName(org);
  await gotoApp(`/federations/${fed}`);
  await expect(page.getByRole('columnheader', { name: 'Role mappings' })).toBeVisible();
  await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();
  await expectNoA11yViolations();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoA11yViolations();
  await page.emulateMedia({ colorScheme: 'light' });
  await toTop(page);
  await screenshotThemes('federation');

  await page.getByRole('button', { name: `Remove ${name} from federation` }).click();
  const dialog = await dialogShown(page, `Remove ${name} from the federation?`);
  const confirm = dialog.getByRole('button', { name: 'Remove from federation' });
  await expect(confirm).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'Organization name or ID' }).fill(org.slice(0, 12));
  await expect(confirm).toBeDisabled();
  await expectNoA11yViolations('[role="dialog"]');
  await screenshotThemes('federation-remove-dialog');
  await dialog.getByRole('textbox', { name: 'Organization name or ID' }).fill(org);
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('cell', { name, exact: true })).toHaveCount(0);
  await notificationShown(page, 'Removed from federation');
  await expectNoA11yViolations();
});

test('remove an org using the keyboard only', async ({ page, gotoApp }, testInfo) => {
  const { fed, org } = removable('keyboard', testInfo.retry);
  const name = fixtureName(org);
  await gotoApp(`/federations/${fed}`);
  const remove = page.getByRole('button', { name: `Remove ${name} from federation` });
  await expect(remove).toBeEnabled();

  await tabTo(page, remove);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Remove ${name} from the federation?` });
  const input = dialog.getByRole('textbox', { name: 'Organization name or ID' });
  await expect(input).toBeFocused();
  await page.keyboard.type(org);
  const confirm = dialog.getByRole('button', { name: 'Remove from federation' });
  await expect(confirm).toBeEnabled();
  await tabTo(page, confirm, 5);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('cell', { name, exact: true })).toHaveCount(0);
  await expect(page.getByText('Removed from federation')).toBeVisible();
});

test('the last connected org cannot be removed', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}) => {
  const name = fixtureName(FIXTURE_IDS.federationSingleOrg);
  await gotoApp(`/federations/${FIXTURE_IDS.federationSingle}`);
  const remove = page.getByRole('button', { name: `Remove ${name} from federation` });
  await expect(remove).toBeDisabled();
  await expect(
    page.getByText('A federation must keep at least one connected organization.', { exact: false }),
  ).toBeVisible();
  await expect(remove).toHaveAccessibleDescription(/must keep at least one connected organization/);
  // …but the federation as a whole can go (e2e/federation-delete.spec.ts).
  await expect(page.getByRole('button', { name: 'Delete federation' })).toBeEnabled();
  await expectNoA11yViolations();
  await toTop(page);
  await screenshotThemes('federation-last-org');
});

test.describe('when the key lacks the Organization Owner role', () => {
  test.use({ scenario: 'forbidden' });

  test('the lookups and the federation page say so and what to do', async ({
    page,
    gotoApp,
    expectNoA11yViolations,
    screenshotThemes,
  }) => {
    await gotoApp('/federations');
    const failed = page.getByRole('alert', {
      name: /^Could not read the federation of \d+ organizations/,
    });
    await expect(failed).toContainText('403');
    await expect(failed).toContainText('Organization Owner role');
    await expectNoA11yViolations();
    await toTop(page);
    await screenshotThemes('federations-forbidden');

    await gotoApp(`/federations/${FIXTURE_IDS.federationPair}`);
    const alert = page.getByRole('alert', { name: /^Could not load the connected organizations/ });
    await expect(alert).toContainText('Organization Owner role');
  });
});

test.describe('when the upstream is down', () => {
  test.use({ scenario: 'upstream-down' });

  test('the pages say who failed and what to check', async ({
    page,
    gotoApp,
    expectNoA11yViolations,
    screenshotThemes,
  }) => {
    await gotoApp('/federations');
    const alert = page.getByRole('alert', {
      name: 'Could not load the MongoDB Cloud organizations',
    });
    await expect(alert).toContainText('UPSTREAM_UNREACHABLE');
    await expect(alert).toContainText("Check the proxy's upstream settings");
    await expectNoA11yViolations();
    await toTop(page);
    await screenshotThemes('federations-upstream-down');

    await gotoApp(`/federations/${FIXTURE_IDS.federationPair}`);
    await expect(
      page.getByRole('alert', { name: /^Could not load the connected organizations/ }),
    ).toContainText("Check the proxy's upstream settings");
  });
});
