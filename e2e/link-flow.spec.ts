// "Link an organization" (/link): Generate and connect in one step, by mouse and by keyboard, the
// connect that fails after the link-token was made, the ways in, and the click count of the
// journey (issue 11: before, 9 clicks, 3 paste/typing steps, 4 screens).
// Each test works on its own orgs (LINK_FLOW_FIXTURES): the full-stack store lives for the run.
import { writeFileSync, mkdirSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import { LINK_FLOW_FIXTURES as L, fixtureName } from '../mocks/db/fixtures';
import { expect, test, type Page } from './fixtures';
import { dialogShown, notificationShown, tabTo, toTop } from './helpers';

const at = (ids: readonly string[], i: number): string => {
  const id = ids[i];
  if (!id) throw new Error(`LINK_FLOW_FIXTURES lacks an org at ${i}`);
  return id;
};
const atlasLinked = L.atlasOrgLinked;
const atlasFailed = L.atlasOrgFailed;
const atlasKeyboard = L.atlasOrgKeyboard;

/** A new link reads Not synced, then Synced (the fakes' link sync delay is a few seconds). */
const SYNC_TIMEOUT = 45_000;

async function choose(page: Page, picker: string, orgId: string): Promise<void> {
  const name = fixtureName(orgId);
  const box = page.getByRole('combobox', { name: picker });
  await expect(box).toBeEnabled();
  await box.click();
  await box.fill(name);
  await page.getByRole('option', { name: `${name} — ${orgId}` }).click();
}

async function expectSyncedWithPlan(
  page: Page,
  sourceOrg: string,
  source: string,
  atlasOrg = atlasLinked,
) {
  const name = fixtureName(sourceOrg);
  const watch = page.getByRole('region', { name: new RegExp(`^${name} is linked`) });
  await expect(watch.getByRole('status', { name: 'Link status' })).toHaveText(/Synced/, {
    timeout: SYNC_TIMEOUT,
  });
  await expect(watch.getByRole('heading', { name: `${name} is linked and synced` })).toBeVisible();
  await expect(watch.getByRole('link', { name: 'Plan a migration' })).toHaveAttribute(
    'href',
    `/migrations/new?source=${source}&org=${sourceOrg}&atlasOrg=${atlasOrg}`,
  );
  return watch;
}

test('link an Ops Manager org by mouse: one screen, then Synced and Plan a migration', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}) => {
  test.setTimeout(120_000);
  const orgId = at(L.opsOrgs, 0);
  const name = fixtureName(orgId);
  await gotoApp('/link');
  await expect(page.getByRole('heading', { level: 1, name: 'Link an organization' })).toBeVisible();
  await expectNoA11yViolations();
  await toTop(page);
  await screenshotThemes('link-empty');

  // Generate and connect with nothing chosen: says what is missing, sends nothing.
  await page.getByRole('button', { name: 'Generate and connect' }).click();
  await expect(page.getByText('Choose the source organization to link.')).toBeVisible();
  await expect(page.getByText('Choose the Atlas organization to link it to.')).toBeVisible();

  await choose(page, 'Source organization', orgId);
  await expect(page).toHaveURL(new RegExp(`[?&]org=${orgId}`));
  await expect(page.getByText('Not linked yet: ready to link.')).toBeVisible();
  await choose(page, 'Atlas organization', atlasLinked);
  await expect(page).toHaveURL(new RegExp(`[?&]atlasOrg=${atlasLinked}`));

  // A bad access list entry is named and nothing is sent; the typed text stays.
  const ips = page.getByRole('textbox', { name: 'Access list IPs' });
  await ips.fill('203.0.113.7, not-an-ip');
  await page.getByRole('button', { name: 'Generate and connect' }).click();
  await expect(page.getByText(/not-an-ip/).last()).toBeVisible();
  await expect(ips).toHaveValue('203.0.113.7, not-an-ip');
  await ips.fill('203.0.113.7');

  // Show API call: the two calls in order, with placeholders for keys and the token.
  await page.getByRole('button', { name: 'Show API call' }).click();
  const calls = page.getByRole('region', { name: 'API call' });
  await expect(calls.getByText('1. Generate a link-token in Atlas')).toBeVisible();
  await expect(calls.getByText(/2\. Connect the Ops Manager organization/)).toBeVisible();
  await expect(calls).toContainText(orgId);
  await expect(calls).toContainText(atlasLinked);
  await page.getByRole('button', { name: 'Show API call' }).click();
  await expect(calls).toBeHidden();

  await toTop(page);
  await screenshotThemes('link-filled');
  await page.getByRole('button', { name: 'Generate and connect' }).click();
  await notificationShown(page, 'Organization linked');
  const watch = await expectSyncedWithPlan(page, orgId, 'opsmanager');
  await expect(watch).toContainText(/fingerprint [0-9a-f]{6}/);
  await expectNoA11yViolations();
  await toTop(page);
  await screenshotThemes('link-synced');

  // The ledger of the Atlas org names it, with the access list; no token value anywhere.
  await watch.getByRole('link', { name: /link-tokens$/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Link-tokens' })).toBeVisible();
  const ledger = page.getByRole('list', { name: 'Link-tokens generated here' });
  await expect(ledger).toContainText('Generate and connect');
  await expect(ledger).toContainText('203.0.113.7');
  await expect(ledger.getByRole('link', { name })).toBeVisible();
  await expect(page.getByText(`last used to connect ${name}`)).toBeVisible();

  // Its org page says where it is linked, since when and how (the ledger's link to it).
  await ledger.getByRole('link', { name }).click();
  await expect(page.getByRole('region', { name: 'Linked to' })).toContainText(
    new RegExp(
      `Linked to the Atlas organization ${fixtureName(atlasLinked)} since .+, through Link an organization \\(fingerprint [0-9a-f]{6}\\)`,
    ),
    { timeout: 20_000 },
  );
});

test('link a Cloud Manager org with the keyboard alone, then unlink it', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
}) => {
  test.setTimeout(120_000);
  const orgId = at(L.cmOrgs, 0);
  const name = fixtureName(orgId);
  await gotoApp('/link');
  const source = page.getByRole('combobox', { name: 'Source organization' });
  await expect(source).toBeEnabled();
  await tabTo(page, source);
  await page.keyboard.type(name);
  const option = page.getByRole('option', { name: `${name} — ${orgId}` });
  await expect(option).toBeVisible();
  // Cloud Manager orgs are listed under their product beside Ops Manager's.
  await expect(page.getByRole('group', { name: 'Cloud Manager' })).toContainText(name);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`source=cloudmanager&org=${orgId}`));

  const atlas = page.getByRole('combobox', { name: 'Atlas organization' });
  await tabTo(page, atlas);
  await page.keyboard.type(fixtureName(atlasKeyboard));
  await expect(
    page.getByRole('option', { name: `${fixtureName(atlasKeyboard)} — ${atlasKeyboard}` }),
  ).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`atlasOrg=${atlasKeyboard}`));
  // The form has checked the source org (not linked yet) before it is sent.
  await expect(page.getByText('Not linked yet: ready to link.')).toBeVisible();

  await tabTo(page, page.getByRole('button', { name: 'Generate and connect' }));
  await page.keyboard.press('Enter');
  // The outcome takes the focus.
  await expect(page.getByRole('heading', { name: new RegExp(`^${name} is linked`) })).toBeFocused();
  const watch = await expectSyncedWithPlan(page, orgId, 'cloudmanager', atlasKeyboard);
  await expectNoA11yViolations();

  // And unlinked again, from its page at the Cloud Manager address, confirmed by its name.
  await watch.getByRole('link', { name: `Open ${name}'s page` }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/cloudmanager/${orgId}$`));
  const status = page.getByRole('status', { name: 'Link status' });
  await expect(status).toHaveText(/Synced/);
  const actions = page.getByRole('region', { name: 'Actions' });
  await tabTo(page, actions.getByRole('button', { name: 'Remove connection' }));
  await page.keyboard.press('Enter');
  const confirm = await dialogShown(page, 'Remove connection');
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  await expect(status).toHaveText('Not linked');
  await expect(page.getByRole('region', { name: 'Linked to' })).toContainText(
    'Not linked to an Atlas organization.',
  );
});

test.describe('when the source refuses the connect', () => {
  test.use({ scenario: 'connect-forbidden' });

  test('connect refused after the link-token was made: says so, and deletes that token', async ({
    page,
    gotoApp,
    expectNoA11yViolations,
    screenshotThemes,
  }) => {
    test.setTimeout(90_000);
    const orgId = at(L.cmOrgs, 1);
    const atlasName = fixtureName(atlasFailed);
    await gotoApp(`/link?source=cloudmanager&org=${orgId}&atlasOrg=${atlasFailed}`);
    await expect(page.getByRole('combobox', { name: 'Source organization' })).toHaveValue(
      `${fixtureName(orgId)} — ${orgId}`,
    );
    await expect(page.getByRole('combobox', { name: 'Atlas organization' })).toHaveValue(
      `${atlasName} — ${atlasFailed}`,
    );
    await page.getByRole('textbox', { name: 'Access list IPs' }).fill('198.51.100.0/24');
    await page.getByRole('button', { name: 'Generate and connect' }).click();

    await expect(
      page.getByText(/The link-token was generated, but Cloud Manager did not connect/),
    ).toBeVisible();
    const left = page.getByRole('alert').filter({ hasText: 'A new link-token now exists for' });
    await expect(left).toContainText(/Its fingerprint is [0-9a-f]{6}/);
    // Everything entered stays for another try.
    await expect(page.getByRole('textbox', { name: 'Access list IPs' })).toHaveValue(
      '198.51.100.0/24',
    );
    await expectNoA11yViolations();
    await toTop(page);
    await screenshotThemes('link-connect-failed');

    await left.getByRole('button', { name: 'Delete the new link-token' }).click();
    const dialog = await dialogShown(page, 'Delete the new link-token?');
    await expect(dialog).toContainText(`Atlas deletes all of ${atlasName}'s link-tokens at once`);
    await expectNoA11yViolations('[role="dialog"]');
    await dialog.getByRole('button', { name: 'Delete link-tokens' }).click();
    await notificationShown(page, 'Link-token deleted');
    await expect(page.getByText('The new link-token is deleted')).toBeVisible();
    await expect(dialog).toBeHidden();

    // The ledger keeps it, marked deleted, never used to connect (in-app: the browser fakes
    // keep their state for the page's life).
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Link-tokens/ })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Link-tokens' })).toBeVisible();
    await choose(page, 'Atlas organization', atlasFailed);
    const ledger = page.getByRole('list', { name: 'Link-tokens generated here' });
    await expect(ledger).toContainText('Deleted');
    await expect(ledger).toContainText('198.51.100.0/24');
    await expect(ledger).toContainText('Not used to connect an organization here.');
  });
});

