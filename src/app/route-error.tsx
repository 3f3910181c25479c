import { Alert, Anchor, Button, Group, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorBoundary, type FallbackProps } from 'react-error-boundary';
import { Link, useLocation } from 'react-router-dom';
import { errorAdvice, isApiError } from '@/api/api-error';
import { paths } from '@/config/paths';
import { usePageTitle } from '@/lib/page-title';

/**
 * Last resort for a page that threw while loading (e.g. its chunk failed to download) or rendering.
 * Keyed by the address, so navigating elsewhere clears it.
 */
export function RouteErrorBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <ErrorBoundary resetKeys={[pathname]} FallbackComponent={RouteError}>
      {children}
    </ErrorBoundary>
  );
}

function RouteError({ error, resetErrorBoundary }: FallbackProps) {
  usePageTitle('Something went wrong');
  const message = isApiError(error)
    ? `${error.detail} ${errorAdvice(error)}`
    : error instanceof Error
      ? error.message
      : 'Unknown error';
  return (
    <Stack p="xl" maw={640}>
      <Title order={1}>Something went wrong</Title>
      <Alert color="red" title="This page could not be shown">
        {message}
      </Alert>
      <Group>
        <Button variant="light" onClick={resetErrorBoundary}>
          Try again
        </Button>
        <Anchor component={Link} to={paths.orgs}>
          Back to Organizations
        </Anchor>
      </Group>
    </Stack>
  );
}
