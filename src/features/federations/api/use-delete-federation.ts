import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError, isUpstreamNone } from '@/api/api-error';
import { callUpstreamOperation } from '@/api/client';
import { federationQueries } from '@/api/queries/federations';

export interface DeleteFederationTarget {
  /** For messages: the federation as the page names it (federationLabel). */
  label: string;
  /** The org(s) still connected: their federation lookups are read afresh afterwards. */
  orgIds: readonly string[];
  /** For messages: the connected org's name (or ID), when there is one. */
  orgLabel: string | null;
}

/** 'gone': MongoDB Cloud had no such federation any more (404): nothing left to delete. */
export type DeleteFederationOutcome = 'deleted' | 'gone';

/**
 * Deletes a federation with its identity providers and domains (DELETE …/federationSettings/{id}).
 * On success the pages that list it no longer do; on the upstream's 400 (another org connected
 * meanwhile) the connected orgs are read again, so the page shows why.
 */
export function useDeleteFederation(federationId: string) {
  const queryClient = useQueryClient();
  const connectedOrgsKey = federationQueries.connectedOrgs(federationId).queryKey;
  return useMutation({
    mutationFn: async (_target: DeleteFederationTarget): Promise<DeleteFederationOutcome> => {
      try {
        await callUpstreamOperation('deleteFederation', { params: { federationId } });
        return 'deleted';
      } catch (e) {
        // Deleted already (another tab, MongoDB Cloud's UI): what the user wanted is true.
        if (isUpstreamNone(e)) return 'gone';
        throw e;
      }
    },
    // Awaited so the dialog stays busy until the Federations list would no longer show it.
    onSuccess: async (outcome, { label, orgIds, orgLabel }) => {
      const org = orgLabel ? ` ${orgLabel} is no longer in a federation.` : '';
      notifications.show({
        color: 'teal',
        title: outcome === 'deleted' ? 'Federation deleted' : 'Federation already deleted',
        message:
          outcome === 'deleted'
            ? `${label} is deleted, with its identity providers and domains.${org}`
            : `MongoDB Cloud has no federation ${federationId} any more: nothing was left to delete.${org}`,
      });
      await Promise.all(
        orgIds.map((orgId) =>
          queryClient.invalidateQueries({
            queryKey: federationQueries.byOrg(orgId).queryKey,
            refetchType: 'all',
          }),
        ),
      );
      // Its own lists are stale now; read again only if its page is opened again (then: 404).
      await queryClient.invalidateQueries({ queryKey: connectedOrgsKey, refetchType: 'none' });
      await queryClient.invalidateQueries({
        queryKey: federationQueries.identityProviders(federationId).queryKey,
        refetchType: 'none',
      });
    },
    onError: async (e) => {
      // The upstream refuses while 2+ orgs are connected: show the list as it is now.
      if (isApiError(e) && e.source === 'upstream' && e.status === 400) {
        await queryClient.invalidateQueries({ queryKey: connectedOrgsKey });
      }
    },
  });
}
