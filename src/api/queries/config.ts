// The proxy's own configuration and the signed-in user: read by Settings and by every action that
// needs to know whether the user may mutate.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { callProxyEndpoint } from '../client';
import { configSchema, PROXY_ENDPOINTS, type Role } from '#contract/proxy-contract';

export const configQueries = {
  all: () => ['proxy-config'] as const,
  config: () =>
    queryOptions({
      queryKey: [...configQueries.all(), 'config'],
      queryFn: ({ signal }) => callProxyEndpoint(PROXY_ENDPOINTS.config, configSchema, { signal }),
      staleTime: 60_000,
    }),
};

export interface Permissions {
  /** False unless the user is known to be an operator: while the config loads, if it fails, for viewers. */
  canMutate: boolean;
  role: Role | null;
  /** Why actions are disabled, for a tooltip or note; null when they are not. */
  reason: string | null;
}

/**
 * Whether the signed-in user may connect, remove, generate and delete. The one place features ask;
 * the answer is "not allowed" until the role is known.
 */
export function usePermissions(): Permissions {
  const { data, isError } = useQuery(configQueries.config());
  const role = data?.session?.role ?? null;
  if (!data) {
    return {
      canMutate: false,
      role,
      reason: isError
        ? 'Your role could not be read from the dashboard server: reload the page to try again.'
        : 'Loading your role…',
    };
  }
  if (role === 'operator') return { canMutate: true, role, reason: null };
  return {
    canMutate: false,
    role,
    reason: role
      ? 'Your role is viewer: the operator role is needed for this action.'
      : 'Sign in as an operator to do this.',
  };
}
