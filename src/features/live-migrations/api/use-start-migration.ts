// Start migration (the proxy's action `startMigration`): the server checks the validation, calls
// createMigration and registers the migration. The body holds the source password when one was
// typed: it goes to the proxy once and is kept nowhere here. Never retried.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod/mini';
import {
  LIVE_MIGRATION_ENDPOINTS,
  registeredMigrationSchema,
  type StartMigrationBody,
} from '#contract/live-migrations-contract';
import { callProxyEndpoint } from '@/api/client';
import { migrationQueries } from '@/api/queries/live-migrations';

const answerSchema = z.object({ migration: registeredMigrationSchema });

export function useStartMigration() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: StartMigrationBody) =>
      callProxyEndpoint(LIVE_MIGRATION_ENDPOINTS.list, answerSchema, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: migrationQueries.all() }),
  });
}
