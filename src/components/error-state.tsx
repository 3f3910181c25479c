import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { errorAdvice, errorTitle, isApiError } from '@/api/api-error';

interface ErrorStateProps {
  error: unknown;
  /** What the user was trying to see or do, e.g. "Could not load organizations". */
  title?: string;
  onRetry?: () => void;
}

/** Says what failed, who failed (upstream, proxy, network) and what the user can do. */
export function ErrorState({ error, title, onRetry }: ErrorStateProps) {
  const api = isApiError(error) ? error : null;
  return (
    <Alert
      color="red"
      variant="light"
      title={title ?? (api ? errorTitle(api) : 'Error')}
      role="alert"
    >
      <Stack gap={6}>
        {title && api && (
          <Text size="sm" fw={500}>
            {errorTitle(api)}
          </Text>
        )}
        <Text size="sm">
          {api ? api.detail : error instanceof Error ? error.message : String(error)}
        </Text>
        {api?.errorCode && (
          <Text size="xs" c="dimmed">
            Code: {api.errorCode}
          </Text>
        )}
        {api && <Text size="sm">{errorAdvice(api)}</Text>}
        {onRetry && (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Try again
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
