// Remove a source org's connection to Atlas. Never retried.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isUpstreamNone } from '@/api/api-error';
import { callUpstreamOperation } from '@/api/client';
import { fleetQueries } from '@/api/queries/fleet';
import { ledgerQueries } from '@/api/queries/link-tokens';
import {
  linkStatusQueries,
  nextLinkObservation,
  type LinkObservation,
} from '@/api/queries/link-status';
import { SOURCE_OPS, type SourceUpstream } from '#contract/route-table';

export function useRemoveConnection(source: SourceUpstream, orgId: string) {
  const client = useQueryClient();
  const queryKey = linkStatusQueries.key(source, orgId);
  // What the server recorded of the change: the history and Linked to.
  const history = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: fleetQueries.history(source, orgId).queryKey }),
      client.invalidateQueries({ queryKey: ledgerQueries.linkedTo(source, orgId).queryKey }),
    ]);
  const setNotLinked = () => {
    client.setQueryData(queryKey, (prev: LinkObservation | undefined) =>
      nextLinkObservation(prev, 'NOT_LINKED'),
    );
    void history();
  };
  return useMutation({
    mutationFn: () => callUpstreamOperation(SOURCE_OPS[source].remove, { params: { orgId } }),
    onMutate: () => client.cancelQueries({ queryKey }),
    onSuccess: setNotLinked,
    onError: (e) => {
      // The upstream says there is no link (removed elsewhere): ask again rather than guess.
      if (isUpstreamNone(e)) {
        void client.invalidateQueries({ queryKey });
        void history();
      }
    },
  });
}
