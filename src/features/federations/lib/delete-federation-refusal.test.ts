import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/api-error';
import { deleteFederationRefusal } from './delete-federation-refusal';

const upstream = (status: number, extra: Partial<ConstructorParameters<typeof ApiError>[0]> = {}) =>
  new ApiError({
    source: 'upstream',
    status,
    detail: 'Refused.',
    upstream: 'MongoDB Cloud',
    upstreamId: 'cloud',
    ...extra,
  });

describe('deleteFederationRefusal', () => {
  it('400: another org is connected; nothing deleted; remove the others first', () => {
    const r = deleteFederationRefusal(
      upstream(400, { errorCode: 'CANNOT_DELETE_FEDERATION_WITH_MULTIPLE_CONNECTED_ORGS' }),
      'Acme-Payments-Atlas',
    );
    expect(r?.title).toBe('Not deleted: more than one organization is connected');
    expect(r?.advice).toMatch(/only while one organization is connected/);
    expect(r?.advice).toMatch(/remove the others first, then delete the federation\.$/);
    // Not the general advice for a 400, which blames the request.
    expect(r?.advice).not.toMatch(/Correct the request/);
  });

  it('403: names the org whose Organization Owner role the key needs; keeps the general advice', () => {
    const r = deleteFederationRefusal(upstream(403), 'Acme-Payments-Atlas');
    expect(r).toEqual({
      title: 'Not deleted: the API key needs the Organization Owner role in Acme-Payments-Atlas',
    });
    expect(deleteFederationRefusal(upstream(403), null)?.title).toMatch(
      /in the last connected organization$/,
    );
  });

  it('429: nothing changed; waits as long as Retry-After says', () => {
    expect(deleteFederationRefusal(upstream(429, { retryAfter: 7 }), 'x')).toEqual({
      title: 'Not deleted: MongoDB Cloud is limiting requests',
      advice: 'Nothing was changed. Wait 7 seconds, then press Delete federation again.',
    });
    expect(deleteFederationRefusal(upstream(429), 'x')?.advice).toMatch(/Wait a few seconds/);
  });

  it('leaves everything else to the general words', () => {
    expect(deleteFederationRefusal(upstream(500), 'x')).toBeNull();
    expect(deleteFederationRefusal(upstream(401), 'x')).toBeNull();
    // The proxy's own refusals (role, CSRF) are not the upstream's rule.
    const proxy = new ApiError({
      source: 'proxy',
      status: 403,
      errorCode: 'ROLE_REQUIRED',
      detail: 'No.',
    });
    expect(deleteFederationRefusal(proxy, 'x')).toBeNull();
    expect(deleteFederationRefusal(new Error('boom'), 'x')).toBeNull();
  });
});
