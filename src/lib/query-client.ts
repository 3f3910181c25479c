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
        retry: (count, error) =>
          count < 1 && !(isApiError(error) && error.status < 500 && error.status !== 0),
        refetchOnWindowFocus: true,
      },
      // A mutation is never retried automatically: the user decides.
      mutations: { retry: false },
    },
  });
  return client;
}

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { silentErrors?: boolean };
  }
}
