// Sign-in, roles and sign-out against a proxy that requires sign-in (project `full-stack-auth`:
// users from e2e/users.e2e.json, its own simulated upstream). Every /api answer is kept in
// artifacts/e2e-auth/responses.jsonl for the no-secrets check that runs after the e2e suite.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_IDS, LINK_FLOW_FIXTURES, fixtureName } from '../mocks/db/fixtures';
import { CSRF_HEADER, CSRF_VALUE, proxyErrorSchema } from '#contract/proxy-contract';
import { proxyUrl, routes } from '#contract/route-table';
import { E2E_AUTH_DIR, E2E_USERS } from './auth-users';
import { expect, test, type Page } from './fixtures';

type Who = (typeof E2E_USERS)[keyof typeof E2E_USERS];
const cspViolations = new WeakMap<Page, string[]>();

const pick = (ids: readonly string[], i: number): string => {
  const id = ids[i];
  if (!id) throw new Error(`no fixture at ${i}`);
  return id;
};

test.beforeEach(async ({ page }) => {
  mkdirSync(E2E_AUTH_DIR, { recursive: true });
  page.on('response', async (res) => {
    const url = new URL(res.url());
    if (!url.pathname.startsWith('/api/')) return;
    let body = '';
    let headers: Record<string, string> = {};
    try {
      body = await res.text();
      headers = await res.allHeaders();
    } catch {
      return; // the page navigated away (or closed) before the answer was read
    }
    const line = JSON.stringify({
      method: res.request().method(),
      path: url.pathname,
      status: res.status(),
      headers,
      body,
    });
    appendFileSync(join(E2E_AUTH_DIR, 'responses.jsonl'), `${line}\n`);
  });
  // A CSP violation means the SPA needs something the strict policy forbids.
  const violations: string[] = [];
  cspViolations.set(page, violations);
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
});

test.afterEach(({ page }) => {
  expect(cspViolations.get(page) ?? []).toEqual([]);
});

async function signIn(page: Page, who: Who) {
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Username' }).fill(who.username);
  await page.getByRole('textbox', { name: 'Password' }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // A sign-in hashes the password (scrypt): seconds on a busy 2-core machine.
  await expect(page.getByText('Signed in as')).toBeVisible({ timeout: 30_000 });
}

test('a wrong password is refused with a plain message', async ({ page, gotoApp }) => {
  await gotoApp('/orgs');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Forgs$/);
  // A name that is no user: its failures never slow down the real test users.
  await page.getByRole('textbox', { name: 'Username' }).fill('e2e-nobody');
  await page.getByRole('textbox', { name: 'Password' }).fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong user name or password.');
  await expect(page.getByRole('textbox', { name: 'Password' })).toHaveValue('not the password');
  expect(page.url()).not.toContain('not%20the%20password');
});

