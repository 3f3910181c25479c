// Remove an org's connection to Atlas. Never retried.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '@/api/api-error';
import { callOperation } from '@/api/client';
import { linkStatusQueries, nextLinkState, type LinkState } from '@/api/queries/link-status';

export function useRemoveConnection(orgId: string) {
  const client = useQueryClient();
  const { queryKey } = linkStatusQueries.status(orgId);
  const setNotLinked = () =>
    client.setQueryData(queryKey, (prev: LinkState | undefined) =>
      nextLinkState(prev, 'NOT_LINKED'),
    );
  return useMutation({
    mutationFn: () => callOperation('removeLink', { params: { orgId } }),
    onMutate: () => client.cancelQueries({ queryKey }),
    onSuccess: setNotLinked,
    onError: (e) => {
      // The upstream says there is no link (removed elsewhere): ask again rather than guess.
      if (isApiError(e) && e.source === 'upstream' && e.status === 404) {
        void client.invalidateQueries({ queryKey });
      }
    },
  });
}
