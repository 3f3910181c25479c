// The app's one QueryClient. Errors of background refetches become notifications; first loads show
// theirs in the page.
import { notify } from './notify';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { errorTitle, isApiError } from '@/api/api-error';
import { configQueries } from '@/api/queries/config';

export function createQueryClient(): QueryClient {
  // A NOT_SIGNED_IN answer (session expired, signed out elsewhere) refreshes the config, whose
  // `session: null` makes the layout send the user to the sign-in page and back afterwards.
  const onSignedOut = (error: unknown) => {
    if (isApiError(error) && error.errorCode === 'NOT_SIGNED_IN') {
      void client.invalidateQueries({ queryKey: configQueries.all() });
    }
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        onSignedOut(error);
        // Only for background refetches: a first load shows its error in the page itself.
        if (query.state.data === undefined || query.meta?.silentErrors) return;
        notify({
          color: 'red',
          title: isApiError(error) ? errorTitle(error) : 'Error',
          message: isApiError(error) ? error.detail : String(error),
        });
      },
    }),
    mutationCache: new MutationCache({ onError: onSignedOut }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: (count, error) => count < 1 && worthRetrying(error),
        refetchOnWindowFocus: true,
      },
      // A mutation is never retried automatically: the user decides.
      mutations: { retry: false },
    },
  });
  return client;
}

/**
 * Whether a failed read is tried once more. Not a 4xx (asking again changes nothing), and not an
 * error of the proxy's own: it refused, or it already retried what was safe to retry (a GET after
 * a connection failure) or waited its full deadline — one more try here would stack up upstream
 * calls. The network to the proxy (status 0) and an upstream 5xx the proxy passed on are retried.
 */
export function worthRetrying(error: unknown): boolean {
  if (!isApiError(error)) return true;
  if (error.status === 0) return true;
  if (error.source === 'proxy') return false;
  return error.status >= 500;
}

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { silentErrors?: boolean };
  }
}
