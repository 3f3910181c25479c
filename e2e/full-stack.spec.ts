// Checks only the real stack can answer: the built SPA behind the proxy (`npm start`), which talks
// HTTP Digest to the simulated upstream. The `mock` project has no proxy and ignores this file.
import { FIXTURE_IDS, fixtureName } from '../mocks/db/fixtures';
import { configSchema, proxyErrorSchema } from '#contract/proxy-contract';
import { proxyUrl, routes } from '#contract/route-table';
import { expect, test } from './fixtures';

test('the proxy is healthy and says its upstreams are simulated', async ({ request }) => {
  const health = await request.get('/healthz');
  expect(health.status()).toBe(200);
  const config = configSchema.parse(await (await request.get('/api/config')).json());
  expect(config.upstreams.map((u) => [u.name, u.simulated, u.authKind])).toEqual([
    ['opsmanager', true, 'digest'],
    ['cloudmanager', true, 'digest'],
    ['cloud', true, 'digest'],
  ]);
  // The key's public part names it (for a refused key's error); the private parts never leave.
  expect(config.upstreams.map((u) => u.publicKey)).toEqual([
    'orglinkdemo',
    'orglinkcmdemo',
    'orglinkdemo',
  ]);
  expect(JSON.stringify(config)).not.toMatch(/7c1b2e44|5d0e9a7b/);
});

test('an org page loads its link status through the proxy', async ({ page, gotoApp }) => {
  const id = FIXTURE_IDS.opsOrgSynced;
  const statusPath = proxyUrl(routes.getLinkStatus, { orgId: id });
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === statusPath);
  await gotoApp(`/orgs/opsmanager/${id}`);
  const res = await answer;
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: 'SYNCED' });
  await expect(page.getByRole('heading', { level: 1, name: fixtureName(id) })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Link status' })).toContainText('Synced');
});

test('the proxy refuses what is not on its allowlist, in its own error shape', async ({
  request,
}) => {
  const badId = await request.get('/api/opsmanager/public/v1.0/orgs/..%2F..%2Fadmin');
  expect(badId.status()).toBe(400);
  expect(proxyErrorSchema.parse(await badId.json()).code).toBe('REQUEST_REFUSED');

  const unknown = await request.get('/api/opsmanager/public/v1.0/groups');
  expect(unknown.status()).toBe(404);

  const noCsrf = await request.delete(
    proxyUrl(routes.removeLink, { orgId: FIXTURE_IDS.opsOrgsSynced[0]! }),
  );
  expect(noCsrf.status()).toBe(403);
  expect(proxyErrorSchema.parse(await noCsrf.json()).code).toBe('CSRF_REJECTED');
});

test('a scenario header reaches the simulated upstream, and its 429 comes back unchanged', async ({
  request,
}) => {
  const res = await request.get(
    proxyUrl(routes.getLinkStatus, { orgId: FIXTURE_IDS.opsOrgSynced }),
    {
      headers: { 'x-mock-scenario': 'rate-limited' },
    },
  );
  expect(res.status()).toBe(429);
  expect(res.headers()['retry-after']).toBe('3');
  expect(await res.json()).toMatchObject({ error: 429, errorCode: 'RATE_LIMITED' });
});
