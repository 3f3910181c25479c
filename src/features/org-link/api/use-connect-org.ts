// Connect a source org (Ops Manager or Cloud Manager) to Atlas with a link-token. Never retried;
// the token lives only in the dialog's state and this call (gcTime 0 drops the finished mutation,
// variables included).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callUpstreamOperation } from '@/api/client';
import { fleetQueries } from '@/api/queries/fleet';
import { ledgerQueries } from '@/api/queries/link-tokens';
import {
  linkStatusQueries,
  nextLinkObservation,
  type LinkObservation,
} from '@/api/queries/link-status';
import { SOURCE_OPS, type SourceUpstream } from '#contract/route-table';

export function useConnectOrg(source: SourceUpstream, orgId: string) {
  const client = useQueryClient();
  const queryKey = linkStatusQueries.key(source, orgId);
  return useMutation({
    mutationFn: (linkToken: string) =>
      callUpstreamOperation(SOURCE_OPS[source].connect, {
        params: { orgId },
        body: { linkToken },
      }),
    // A poll that left before the connect would otherwise land after it with the old status.
    onMutate: () => client.cancelQueries({ queryKey }),
    onSuccess: ({ status }) => {
      // The answer is the new status: the badge shows it and, as a change, polling speeds up.
      client.setQueryData(queryKey, (prev: LinkObservation | undefined) =>
        nextLinkObservation(
          prev ?? { status: 'NOT_LINKED', changedAt: null, previous: null },
          status,
        ),
      );
      // The server recorded the change ("a change made here"): the history and Linked to show it.
      void client.invalidateQueries({ queryKey: fleetQueries.history(source, orgId).queryKey });
      void client.invalidateQueries({ queryKey: ledgerQueries.linkedTo(source, orgId).queryKey });
    },
    gcTime: 0,
  });
}
