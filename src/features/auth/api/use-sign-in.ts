import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callProxyEndpoint } from '@/api/client';
import { PROXY_ENDPOINTS, sessionSchema, type Session } from '#contract/proxy-contract';

export interface SignInInput {
  username: string;
  password: string;
}

/** Signs in; on success every query starts over as the new user (config and session first). */
export function useSignIn(options: { onSuccess?: (s: Session) => void } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess } = options;
  return useMutation({
    mutationFn: (input: SignInInput) =>
      callProxyEndpoint(PROXY_ENDPOINTS.session, sessionSchema, { method: 'POST', body: input }),
    onSuccess: async (session) => {
      // Nothing cached for "nobody" (or a previous user) may linger into this session.
      await queryClient.resetQueries();
      onSuccess?.(session);
    },
  });
}
