// Steps of the Start migration journey shared by the migration specs (mouse or keyboard alone).
// They only act and wait; the specs assert.
import type { Locator } from '@playwright/test';
import {
  SAMPLE_MIGRATION_CREDENTIALS,
  fixtureName,
  type MigrationFixture,
} from '../mocks/db/fixtures';
import { expect, type Page } from './fixtures';
import { tabTo } from './helpers';

export type Input = 'mouse' | 'keyboard';

function select(page: Page, label: string): Locator {
  return page.getByRole('combobox', { name: label, exact: true });
}

/** Picks the option matching `option` in the Select labelled `label`. */
export async function pick(page: Page, how: Input, label: string, option: RegExp): Promise<void> {
  const input = select(page, label);
  await expect(input).toBeEnabled();
  if (how === 'mouse') {
    await input.click();
    await page.getByRole('option', { name: option }).click();
  } else {
    await tabTo(page, input);
    await page.keyboard.press('ArrowDown');
    const listbox = page.getByRole('listbox');
    await expect(listbox).toBeVisible();
    for (let i = 0; i < 60; i++) {
      const active = listbox.locator('[data-combobox-selected]');
      if ((await active.count()) > 0 && option.test((await active.textContent()) ?? '')) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
  }
  await expect(input).toHaveValue(option);
}

async function type(page: Page, how: Input, label: string, text: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  if (how === 'mouse') {
    await field.fill(text);
    return;
  }
  await tabTo(page, field);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Fills the Start migration form for `f`, coming from the source org (prefilled source and org). */
export async function fillStartForm(
  page: Page,
  how: Input,
  f: MigrationFixture,
  password: string,
): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Start migration' })).toBeVisible();
  await expect(page.getByLabel('Source organization ID')).toHaveValue(f.sourceOrgId);
  await pick(page, how, 'Atlas organization it is linked to', new RegExp(escape(f.atlasOrgId)));
  await pick(page, how, 'Source project', new RegExp(escape(f.sourceProjectId)));
  const radio = page.getByRole('radio', { name: f.deployment });
  if (how === 'mouse') await radio.check();
  else {
    // Tab reaches the group's first enabled radio; Space checks it, arrows move and check.
    await tabTo(page, page.getByRole('radio', { disabled: false }).first());
    await page.keyboard.press('Space');
    for (let i = 0; i < 6 && !(await radio.isChecked()); i++) {
      await page.keyboard.press('ArrowDown');
    }
  }
  await expect(radio).toBeChecked();
  await pick(page, how, 'Migration host', new RegExp(`^${escape(f.migrationHost)}$`));
  await pick(page, how, 'Atlas project', new RegExp(escape(f.atlasProjectId)));
  await pick(page, how, 'Target cluster', new RegExp(`^${escape(f.targetCluster)} `));
  await expect(page.getByRole('checkbox', { name: 'Source uses TLS' })).toBeChecked({
    checked: f.tlsEnabled,
  });
  await type(page, how, 'Source database username', SAMPLE_MIGRATION_CREDENTIALS.username);
  await type(page, how, 'Source database password', password);
}

/** Presses a button by mouse, or by Tab and Enter. */
export async function press(page: Page, how: Input, button: Locator): Promise<void> {
  await expect(button).toBeEnabled();
  if (how === 'mouse') await button.click();
  else {
    await tabTo(page, button);
    await page.keyboard.press('Enter');
  }
}

/** The org page's heading text for a fixture org (Ops Manager orgs have an org page). */
export const orgName = (f: MigrationFixture) => fixtureName(f.sourceOrgId);
