import { http, HttpResponse } from 'msw';
import { mockServer } from '../../mocks/node';
import { ApiError, errorAdvice, errorTitle, parseRetryAfter } from './api-error';
import { callUpstreamOperation, callProxyEndpoint } from './client';
import { configSchema, CSRF_HEADER, PROXY_ENDPOINTS } from '#contract/proxy-contract';
import { routerPath, routes } from '#contract/route-table';

const ORG = '5e2211c17a3e5a48f5497de3';
const statusPath = routerPath(routes.getLinkStatus, 'proxy');
const removePath = routerPath(routes.removeLink, 'proxy');
const connectPath = routerPath(routes.connectOrg, 'proxy');

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe('callUpstreamOperation', () => {
  it('calls the proxy path on its own origin and parses the answer', async () => {
    let seen = '';
    mockServer.use(
      http.get(statusPath, ({ request }) => {
        seen = new URL(request.url).pathname;
        return HttpResponse.json({ status: 'SYNCED' });
      }),
    );
    await expect(
      callUpstreamOperation('getLinkStatus', { params: { orgId: ORG } }),
    ).resolves.toEqual({
      status: 'SYNCED',
    });
    expect(seen).toBe(`/api/opsmanager/public/v1.0/orgs/${ORG}/liveExport/migrationLink/status`);
  });

  it('unwraps an envelope answer, success and failure', async () => {
    mockServer.use(
      http.get(statusPath, ({ request }) => {
        expect(new URL(request.url).searchParams.get('envelope')).toBe('true');
        return HttpResponse.json({ status: 200, content: { status: 'NOT_SYNCED' } });
      }),
    );
    await expect(
      callUpstreamOperation('getLinkStatus', { params: { orgId: ORG }, query: { envelope: true } }),
    ).resolves.toEqual({ status: 'NOT_SYNCED' });

    mockServer.use(
      http.get(statusPath, () =>
        HttpResponse.json({
          status: 404,
          content: {
            error: 404,
            errorCode: 'UNEXPECTED_ERROR',
            detail: 'No link.',
            parameters: null,
          },
        }),
      ),
    );
    const e = await rejection(
      callUpstreamOperation('getLinkStatus', { params: { orgId: ORG }, query: { envelope: true } }),
    );
    expect(e).toMatchObject({ source: 'upstream', status: 404, errorCode: 'UNEXPECTED_ERROR' });
  });

  it('resolves a 204 to null and sends the CSRF header on mutations', async () => {
    let csrf: string | null = null;
    mockServer.use(
      http.delete(removePath, ({ request }) => {
        csrf = request.headers.get(CSRF_HEADER);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await expect(
      callUpstreamOperation('removeLink', { params: { orgId: ORG } }),
    ).resolves.toBeNull();
    expect(csrf).toBe('1');
  });

  it('turns an upstream error into source "upstream" with code, detail and Retry-After', async () => {
    mockServer.use(
      http.get(statusPath, () =>
        HttpResponse.json(
          {
            error: 429,
            errorCode: 'RATE_LIMITED',
            detail: 'Slow down.',
            reason: 'Too Many Requests',
            parameters: null,
          },
          { status: 429, headers: { 'Retry-After': '7' } },
        ),
      ),
    );
    const e = await rejection(callUpstreamOperation('getLinkStatus', { params: { orgId: ORG } }));
    expect(e).toMatchObject({
      source: 'upstream',
      status: 429,
      errorCode: 'RATE_LIMITED',
      detail: 'Slow down.',
      retryAfter: 7,
      operation: 'getLinkStatus',
      upstream: 'Ops Manager',
    });
  });

  it('reads the error code from X-Error-Code when the body has none (bare 401)', async () => {
    mockServer.use(
      http.get(
        statusPath,
        () => new HttpResponse('', { status: 401, headers: { 'X-Error-Code': 'UNAUTHORIZED' } }),
      ),
    );
    const e = await rejection(callUpstreamOperation('getLinkStatus', { params: { orgId: ORG } }));
    expect(e).toMatchObject({ source: 'upstream', status: 401, errorCode: 'UNAUTHORIZED' });
  });

  it("tells the proxy's own errors apart from the upstream's", async () => {
    mockServer.use(
      http.get(statusPath, () =>
        HttpResponse.json(
          {
            source: 'proxy',
            error: 504,
            code: 'UPSTREAM_TIMEOUT',
            detail: 'Ops Manager did not answer within 10 s.',
            upstream: 'opsmanager',
          },
          { status: 504 },
        ),
      ),
    );
    const e = await rejection(callUpstreamOperation('getLinkStatus', { params: { orgId: ORG } }));
    expect(e).toMatchObject({ source: 'proxy', status: 504, errorCode: 'UPSTREAM_TIMEOUT' });
  });

  it('reports a failed connection as source "network"', async () => {
    mockServer.use(http.get(statusPath, () => HttpResponse.error()));
    const e = await rejection(callUpstreamOperation('getLinkStatus', { params: { orgId: ORG } }));
    expect(e).toMatchObject({ source: 'network', status: 0 });
  });

  it('refuses a bad ID without sending anything', async () => {
    let called = false;
    mockServer.use(
      http.post(connectPath, () => {
        called = true;
        return HttpResponse.json({ status: 'SYNCED' }, { status: 201 });
      }),
    );
    const e = await rejection(
      callUpstreamOperation('connectOrg', {
        params: { orgId: '../admin' },
        body: { linkToken: 'x'.repeat(20) },
      }),
    );
    // Nothing left the page: the input is at fault, and every error view says so.
    expect(e).toMatchObject({ source: 'input', status: 400, errorCode: undefined });
    expect(e.detail).toBe(
      'The organization ID is not valid. An ID is 24 characters: digits 0-9 and letters a-f.',
    );
    expect(errorTitle(e)).toBe('What you entered is not valid');
    expect(errorTitle(e)).not.toMatch(/Dashboard server/);
    expect(errorAdvice(e)).toBe('Correct what you entered and try again. Nothing was sent.');
    expect(called).toBe(false);
  });

  it('rejects an answer of the wrong shape', async () => {
    mockServer.use(http.get(statusPath, () => HttpResponse.json({ status: 'MAYBE' })));
    const e = await rejection(callUpstreamOperation('getLinkStatus', { params: { orgId: ORG } }));
    expect(e.errorCode).toBe('UNEXPECTED_ANSWER');
  });

  it("passes react-query's AbortSignal to fetch", async () => {
    mockServer.use(http.get(statusPath, () => new Promise<never>(() => {})));
    const controller = new AbortController();
    const pending = callUpstreamOperation('getLinkStatus', {
      params: { orgId: ORG },
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('12')).toBe(12);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 0)).toBe(10);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('callProxyEndpoint', () => {
  it("blames the proxy, not an upstream, for an odd answer to the proxy's own endpoint", async () => {
    mockServer.use(http.get(PROXY_ENDPOINTS.config, () => HttpResponse.json({ nonsense: true })));
    const e = await rejection(callProxyEndpoint(PROXY_ENDPOINTS.config, configSchema));
    expect(e).toMatchObject({ source: 'proxy', errorCode: 'UNEXPECTED_ANSWER' });
  });
});