test('a viewer sees every change disabled with the reason, and the proxy refuses one sent by hand', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}) => {
  const orgId = FIXTURE_IDS.opsOrgSynced;
  await gotoApp(`/orgs/opsmanager/${orgId}`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await expect(page).toHaveTitle('Sign in — Orglink Console');
  await expectNoA11yViolations();
  await screenshotThemes('sign-in');
  await signIn(page, E2E_USERS.viewer);
  // Back where the user was going.
  await expect(page).toHaveURL(new RegExp(`/orgs/opsmanager/${orgId}$`));
  await expect(page.getByText('Signed in as')).toContainText('Signed in as e2e-viewer (viewer)');
  await expect(page.getByRole('heading', { level: 1, name: fixtureName(orgId) })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Link status' })).toContainText('Synced');
  await expect(page.getByRole('button', { name: 'Connect to Atlas' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Remove connection' })).toBeDisabled();
  await expect(page.getByText(/operator role is needed/)).toBeVisible();
  await expectNoA11yViolations();
  await screenshotThemes('org-viewer');

  const cloudOrg = FIXTURE_IDS.cloudOrgWithToken;
  await gotoApp(`/link-tokens?org=${cloudOrg}`);
  await expect(page.getByRole('button', { name: 'Generate' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Delete link-token' })).toBeDisabled();
  await expect(page.getByText(/operator role/)).toBeVisible();

  await gotoApp(`/federations/${FIXTURE_IDS.federationLarge}`);
  const removeButtons = page.getByRole('button', { name: /^Remove .+ from federation$/ });
  await expect(removeButtons.first()).toBeVisible();
  for (const button of await removeButtons.all()) await expect(button).toBeDisabled();
  await expect(page.getByText(/operator role/)).toBeVisible();

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Audit/ })
    .click();
  await expect(page.getByText('The operator role is needed to read the audit log')).toBeVisible();

  // The same change sent by hand with the viewer's cookie: refused by the proxy itself.
  const res = await page.request.delete(proxyUrl(routes.removeLink, { orgId }), {
    headers: { [CSRF_HEADER]: CSRF_VALUE },
  });
  expect(res.status()).toBe(403);
  const body = proxyErrorSchema.parse(await res.json());
  expect(body.code).toBe('ROLE_REQUIRED');
  // …and nothing changed.
  await gotoApp(`/orgs/opsmanager/${orgId}`);
  await expect(page.getByRole('status', { name: 'Link status' })).toContainText('Synced');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await gotoApp('/orgs');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Forgs$/);
});

test('an operator removes a connection, generates a link-token, connects with it, sees it all in the audit log, and signs out', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}, testInfo) => {
  // The store outlives a failed attempt: a retry takes the next orgs of each list.
  const n = testInfo.retry;
  await gotoApp('/');
  await signIn(page, E2E_USERS.operator);
  await expect(page).toHaveURL(/\/orgs$/);
  await expect(page.getByText('Signed in as')).toContainText('e2e-operator (operator)');

  // Remove a connection.
  const synced = pick(FIXTURE_IDS.opsOrgsSynced, n);
  await gotoApp(`/orgs/opsmanager/${synced}`);
  await expect(page.getByRole('status', { name: 'Link status' })).toContainText('Synced');
  await page.getByRole('button', { name: 'Remove connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove connection' });
  await dialog.getByRole('textbox', { name: 'Organization name or ID' }).fill(synced);
  await dialog.getByRole('button', { name: 'Remove connection' }).click();
  await expect(page.getByRole('status', { name: 'Link status' })).toContainText('Not linked');

  // Generate a link-token on the Atlas side…
  const cloudOrg = pick(FIXTURE_IDS.cloudOrgsWithoutToken, n);
  await gotoApp(`/link-tokens?org=${cloudOrg}`);
  await page.getByRole('button', { name: 'Generate' }).click();
  const tokenField = page.getByRole('textbox', { name: 'Link-token' });
  await expect(tokenField).toHaveValue(/\S{16,}/);
  const token = await tokenField.inputValue();

  // …and connect an unlinked Ops Manager org with it.
  const unlinked = pick(FIXTURE_IDS.opsOrgsUnlinked, n);
  await gotoApp(`/orgs/opsmanager/${unlinked}`);
  await expect(page.getByRole('status', { name: 'Link status' })).toContainText('Not linked');
  await page.getByRole('button', { name: 'Connect to Atlas' }).click();
  const connect = page.getByRole('dialog', { name: 'Connect to Atlas' });
  await connect.getByRole('textbox', { name: 'Link-token' }).fill(token);
  // Show API call with the real token typed: the text has a placeholder, never the token. Kept
  // for check:secrets, which also looks for every key and generated token in it.
  await connect.getByRole('button', { name: 'Show API call' }).click();
  const call = connect.getByRole('region', { name: 'API call' });
  await expect(call).toContainText('{LINK-TOKEN}');
  const callText = (await call.textContent()) ?? '';
  appendFileSync(join(E2E_AUTH_DIR, 'api-calls.jsonl'), `${JSON.stringify({ text: callText })}\n`);
  expect(callText).not.toContain(token);
  await connect.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('status', { name: 'Link status' })).toContainText(
    /Not synced|Synced/,
  );

  // The audit log has each change, with who did it; never the token.
  await gotoApp(`/audit?id=${synced}`);
  const table = page.getByRole('table', { name: 'Audit log' });
  await expect(table.getByRole('row').nth(1)).toContainText('e2e-operator');
  await expect(table.getByRole('row').nth(1)).toContainText('Remove the connection to Atlas');
  await expect(table.getByRole('row').nth(1)).toContainText('Done');
  await gotoApp('/audit?operation=connectOrg');
  await expect(table.getByRole('row').filter({ hasText: unlinked })).toHaveCount(1);
  await expect(page.getByRole('main')).not.toContainText(token);
  await expectNoA11yViolations();
  await screenshotThemes('audit');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  // Signed out means signed out: the proxy refuses the old session's calls.
  const res = await page.request.get(proxyUrl(routes.listOrgs, {}));
  expect(res.status()).toBe(401);
});

test('a viewer sees Delete federation disabled, with the reason, and the proxy refuses it', async ({
  page,
  gotoApp,
  expectNoA11yViolations,
  screenshotThemes,
}) => {
  const fed = FIXTURE_IDS.federationSingle;
  await gotoApp(`/federations/${fed}`);
  await signIn(page, E2E_USERS.viewer);
  await expect(page).toHaveURL(new RegExp(`/federations/${fed}$`));
  const button = page.getByRole('button', { name: 'Delete federation' });
  await expect(button).toBeDisabled();
  await expect(button).toHaveAccessibleDescription(
    'Your role is viewer: the operator role is needed for this action.',
  );
  await expectNoA11yViolations();
  await screenshotThemes('federation-delete-viewer');

  // Sent by hand with the viewer's cookie: refused by the proxy, and the federation stays.
  const res = await page.request.delete(proxyUrl(routes.deleteFederation, { federationId: fed }), {
    headers: { [CSRF_HEADER]: CSRF_VALUE },
  });
  expect(res.status()).toBe(403);
  expect(proxyErrorSchema.parse(await res.json()).code).toBe('ROLE_REQUIRED');
  await page.reload();
  await expect(
    page.getByRole('heading', { level: 1, name: 'acme-payments.com via Acme Okta' }),
  ).toBeVisible();
  await expect(page.getByText('1 connected organization.')).toBeVisible();
});

test('an operator links an org with Generate and connect: its token is in no answer (check:secrets)', async ({
  page,
  gotoApp,
}, testInfo) => {
  // Its own simulated upstream: the link-flow spec's orgs are free here. A retry takes the next.
  const orgId = pick(LINK_FLOW_FIXTURES.opsOrgs, 3 - testInfo.retry);
  const atlasOrg = LINK_FLOW_FIXTURES.atlasOrgLinked;
  await gotoApp('/');
  await signIn(page, E2E_USERS.operator);
  await expect(page).toHaveURL(/\/orgs$/);
  await gotoApp(`/link?source=opsmanager&org=${orgId}&atlasOrg=${atlasOrg}`);
  await expect(page.getByText('Not linked yet: ready to link.')).toBeVisible();
  await page.getByRole('button', { name: 'Generate and connect' }).click();
  const name = fixtureName(orgId);
  await expect(page.getByRole('heading', { name: new RegExp(`^${name} is linked`) })).toBeVisible();
  // The ledger names who linked it (the token itself: only its fingerprint).
  await expect(
    page.getByText(/Link-token fingerprint [0-9a-f]{6}, generated .* by e2e-operator/),
  ).toBeVisible();
});
