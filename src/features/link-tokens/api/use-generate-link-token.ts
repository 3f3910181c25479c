import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorTitle, isApiError } from '@/api/api-error';
import { callUpstreamOperation } from '@/api/client';
import { ledgerQueries } from '@/api/queries/link-tokens';

/**
 * Generates a link-token for an Atlas org. The token is returned to the caller only: it is never put
 * in a query cache, a notification, a URL or a log, and `gcTime: 0` drops the finished mutation (and
 * the token in it) from the mutation cache as soon as the page unmounts.
 */
export function useGenerateLinkToken(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (accessListIps: string[]) => {
      const body = accessListIps.length > 0 ? { accessListIps } : {};
      const { linkToken } = await callUpstreamOperation('createLinkToken', {
        params: { orgId },
        body,
      });
      return linkToken;
    },
    gcTime: 0,
    onSuccess: () => {
      notifications.show({
        color: 'teal',
        title: 'Link-token generated',
        message: 'Copy it from the page now.',
      });
      // The proxy recorded it in the ledger (its fingerprint): the list shows it.
      void client.invalidateQueries({ queryKey: ledgerQueries.ledger(orgId).queryKey });
    },
    onError: (e) => {
      notifications.show({
        color: 'red',
        title: isApiError(e) ? errorTitle(e) : 'Could not generate a link-token',
        message: isApiError(e) ? e.detail : String(e),
      });
    },
  });
}
