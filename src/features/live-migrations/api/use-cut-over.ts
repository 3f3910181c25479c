// Cut over a registered migration (the proxy's action `cutOver`: operator, audited). Never retried.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod/mini';
import {
  LIVE_MIGRATION_ENDPOINTS,
  registeredMigrationSchema,
} from '#contract/live-migrations-contract';
import { callProxyEndpoint } from '@/api/client';
import { migrationQueries } from '@/api/queries/live-migrations';

const answerSchema = z.object({ migration: registeredMigrationSchema });

export function useCutOver(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      callProxyEndpoint(LIVE_MIGRATION_ENDPOINTS.cutover(id), answerSchema, {
        method: 'POST',
        body: {},
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: migrationQueries.all() }),
  });
}
