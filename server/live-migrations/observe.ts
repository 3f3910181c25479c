// What the proxy records of a validation passing through it (the SPA calls `validateMigration`
// directly, as a route-table operation): the validation's id and the fingerprint of the request
// it validated — never the request itself, so no password — so Start migration can require a
// successful validation of exactly the request it starts.
import type { FastifyBaseLogger } from 'fastify';
import { liveMigrationRequestSchema, migrationValidationSchema } from '#contract/schemas';
import type { Clock } from '../fleet/clock';
import type { ProxiedAnswer } from '../fleet/observe';
import type { Store } from '../store/connect';
import { recordValidation } from '../store/live-migrations';
import { requestFingerprint } from './fingerprint';

export function createValidationObserver(deps: {
  store: Store;
  clock: Clock;
  log: FastifyBaseLogger;
}): (seen: ProxiedAnswer) => Promise<void> {
  return async ({ op, params, answer, request: asked }) => {
    if (op !== 'validateMigration' || answer.status !== 200) return;
    try {
      const request = liveMigrationRequestSchema.safeParse(asked?.body);
      const job = migrationValidationSchema.safeParse(JSON.parse(answer.body.toString('utf8')));
      if (!request.success || !job.success || !params.groupId) return;
      await recordValidation(deps.store.db, {
        validationId: job.data._id,
        atlasProjectId: params.groupId,
        fingerprint: requestFingerprint(request.data),
        createdAt: new Date(deps.clock.now()),
      });
    } catch (err) {
      // Without the record, Start migration asks for a new validation: say why in the log.
      deps.log.warn({ err }, 'could not record a migration validation');
    }
  };
}
