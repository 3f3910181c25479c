import { expect, test } from './fixtures';

const PAGES = [
  { link: 'Organizations', path: /\/orgs$/, heading: /Organizations/, name: 'nav-orgs' },
  {
    link: 'Link an organization',
    path: /\/link$/,
    heading: /Link an organization/,
    name: 'nav-link',
  },
  { link: 'Link-tokens', path: /\/link-tokens$/, heading: /Link-tokens/, name: 'nav-link-tokens' },
  { link: 'Federations', path: /\/federations$/, heading: /Federations/, name: 'nav-federations' },
  { link: 'Settings', path: /\/settings$/, heading: /Settings/, name: 'nav-settings' },
];

test('every navigation link opens its page with no accessibility violations', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}) => {
  // Five pages, each with an axe audit and two full-page screenshots, on a busy 2-core machine.
  test.setTimeout(90_000);
  await gotoApp('/');
  await expect(page).toHaveURL(/\/orgs$/);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const p of PAGES) {
    await nav.getByRole('link', { name: new RegExp(`^${p.link}`) }).click();
    await expect(page).toHaveURL(p.path);
    await expect(page.getByRole('heading', { level: 1, name: p.heading })).toBeVisible();
    await expectNoA11yViolations();
    await screenshotThemes(p.name);
  }
});

test('an unknown address shows the not-found page', async ({ page, gotoApp }) => {
  await gotoApp('/no-such-page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Go to Organizations' })).toBeVisible();
});

test('the theme can be switched to dark and back', async ({ page, gotoApp }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await gotoApp('/settings');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');
});

test.describe('on a phone-sized screen', () => {
  test.use({ viewport: { width: 390, height: 800 } });

  test('the navigation opens from the menu button and closes after a choice', async ({
    page,
    gotoApp,
    expectNoA11yViolations,
    screenshotThemes,
  }) => {
    await gotoApp('/orgs');
    await expect(page.getByRole('heading', { level: 1, name: 'Organizations' })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav).toBeHidden();
    // Nothing may be wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await screenshotThemes('phone-orgs');
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    await expect(nav).toBeVisible();
    await expectNoA11yViolations();
    await screenshotThemes('phone-nav-open');
    await nav.getByRole('link', { name: /^Federations/ }).click();
    await expect(page).toHaveURL(/\/federations$/);
    await expect(nav).toBeHidden();
  });
});
