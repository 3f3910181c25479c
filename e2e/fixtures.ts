// Shared Playwright fixtures: a scenario for the fakes, axe audits, and screenshots in both themes.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { SCENARIO_HEADER } from '#contract/proxy-contract';

interface Fixtures {
  /** Named fake scenario (mocks/scenarios.ts); undefined = normal behaviour. */
  scenario: string | undefined;
  /** Opens an app path with the scenario applied (URL parameter for the browser fakes, header for the proxy). */
  gotoApp: (path: string) => Promise<void>;
  /** Fails the test on any axe violation in the page (or in `include`, e.g. an open dialog). */
  expectNoA11yViolations: (include?: string) => Promise<void>;
  /**
   * Saves light and dark screenshots of the current page as test artifacts: the whole page, or
   * only the window (`fullPage: false`, e.g. for a table that draws only the rows in view).
   */
  screenshotThemes: (name: string, options?: { fullPage?: boolean }) => Promise<void>;
}

export const test = base.extend<Fixtures>({
  scenario: [undefined, { option: true }],
  gotoApp: async ({ page, scenario }, use) => {
    if (scenario) await page.setExtraHTTPHeaders({ [SCENARIO_HEADER]: scenario });
    await use(async (path) => {
      await page.goto(scenario ? withParam(path, 'scenario', scenario) : path);
    });
    if (scenario) await page.setExtraHTTPHeaders({});
  },
  expectNoA11yViolations: async ({ page }, use) => {
    await use(async (include) => {
      let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
      if (include) builder = builder.include(include);
      // Not while a notification fades in or out: half-transparent text fails colour contrast
      // (seen once: a toast closing on its timer during the scan).
      await page
        .waitForFunction(
          () =>
            [...document.querySelectorAll('[role="alert"]')].every((el) => {
              for (let e: Element | null = el; e; e = e.parentElement) {
                if (getComputedStyle(e).opacity !== '1') return false;
              }
              return true;
            }),
          null,
          { timeout: 10_000 },
        )
        .catch(() => undefined);
      const { violations } = await builder.analyze();
      expect(formatViolations(violations)).toEqual([]);
    });
  },
  screenshotThemes: async ({ page }, use, testInfo) => {
    await use(async (name, options = {}) => {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({
          path: screenshotPath(testInfo, name, scheme),
          fullPage: options.fullPage ?? true,
        });
      }
      await page.emulateMedia({ colorScheme: null });
    });
  },
});

export { expect };
export type { Page };

function withParam(path: string, key: string, value: string): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set(key, value);
  return url.pathname + url.search + url.hash;
}

function screenshotPath(testInfo: TestInfo, name: string, scheme: string): string {
  return `artifacts/screenshots/${testInfo.project.name}/${name}-${scheme}.png`;
}

function formatViolations(
  violations: { id: string; help: string; nodes: { target: unknown }[] }[],
) {
  return violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => String(n.target)).join(', ')})`,
  );
}
