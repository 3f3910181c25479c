// DNS rebinding against the loopback demo (no sign-in): Chromium resolves `evil.test` to 127.0.0.1
// (`--host-resolver-rules`, this project only), so a page on that name is served by the proxy from
// the attacker's origin. The proxy must answer 421 for every path — the page itself, its files,
// the health checks, every API path however it is spelled — so the page can read and change nothing.
import { FIXTURE_IDS } from '../mocks/db/fixtures';
import { CSRF_HEADER, CSRF_VALUE, proxyErrorSchema } from '#contract/proxy-contract';
import { operationIds, proxyUrl, routes } from '#contract/route-table';
import { expect, test } from './fixtures';

const ORG = FIXTURE_IDS.opsOrgsSynced[0] as string;
const FED = '6a1d7a3b9c0f2a4b6d8e0f34';

/** Every route-table operation's path, with IDs filled in. */
const operationPaths = operationIds.map((op) => ({
  method: routes[op].method,
  path: proxyUrl(
    routes[op],
    Object.fromEntries(routes[op].params.map((p) => [p, p === 'federationId' ? FED : ORG])),
  ),
}));

const removeLink = proxyUrl(routes.removeLink, { orgId: ORG });

const reads = [
  '/',
  '/orgs',
  `/orgs/${ORG}`,
  '/index.html',
  '/favicon.svg',
  '/healthz',
  '/readyz',
  '/api/config',
  '/api/session',
  '/api/audit',
  ...operationPaths.filter((o) => o.method === 'GET').map((o) => o.path),
  // Encoded prefixes a router decodes to /api/…
  '/%61pi/opsmanager/public/v1.0/orgs',
  '/a%70i/config',
  `/%61pi/opsmanager/public/v1.0/orgs/${ORG}/liveExport/migrationLink/status`,
];

test('a page on a foreign host name gets 421 for every path, and changes nothing', async ({
  page,
  baseURL,
}) => {
  expect(new URL(baseURL ?? '').hostname).toBe('evil.test');
  const first = await page.goto('/');
  expect(first?.status()).toBe(421);
  expect(proxyErrorSchema.parse(await first?.json()).code).toBe('REQUEST_REFUSED');

  // From the attacker's page, with its own origin: what a rebinding script would try.
  const answers = await page.evaluate(
    async ({ reads, changes, csrf }) => {
      const statuses: Record<string, number> = {};
      for (const path of reads) statuses[`GET ${path}`] = (await fetch(path)).status;
      for (const { method, path } of changes) {
        const res = await fetch(path, {
          method,
          headers: { [csrf.header]: csrf.value, 'content-type': 'application/json' },
          body: method === 'POST' ? '{}' : undefined,
        });
        statuses[`${method} ${path}`] = res.status;
      }
      return statuses;
    },
    {
      reads,
      changes: [
        ...operationPaths.filter((o) => o.method !== 'GET'),
        { method: 'DELETE', path: removeLink.replace('/api/', '/%61pi/') },
      ],
      csrf: { header: CSRF_HEADER, value: CSRF_VALUE },
    },
  );
  const count = Object.keys(answers).length;
  expect(count).toBeGreaterThanOrEqual(reads.length + 2);
  expect(Object.entries(answers).filter(([, status]) => status !== 421)).toEqual([]);
});

test('the same proxy still serves its own loopback name', async ({ request }) => {
  const port = new URL(test.info().project.use.baseURL ?? '').port;
  const res = await request.get(`http://127.0.0.1:${port}/api/config`);
  expect(res.status()).toBe(200);
  const link = await request.get(
    `http://127.0.0.1:${port}${proxyUrl(routes.getLinkStatus, { orgId: ORG })}`,
  );
  expect(link.status()).toBe(200);
});
