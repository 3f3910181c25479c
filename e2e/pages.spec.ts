// Every page as a phone and at 200 % zoom (1280×800 at zoom 2 is 640×400 CSS px): its own title,
// nothing wider than the screen (WCAG 1.4.10), no axe violation, and screenshots in both themes
// kept under artifacts/screenshots/<project>/ (pages-<layout>-<page>-<theme>.png). One page load
// per page and layout serves all of these checks.
import { FIXTURE_IDS, MIGRATION_FIXTURES, fixtureName } from '../mocks/db/fixtures';
import { expect, test, type Page } from './fixtures';
import { contrastRatio, tabTo, toTop } from './helpers';

interface PageCase {
  name: string;
  path: string;
  /** The page's title, before " — Orglink Console". */
  title: RegExp;
  /** Shown once the page has loaded. */
  ready: (page: Page) => ReturnType<Page['getByRole']>;
}

const ORG = FIXTURE_IDS.opsOrgSynced;
const FED = FIXTURE_IDS.federationLarge;
const ATLAS = FIXTURE_IDS.cloudOrgWithToken;

const PAGES: PageCase[] = [
  {
    name: 'orgs',
    path: '/orgs',
    title: /^Organizations \(\d[\d,]*\)$/,
    ready: (p) => p.getByRole('table', { name: 'Organizations' }),
  },
  {
    name: 'org',
    path: `/orgs/opsmanager/${ORG}`,
    title: new RegExp(`^${fixtureName(ORG)} · Synced$`),
    ready: (p) => p.getByRole('status', { name: 'Link status' }).getByText('Synced'),
  },
  {
    name: 'org-invalid',
    path: '/orgs/opsmanager/not-an-org',
    title: /^Invalid organization ID$/,
    ready: (p) => p.getByRole('heading', { level: 1, name: 'Invalid organization ID' }),
  },
  {
    name: 'link-tokens',
    path: `/link-tokens?org=${ATLAS}`,
    title: new RegExp(`^Link-tokens · ${fixtureName(ATLAS)}$`),
    ready: (p) => p.getByRole('heading', { level: 2, name: fixtureName(ATLAS) }),
  },
  {
    name: 'link',
    path: `/link?source=opsmanager&org=${FIXTURE_IDS.opsOrgUnlinked}&atlasOrg=${ATLAS}`,
    title: /^Link an organization$/,
    ready: (p) => p.getByText('Not linked yet: ready to link.'),
  },
  {
    name: 'federations',
    path: '/federations',
    title: /^Federations$/,
    ready: (p) => p.getByRole('heading', { level: 2, name: 'Not in a federation' }),
  },
  {
    name: 'federation',
    path: `/federations/${FED}`,
    title:
      /^contoso\.com, contoso\.eu and 1 more via Contoso Okta Workforce, .+ · \d+ organizations$/,
    ready: (p) => p.getByRole('button', { name: /^Remove .+ from federation$/ }).first(),
  },
  {
    name: 'federation-last-org',
    path: `/federations/${FIXTURE_IDS.federationSingle}`,
    title: /^acme-payments\.com via Acme Okta · 1 organization$/,
    ready: (p) => p.getByRole('button', { name: 'Delete federation' }),
  },
  {
    name: 'migrations',
    path: '/migrations?status=active',
    title: /^Migrations$/,
    ready: (p) => p.getByRole('combobox', { name: 'Status' }),
  },
  {
    name: 'migration-new',
    path: `/migrations/new?source=cloudmanager&org=${MIGRATION_FIXTURES.cloudManager.sourceOrgId}&atlasOrg=${MIGRATION_FIXTURES.cloudManager.atlasOrgId}`,
    title: /^Start migration$/,
    ready: (p) => p.getByRole('combobox', { name: 'Source project' }),
  },
  {
    name: 'settings',
    path: '/settings',
    title: /^Settings$/,
    ready: (p) => p.getByRole('region', { name: 'Upstreams table' }),
  },
  {
    name: 'audit',
    path: '/audit',
    title: /^Audit$/,
    ready: (p) => p.getByRole('heading', { level: 1, name: 'Audit' }),
  },
  {
    name: 'not-found',
    path: '/no-such-page',
    title: /^Page not found$/,
    ready: (p) => p.getByRole('heading', { level: 1, name: 'Page not found' }),
  },
];

