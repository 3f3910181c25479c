import { Alert, Anchor, Stack, Title } from '@mantine/core';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router-dom';
import { errorAdvice, isApiError } from '@/api/api-error';
import { paths } from '@/config/paths';

/** Last-resort error page for a route that threw while loading or rendering. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : isApiError(error)
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
      <Anchor component={Link} to={paths.orgs}>
        Back to Organizations
      </Anchor>
    </Stack>
  );
}
