import { useMutation, useQueryClient } from '@tanstack/react-query';
import { federationQueries } from '@/api/queries/federations';

/** Looks up an org's federation on demand (the Find federation form), through the shared cache. */
export function useFindFederation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (orgId: string) => queryClient.fetchQuery(federationQueries.byOrg(orgId)),
  });
}