test('ways in: the nav, the board, an unlinked org, the Link-tokens page and the Connect dialog', async ({
  page,
  gotoApp,
}) => {
  test.setTimeout(90_000);
  const orgId = at(L.opsOrgs, 2);
  await gotoApp('/orgs');
  await page.getByRole('main').getByRole('link', { name: 'Link an organization' }).click();
  await expect(page).toHaveURL(/\/link$/);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Link-tokens/ })
    .click();
  await expect(page).toHaveURL(/\/link-tokens/);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Link an organization/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Link an organization' })).toBeVisible();

  // An unlinked org's page offers it with the org filled in.
  await page.goto(`/orgs/${orgId}`);
  const linkedTo = page.getByRole('region', { name: 'Linked to' });
  await linkedTo.getByRole('link', { name: /^Link this organization$/i }).click();
  await expect(page).toHaveURL(new RegExp(`/link\\?source=opsmanager&org=${orgId}$`));
  await expect(page.getByRole('combobox', { name: 'Source organization' })).toHaveValue(
    `${fixtureName(orgId)} — ${orgId}`,
  );

  // The Connect dialog points to both paths.
  await page.goto(`/orgs/${orgId}`);
  await page.getByRole('button', { name: 'Connect to Atlas' }).click();
  const dialog = await dialogShown(page, 'Connect to Atlas');
  await expect(dialog.getByRole('link', { name: 'Link-tokens' })).toHaveAttribute(
    'href',
    '/link-tokens',
  );
  await expect(dialog.getByRole('link', { name: 'Link an organization' })).toHaveAttribute(
    'href',
    `/link?source=opsmanager&org=${orgId}`,
  );

  // The Link-tokens page passes on the chosen Atlas org.
  await page.goto(`/link-tokens?org=${atlasLinked}`);
  await page.getByRole('main').getByRole('link', { name: 'Link an organization' }).click();
  await expect(page).toHaveURL(new RegExp(`/link\\?atlasOrg=${atlasLinked}$`));

  // An address that cannot be used says so instead of being dropped silently.
  await page.goto('/link?source=nowhere&org=123');
  await expect(
    page.getByText('The source product in the address is not Ops Manager or Cloud Manager.', {
      exact: false,
    }),
  ).toBeVisible();
});