const LAYOUTS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, axeThemes: ['light', 'dark'] as const },
  { name: 'zoom200', viewport: { width: 640, height: 400 }, axeThemes: ['light'] as const },
];

/** How far the page is wider than its window (0: not at all). */
async function overflowX(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

for (const layout of LAYOUTS) {
  test.describe(`${layout.name} (${layout.viewport.width}×${layout.viewport.height})`, () => {
    test.use({ viewport: layout.viewport });
    test.describe.configure({ timeout: 240_000 });

    test(`every page fits the screen, has its own title and no axe violation (${layout.name})`, async ({
      page,
      gotoApp,
      expectNoA11yViolations,
      screenshotThemes,
    }) => {
      const titles = new Set<string>();
      for (const p of PAGES) {
        await gotoApp(p.path);
        await expect(p.ready(page)).toBeVisible();
        await expect(page).toHaveTitle(
          new RegExp(`${p.title.source.replace(/\$$/, '')} — Orglink Console$`),
        );
        titles.add(await page.title());
        expect(await overflowX(page), `${p.name} is wider than the screen`).toBe(0);
        for (const colorScheme of layout.axeThemes) {
          await page.emulateMedia({ colorScheme });
          await expectNoA11yViolations();
        }
        await toTop(page);
        // The board draws only the rows in view: a whole-page shot would show an empty table.
        await screenshotThemes(`pages-${layout.name}-${p.name}`, { fullPage: p.name !== 'orgs' });
      }
      // Every page its own title.
      expect(titles.size).toBe(PAGES.length);
    });
  });
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the open Atlas organization picker has no axe violation, sorted by name', async ({
    page,
    gotoApp,
    expectNoA11yViolations,
    screenshotThemes,
  }) => {
    await gotoApp('/link-tokens');
    const picker = page.getByRole('combobox', { name: 'Atlas organization' });
    await expect(picker).toBeEnabled();
    await picker.click();
    const listbox = page.getByRole('listbox');
    await expect(listbox).toBeVisible();
    const names = (await listbox.getByRole('option').allTextContents()).map((t) =>
      t.replace(/ — [a-f0-9]{24}$/, ''),
    );
    expect(names.length).toBeGreaterThan(5);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    // The list scrolls within itself; the scrolling element is the listbox.
    expect(await listbox.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expectNoA11yViolations();
    }
    await screenshotThemes('pages-phone-link-tokens-picker-open');
  });

  test('the federation page shows its Remove buttons on screen', async ({ page, gotoApp }) => {
    await gotoApp(`/federations/${FED}`);
    const remove = page.getByRole('button', { name: /^Remove .+ from federation$/ });
    await expect(remove.first()).toBeVisible();
    for (const button of await remove.all()) {
      const box = await button.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    }
  });
});

test('the skip link is the first Tab stop and moves to the content', async ({ page, gotoApp }) => {
  for (const path of ['/orgs', `/orgs/${ORG}`, '/settings']) {
    await gotoApp(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main-content')).toBeFocused();
  }
});

test('the dark theme focus ring stands out 3:1 from what is behind it', async ({
  page,
  gotoApp,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await gotoApp('/orgs');
  // A button on a card, a radio pill, a link in the table (in Tab order): each ring against
  // what is behind it.
  const targets = [
    page.getByRole('button', { name: 'Check now' }),
    page.getByRole('radiogroup', { name: 'Status filter' }).getByRole('radio', { name: 'All' }),
    page.getByRole('table', { name: 'Organizations' }).getByRole('link').first(),
  ];
  for (const target of targets) {
    await expect(target).toBeVisible();
    await tabTo(page, target);
    const { ring, behind } = await target.evaluate((el) => {
      /** The first non-transparent background at or above `node`. */
      const backgroundOf = (node: Element | null): string => {
        for (let n = node; n; n = n.parentElement) {
          const c = getComputedStyle(n).backgroundColor;
          if (c && c !== 'transparent' && !/rgba\(.*, 0\)$/.test(c)) return c;
        }
        return getComputedStyle(document.body).backgroundColor;
      };
      // The ring is the element's outline, or its label's (a radio pill draws it there).
      const style = getComputedStyle(el);
      return {
        ring: style.outlineStyle === 'none' ? '' : style.outlineColor,
        behind: backgroundOf(el.parentElement),
      };
    });
    expect(ring, 'a focus ring is drawn').not.toBe('');
    expect(contrastRatio(ring, behind)).toBeGreaterThanOrEqual(3);
  }
});
