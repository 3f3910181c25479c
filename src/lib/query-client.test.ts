import { ApiError } from '@/api/api-error';
import { configQueries } from '@/api/queries/config';
import { createQueryClient } from './query-client';

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
