// Remove an org's connection to Atlas. Never retried.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isUpstreamNone } from '@/api/api-error';
import { callUpstreamOperation } from '@/api/client';
import {
  linkStatusQueries,
  nextLinkObservation,
  type LinkObservation,
} from '@/api/queries/link-status';

export function useRemoveConnection(orgId: string) {
  const client = useQueryClient();
  const queryKey = linkStatusQueries.key(orgId);
  const setNotLinked = () =>
    client.setQueryData(queryKey, (prev: LinkObservation | undefined) =>
      nextLinkObservation(prev, 'NOT_LINKED'),
    );
  return useMutation({
    mutationFn: () => callUpstreamOperation('removeLink', { params: { orgId } }),
    onMutate: () => client.cancelQueries({ queryKey }),
    onSuccess: setNotLinked,
    onError: (e) => {
      // The upstream says there is no link (removed elsewhere): ask again rather than guess.
      if (isUpstreamNone(e)) {
        void client.invalidateQueries({ queryKey });
      }
    },
  });
}
