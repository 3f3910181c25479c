import { ApiError } from '@/api/api-error';
import { configQueries } from '@/api/queries/config';
import { createQueryClient, worthRetrying } from './query-client';

describe('query client', () => {
  it('refreshes the config (and so the session) when the proxy says NOT_SIGNED_IN', async () => {
    const client = createQueryClient();
    const key = configQueries.config().queryKey;
    client.getQueryCache().build(client, { queryKey: key });
    expect(client.getQueryState(key)?.isInvalidated).toBe(false);
    const expired = new ApiError({
      source: 'proxy',
      status: 401,
      errorCode: 'NOT_SIGNED_IN',
      detail: 'Sign in to use the dashboard.',
    });
    await client
      .fetchQuery({ queryKey: ['orgs'], queryFn: () => Promise.reject(expired), retry: false })
      .catch(() => {});
    expect(client.getQueryState(key)?.isInvalidated).toBe(true);
  });

  it('leaves the config alone on other errors', async () => {
    const client = createQueryClient();
    const key = configQueries.config().queryKey;
    client.getQueryCache().build(client, { queryKey: key });
    const other = new ApiError({ source: 'upstream', status: 404, detail: 'Not found' });
    await client
      .fetchQuery({ queryKey: ['orgs'], queryFn: () => Promise.reject(other), retry: false })
      .catch(() => {});
    expect(client.getQueryState(key)?.isInvalidated).toBe(false);
  });
});

describe('retrying a failed read', () => {
  const err = (source: 'proxy' | 'upstream' | 'network', status: number, errorCode?: string) =>
    new ApiError({ source, status, errorCode, detail: 'x' });

  it('never retries what the proxy already retried or refused, nor a 4xx', () => {
    expect(worthRetrying(err('proxy', 502, 'UPSTREAM_UNREACHABLE'))).toBe(false);
    expect(worthRetrying(err('proxy', 504, 'UPSTREAM_TIMEOUT'))).toBe(false);
    expect(worthRetrying(err('proxy', 400, 'REQUEST_REFUSED'))).toBe(false);
    expect(worthRetrying(err('upstream', 404))).toBe(false);
    expect(worthRetrying(err('upstream', 429))).toBe(false);
  });

  it('retries the network to the proxy and an upstream 5xx (the proxy does not retry those)', () => {
    expect(worthRetrying(err('network', 0))).toBe(true);
    expect(worthRetrying(err('upstream', 503))).toBe(true);
  });

  it('asks the proxy once for a GET it answered with 502 after its own retry', async () => {
    const client = createQueryClient();
    let calls = 0;
    await client
      .fetchQuery({
        queryKey: ['orgs'],
        queryFn: () => {
          calls++;
          return Promise.reject(err('proxy', 502, 'UPSTREAM_UNREACHABLE'));
        },
        retryDelay: 0,
      })
      .catch(() => {});
    expect(calls).toBe(1);
  });
});
