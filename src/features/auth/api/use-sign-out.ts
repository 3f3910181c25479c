import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { callProxyEndpoint } from '@/api/client';
import { PROXY_ENDPOINTS } from '#contract/proxy-contract';

/** Signs out; then forgets everything fetched as this user. */
export function useSignOut(options: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess } = options;
  return useMutation({
    mutationFn: () => callProxyEndpoint(PROXY_ENDPOINTS.session, z.null(), { method: 'DELETE' }),
    onSuccess: () => {
      queryClient.clear();
      onSuccess?.();
    },
  });
}
