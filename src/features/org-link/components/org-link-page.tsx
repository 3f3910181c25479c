import { Alert, Anchor, Code, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { isApiError } from '@/api/api-error';
import { orgQueries } from '@/api/queries/orgs';
import { OBJECT_ID_HINT, OBJECT_ID_PATTERN } from '#contract/schemas';
import { ErrorState } from '@/components/error-state';
import { paths } from '@/config/paths';
import { OrgLinkSection } from './org-link-section';

/** The Organization page: checks the ID before anything is asked of the API. */
export function OrgLinkPage({ orgId }: { orgId: string }) {
  if (!OBJECT_ID_PATTERN.test(orgId)) return <InvalidOrgId orgId={orgId} />;
  return <OrgView orgId={orgId} />;
}

function BackLink() {
  return (
    <Anchor component={Link} to={paths.orgs} size="sm">
      ← All organizations
    </Anchor>
  );
}

function InvalidOrgId({ orgId }: { orgId: string }) {
  return (
    <Stack gap="md" maw={720}>
      <BackLink />
      <Title order={1}>Invalid organization ID</Title>
      <Alert color="red" variant="light" title="This is not an organization ID" role="alert">
        <Text size="sm">
          “{orgId}” is not a valid organization ID. {OBJECT_ID_HINT} For example{' '}
          <Code>5f1d7e3c9a2b4c6d8e0f1a2b</Code>. Nothing was sent to Ops Manager.
        </Text>
        <Text size="sm" mt="xs">
          Check the address, or find the organization on the Organizations page.
        </Text>
      </Alert>
    </Stack>
  );
}

function OrgView({ orgId }: { orgId: string }) {
  const client = useQueryClient();
  const org = useQuery({
    ...orgQueries.opsmanager.detail(orgId),
    // The board already knows the name: show it at once.
    placeholderData: () =>
      client.getQueryData(orgQueries.opsmanager.list().queryKey)?.find((o) => o.id === orgId),
  });
  const notFound = org.isError && isApiError(org.error) && org.error.status === 404;
  return (
    <Stack gap="md">
      <BackLink />
      <div>
        <Group gap="sm">
          <Title order={1}>
            {org.data?.name ?? (notFound ? 'Organization not found' : 'Organization')}
          </Title>
          {org.isPending && <Loader size="sm" role="status" aria-label="Loading organization" />}
        </Group>
        <Text size="sm">
          Ops Manager organization <Code>{orgId}</Code>
        </Text>
      </div>
      {org.isError ? (
        <ErrorState
          error={org.error}
          title={
            notFound
              ? `Ops Manager has no organization with ID ${orgId}`
              : 'Could not load this organization'
          }
          onRetry={notFound ? undefined : () => void org.refetch()}
        />
      ) : (
        <OrgLinkSection orgId={orgId} orgName={org.data?.name ?? orgId} />
      )}
    </Stack>
  );
}
