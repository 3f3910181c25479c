// Check now: asks the dashboard server to check every organization now (POST /api/fleet/sweep,
// operator). The answer is the sweep's progress, which the panel then follows.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callProxyEndpoint } from '@/api/client';
import { fleetQueries } from '@/api/queries/fleet';
import { FLEET_ENDPOINTS, sweepProgressSchema } from '#contract/fleet-contract';

export function useSweepNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      callProxyEndpoint(FLEET_ENDPOINTS.sweep, sweepProgressSchema, { method: 'POST' }),
    onSuccess: (progress) => client.setQueryData(fleetQueries.sweep().queryKey, progress),
  });
}
