import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorTitle, isApiError, isUpstreamNone } from '@/api/api-error';
import { callUpstreamOperation } from '@/api/client';
import { ledgerQueries } from '@/api/queries/link-tokens';

export function useDeleteLinkToken(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => callUpstreamOperation('deleteLinkToken', { params: { orgId } }),
    onSuccess: () => {
      notifications.show({
        color: 'teal',
        title: 'Link-token deleted',
        message: `The link-token of organization ${orgId} was deleted.`,
      });
    },
    // The ledger marks the org's link-tokens deleted (or gone, after a 404).
    onSettled: () => client.invalidateQueries({ queryKey: ledgerQueries.ledger(orgId).queryKey }),
    onError: (e) => {
      // The upstream's 404: the org had no link-token (its errorCode may be UNEXPECTED_ERROR).
      if (isUpstreamNone(e)) {
        notifications.show({ color: 'yellow', title: 'Nothing deleted', message: e.detail });
        return;
      }
      notifications.show({
        color: 'red',
        title: isApiError(e) ? errorTitle(e) : 'Could not delete the link-token',
        message: isApiError(e) ? e.detail : String(e),
      });
    },
  });
}
