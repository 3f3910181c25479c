// The app's one QueryClient. Errors on cached data become notifications; 5xx go to error boundaries.
import { notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { errorTitle, isApiError } from '@/api/api-error';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // Only for background refetches: a first load shows its error in the page itself.
        if (query.state.data === undefined || query.meta?.silentErrors) return;
        notifications.show({
          color: 'red',
          title: isApiError(error) ? errorTitle(error) : 'Error',
          message: isApiError(error) ? error.detail : String(error),
        });
      },
    }),
    mutationCache: new MutationCache(),
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
}

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { silentErrors?: boolean };
  }
}