/** Counts a journey's clicks and typing steps, and the screens (paths) they happen on. */
function countActions(page: Page) {
  const screens: string[] = [];
  const counts = { clicks: 0, typing: 0, paste: 0 };
  const onScreen = () => {
    const path = new URL(page.url()).pathname;
    if (screens.at(-1) !== path) screens.push(path);
  };
  return {
    screens,
    counts,
    onScreen,
    click: async (l: Locator) => {
      onScreen();
      counts.clicks++;
      await l.click();
    },
    type: async (l: Locator, text: string) => {
      onScreen();
      counts.typing++;
      await l.pressSequentially(text);
    },
  };
}

/**
 * The measurement of issue 11: "link one org and see it Synced", from the Organizations board, as a
 * new user would with the mouse (search typed into each picker). Every action goes through `act`,
 * which counts it and the screen it happened on; the figures go to artifacts/link-flow-figures.json.
 */
test('measure: link one org and see it Synced in ≤ 5 actions on one screen', async ({
  page,
  gotoApp,
}, testInfo) => {
  test.setTimeout(120_000);
  const orgId = at(L.opsOrgs, 1);
  const { screens, counts, onScreen, click, type } = countActions(page);

  await gotoApp('/orgs');
  await expect(page.getByRole('heading', { level: 1, name: 'Organizations' })).toBeVisible();
  await click(
    page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Link an organization/ }),
  );
  await expect(page.getByRole('heading', { level: 1, name: 'Link an organization' })).toBeVisible();
  const onLink = { ...counts };
  for (const [picker, id] of [
    ['Source organization', orgId],
    ['Atlas organization', L.atlasOrgMeasured],
  ] as const) {
    const box = page.getByRole('combobox', { name: picker });
    await expect(box).toBeEnabled();
    await click(box);
    await type(box, fixtureName(id).slice(0, 12));
    await click(page.getByRole('option', { name: `${fixtureName(id)} — ${id}` }));
  }
  await click(page.getByRole('button', { name: 'Generate and connect' }));
  await expectSyncedWithPlan(page, orgId, 'opsmanager', L.atlasOrgMeasured);
  onScreen();

  const figures = {
    journey: 'link one org and see it Synced, from the Organizations board',
    before: { clicks: 9, pasteOrTypingSteps: 3, screens: 4 },
    after: {
      clicks: counts.clicks,
      pasteOrTypingSteps: counts.typing + counts.paste,
      screens: screens.length,
      screenPaths: screens,
    },
    onLinkPageOnly: {
      clicks: counts.clicks - onLink.clicks,
      pasteOrTypingSteps: counts.typing - onLink.typing,
      screens: 1,
    },
  };
  mkdirSync('artifacts', { recursive: true });
  writeFileSync(
    `artifacts/link-flow-figures-${testInfo.project.name}.json`,
    `${JSON.stringify(figures, null, 2)}\n`,
  );
  console.log(`link-flow figures (${testInfo.project.name}):`, JSON.stringify(figures));
  // The goal: one screen for the linking itself, at most 5 clicks there, no paste.
  expect(screens).toEqual(['/orgs', '/link']);
  expect(figures.onLinkPageOnly.clicks).toBeLessThanOrEqual(5);
  expect(counts.paste).toBe(0);
});
