// Delete federation through the real proxy: allowlisted, and audited — its success and the
// upstream's refusal while two orgs are connected (the browser fakes keep no audit log).
import { FIXTURE_IDS } from '../mocks/db/fixtures';
import { auditListSchema } from '#contract/audit-contract';
import { CSRF_HEADER, CSRF_VALUE, PROXY_ENDPOINTS } from '#contract/proxy-contract';
import { proxyUrl, routes } from '#contract/route-table';
import { expect, test } from './fixtures';

/** Its own federation (the journeys in federation-delete.spec.ts take the others). */
const FED = FIXTURE_IDS.federationsLone[3] ?? { id: '', orgId: '' };

test('the proxy audits Delete federation and its refusal', async ({ page }) => {
  const del = (federationId: string) =>
    page.request.delete(proxyUrl(routes.deleteFederation, { federationId }), {
      headers: { [CSRF_HEADER]: CSRF_VALUE },
    });
  // 204 the first time; 404 on a retry of this test (the run's store keeps the deletion).
  expect([204, 404]).toContain((await del(FED.id)).status());
  const refused = await del(FIXTURE_IDS.federationPair);
  expect(refused.status()).toBe(400);

  const res = await page.request.get(`${PROXY_ENDPOINTS.audit}?operation=deleteFederation`);
  expect(res.status()).toBe(200);
  const { entries } = auditListSchema.parse(await res.json());
  expect(entries).toContainEqual(
    expect.objectContaining({
      operation: 'deleteFederation',
      method: 'DELETE',
      federationId: FED.id,
      outcome: 'success',
      upstreamStatus: 204,
    }),
  );
  expect(entries).toContainEqual(
    expect.objectContaining({
      operation: 'deleteFederation',
      federationId: FIXTURE_IDS.federationPair,
      outcome: 'upstream_error',
      upstreamStatus: 400,
      code: 'CANNOT_DELETE_FEDERATION_WITH_MULTIPLE_CONNECTED_ORGS',
    }),
  );
  // The federation's org is in no federation any more.
  const lookup = await page.request.get(proxyUrl(routes.getOrgFederation, { orgId: FED.orgId }));
  expect(lookup.status()).toBe(404);
});
