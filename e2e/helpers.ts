// Small page helpers shared by specs. Assertions stay in the specs; these only wait or move.
import type { Locator } from '@playwright/test';
import { expect, type Page } from './fixtures';

/** Full-page shots draw the fixed header where the page is scrolled to: start from the top. */
export async function toTop(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Waits until a notification has faded in (axe measures colours as they are drawn). */
export async function notificationShown(page: Page, text: string): Promise<void> {
  const note = page.getByRole('alert').filter({ hasText: text });
  await expect(note).toBeVisible();
  await expect(note).toHaveCSS('opacity', '1');
}

/** Waits until the dialog has finished its entrance transition, and returns it. */
export async function dialogShown(page: Page, name: string): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveCSS('opacity', '1');
  return dialog;
}

/** Presses Tab until `target` has the focus, as a keyboard user would. */
export async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`${String(target)} never got the focus`);
}

/** WCAG contrast ratio of two CSS colours given as `rgb(r, g, b)` / `rgba(r, g, b, a)`. */
export function contrastRatio(a: string, b: string): number {
  const luminance = (css: string): number => {
    const [r = 0, g = 0, bl = 0] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lin = (c: number) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(bl);
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
