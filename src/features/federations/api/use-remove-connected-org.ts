import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorTitle, isApiError } from '@/api/api-error';
import { callUpstreamOperation } from '@/api/client';
import { federationQueries } from '@/api/queries/federations';

export interface RemoveTarget {
  orgId: string;
  /** For messages: the org's name, or its ID when the name is unknown. */
  label: string;
}

/** `federation`: its name as the page shows it (federationLabel), for the message. */
export function useRemoveConnectedOrg(federationId: string, federation: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ orgId }: RemoveTarget) =>
      callUpstreamOperation('removeConnectedOrg', { params: { federationId, orgId } }),
    // Awaited so the dialog stays busy until the table no longer lists the org.
    onSuccess: async (_data, { orgId, label }) => {
      notifications.show({
        color: 'teal',
        title: 'Removed from federation',
        message: `${label} is no longer connected to the federation ${federation}.`,
      });
      await Promise.all([
        queryClient.invalidateQueries({
          queryKey: federationQueries.connectedOrgs(federationId).queryKey,
        }),
        queryClient.invalidateQueries({ queryKey: federationQueries.byOrg(orgId).queryKey }),
      ]);
    },
    onError: (e, { label }) => {
      notifications.show({
        color: 'red',
        title: isApiError(e) ? errorTitle(e) : `Could not remove ${label}`,
        message: isApiError(e) ? e.detail : String(e),
      });
    },
  });
}
