// "Delete the new link-token" after a failed connect: the existing deleteLinkToken operation.
// Atlas deletes all of the org's link-tokens at once (the API names no token).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorTitle, isApiError, isUpstreamNone } from '@/api/api-error';
import { callUpstreamOperation } from '@/api/client';
import { ledgerQueries } from '@/api/queries/link-tokens';
import { notify } from '@/lib/notify';

export function useDeleteNewToken(atlasOrgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => callUpstreamOperation('deleteLinkToken', { params: { orgId: atlasOrgId } }),
    onSuccess: () => {
      notify({
        color: 'teal',
        title: 'Link-token deleted',
        message: 'The unused link-token is gone: nothing was left behind in Atlas.',
      });
    },
    onError: (e) => {
      if (isUpstreamNone(e)) {
        notify({ color: 'yellow', title: 'Nothing deleted', message: e.detail });
        return;
      }
      notify({
        color: 'red',
        title: isApiError(e) ? errorTitle(e) : 'Could not delete the link-token',
        message: isApiError(e) ? e.detail : String(e),
      });
    },
    onSettled: () => client.invalidateQueries({ queryKey: ledgerQueries.all() }),
  });
}
