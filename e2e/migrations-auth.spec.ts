// Migrations with sign-in required (project `full-stack-auth`): an operator validates (a wrong
// source password first) and starts a migration; a viewer then sees it everywhere — the list, the
// org page's section, the migration's page — and can start nothing and cut over nothing, in the
// page or by hand. Every /api answer goes to artifacts/e2e-auth/responses.jsonl, so the no-secrets
// check proves the source passwords typed here appear in no answer, log, audit line or database.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  MIGRATION_FIXTURES,
  SAMPLE_MIGRATION_CREDENTIALS,
  migrationRequest,
} from '../mocks/db/fixtures';
import { LIVE_MIGRATION_ENDPOINTS } from '#contract/live-migrations-contract';
import { CSRF_HEADER, CSRF_VALUE, proxyErrorSchema } from '#contract/proxy-contract';
import { E2E_AUTH_DIR, E2E_USERS } from './auth-users';
import { expect, test, type Page } from './fixtures';
import { fillStartForm } from './migration-steps';

const F = MIGRATION_FIXTURES.cloudManager;
type Who = (typeof E2E_USERS)[keyof typeof E2E_USERS];

test.beforeEach(({ page }) => {
  mkdirSync(E2E_AUTH_DIR, { recursive: true });
  page.on('response', async (res) => {
    const url = new URL(res.url());
    if (!url.pathname.startsWith('/api/')) return;
    let body = '';
    try {
      body = await res.text();
    } catch {
      return;
    }
    const line = JSON.stringify({
      method: res.request().method(),
      path: url.pathname,
      status: res.status(),
      headers: await res.allHeaders(),
      body,
    });
    appendFileSync(join(E2E_AUTH_DIR, 'responses.jsonl'), `${line}\n`);
  });
});

async function signIn(page: Page, who: Who) {
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Username' }).fill(who.username);
  await page.getByRole('textbox', { name: 'Password' }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // A sign-in hashes the password (scrypt): seconds on a busy 2-core machine.
  await expect(page.getByText('Signed in as')).toBeVisible({ timeout: 30_000 });
}

test('an operator starts a migration; a viewer sees it everywhere and can start or cut over nothing', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}) => {
  test.setTimeout(90_000);
  await gotoApp(
    `/migrations/new?source=cloudmanager&org=${F.sourceOrgId}&atlasOrg=${F.atlasOrgId}`,
  );
  await signIn(page, E2E_USERS.operator);
  await expect(page).toHaveURL(/\/migrations\/new\?/);
  await fillStartForm(page, 'mouse', F, SAMPLE_MIGRATION_CREDENTIALS.wrongPassword);
  await page.getByRole('button', { name: 'Validate' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Validation failed' })).toBeVisible();
  await page
    .getByLabel('Source database password', { exact: true })
    .fill(SAMPLE_MIGRATION_CREDENTIALS.password);
  await page.getByRole('button', { name: 'Validate' }).click();
  await expect(page.getByText('Validation passed')).toBeVisible();
  // Show API call shows the request with a placeholder for the password.
  await page.getByRole('button', { name: 'Show API call' }).first().click();
  await expect(page.getByText(/SOURCE-DATABASE-PASSWORD/).first()).toBeVisible();
  await page.getByRole('button', { name: 'Start migration' }).click();
  await expect(page).toHaveURL(/\/migrations\/[a-f0-9]{24}$/);
  const migrationUrl = new URL(page.url()).pathname;
  const id = migrationUrl.split('/').pop() ?? '';
  await expect(page.getByRole('button', { name: 'Cut over' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  // The viewer.
  await gotoApp('/migrations');
  await signIn(page, E2E_USERS.viewer);
  await expect(page).toHaveURL(/\/migrations$/);
  const row = page.getByRole('link', { name: `${F.deployment} → ${F.targetCluster}` });
  await expect(row.first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Start migration' })).toHaveCount(0);
  await expect(page.getByText(/operator role is needed/)).toBeVisible();
  await expectNoA11yViolations();
  await screenshotThemes('migrations-viewer');

  await gotoApp(migrationUrl);
  await expect(page.getByText(/Lag fell from|Lag \d|No lag has been measured/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cut over' })).toBeDisabled();
  await expect(page.getByText(/operator role is needed/)).toBeVisible();
  await expectNoA11yViolations();

  await gotoApp(
    `/migrations/new?source=cloudmanager&org=${F.sourceOrgId}&atlasOrg=${F.atlasOrgId}`,
  );
  await expect(page.getByRole('button', { name: 'Validate' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Start migration' })).toBeDisabled();

  // By hand, with the viewer's cookie: refused by the proxy itself, nothing started.
  const start = await page.request.post(LIVE_MIGRATION_ENDPOINTS.list, {
    headers: { [CSRF_HEADER]: CSRF_VALUE },
    data: {
      validationId: 'aa00000000000000000000ff',
      sourceUpstream: F.sourceUpstream,
      sourceOrgId: F.sourceOrgId,
      atlasOrgId: F.atlasOrgId,
      request: migrationRequest(F),
    },
  });
  expect(start.status()).toBe(403);
  expect(proxyErrorSchema.parse(await start.json()).code).toBe('ROLE_REQUIRED');
  const cut = await page.request.post(LIVE_MIGRATION_ENDPOINTS.cutover(id), {
    headers: { [CSRF_HEADER]: CSRF_VALUE },
  });
  expect(cut.status()).toBe(403);
  const list = await page.request.get(`${LIVE_MIGRATION_ENDPOINTS.list}?orgId=${F.sourceOrgId}`);
  expect(((await list.json()) as { migrations: unknown[] }).migrations).toHaveLength(1);
});
