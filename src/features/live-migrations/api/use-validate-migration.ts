// Validate a migration request (the route-table operation, through the proxy): the answer is a
// job to poll (migrationPlanQueries.validation). The proxy records the request's fingerprint so
// that Start migration later can require this validation. Never retried.
import { useMutation } from '@tanstack/react-query';
import type { LiveMigrationRequest } from '#contract/schemas';
import { callUpstreamOperation } from '@/api/client';

export function useValidateMigration() {
  return useMutation({
    mutationFn: (request: LiveMigrationRequest) =>
      callUpstreamOperation('validateMigration', {
        params: { groupId: request.destination.groupId },
        body: request,
      }),
  });
}
