import { Alert, Loader, Group, Text } from '@mantine/core';
import type { MigrationValidation } from '#contract/schemas';
import { validationAdvice } from '../lib/validation-advice';

interface ValidationStatusProps {
  job: MigrationValidation | undefined;
  /** The form changed after this validation: it no longer counts. */
  stale: boolean;
}

/** PENDING → SUCCESS or FAILED, in plain words and with what to do; announced as it changes. */
export function ValidationStatus({ job, stale }: ValidationStatusProps) {
  if (!job) return null;
  if (stale) {
    return (
      <Alert color="gray" variant="light" title="The form changed after the validation">
        <Text size="sm">
          Validate again: Start migration needs a validation of exactly this request.
        </Text>
      </Alert>
    );
  }
  if (job.status === 'SUCCESS') {
    return (
      <Alert color="teal" variant="light" title="Validation passed" role="status">
        <Text size="sm">
          Atlas checked this request and found nothing in the way. You can start the migration.
        </Text>
      </Alert>
    );
  }
  if (job.status === 'FAILED') {
    return (
      <Alert color="red" variant="light" title="Validation failed" role="alert">
        <Text size="sm">{job.errorMessage ?? 'Atlas gave no reason.'}</Text>
        <Text size="sm" mt="xs">
          {validationAdvice(job.errorMessage)}
        </Text>
      </Alert>
    );
  }
  return (
    <Group gap="xs" role="status">
      <Loader size="xs" />
      <Text size="sm">
        Validating (pending)… Atlas checks the hosts, TLS, credentials and disk.
      </Text>
    </Group>
  );
}
