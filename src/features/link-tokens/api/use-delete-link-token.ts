import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { errorTitle, isApiError } from '@/api/api-error';
import { callOperation } from '@/api/client';

/** True for the upstream's 404: the org had no link-token (its errorCode may be UNEXPECTED_ERROR). */
export function isNoLinkToken(e: unknown): boolean {
  return isApiError(e) && e.source === 'upstream' && e.status === 404;
}

export function useDeleteLinkToken(orgId: string) {
  return useMutation({
    mutationFn: () => callOperation('deleteLinkToken', { params: { orgId } }),
    onSuccess: () => {
      notifications.show({
        color: 'teal',
        title: 'Link-token deleted',
        message: `The link-token of organization ${orgId} was deleted.`,
      });
    },
    onError: (e) => {
      // Branch on the HTTP status first (FACTS.md): a plain "not found" may carry UNEXPECTED_ERROR.
      if (isNoLinkToken(e)) {
        notifications.show({
          color: 'yellow',
          title: 'Nothing deleted',
          message: isApiError(e) ? e.detail : String(e),
        });
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
