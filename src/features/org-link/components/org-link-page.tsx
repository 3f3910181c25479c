import { Alert, Anchor, Code, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { isApiError } from '@/api/api-error';
import {
  LINK_BADGE_LABELS,
  linkStatusQueries,
  useLinkPollIntervals,
} from '@/api/queries/link-status';
import { orgQueries } from '@/api/queries/orgs';
import { OBJECT_ID_HINT, OBJECT_ID_PATTERN } from '#contract/schemas';
import { IdWithCopy } from '@/components/copy-id';
import { ErrorState } from '@/components/error-state';
import { useBoardHref } from '@/lib/board-search';
import { usePageTitle } from '@/lib/page-title';
import { LinkedToSection } from './linked-to-section';
import { OrgLinkSection } from './org-link-section';

/** The Organization page: checks the ID before anything is asked of the API. */
export function OrgLinkPage({ orgId }: { orgId: string }) {
  if (!OBJECT_ID_PATTERN.test(orgId)) return <InvalidOrgId orgId={orgId} />;
  return <OrgView orgId={orgId} />;
}

/** Back to the board, with the search and filter the user left it with. */
function BackLink() {
  return (
    <Anchor component={Link} to={useBoardHref()} size="sm">
      ← All organizations
    </Anchor>
  );
}

function InvalidOrgId({ orgId }: { orgId: string }) {
  usePageTitle('Invalid organization ID');
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
  const listed = () =>
    client.getQueryData(orgQueries.opsmanager.list().queryKey)?.find((o) => o.id === orgId);
  const org = useQuery({
    ...orgQueries.opsmanager.detail(orgId),
    // The board already knows the name: show it at once.
    placeholderData: listed,
  });
  // Read only (the section below polls it): the status for the page title.
  const status = useQuery({
    ...linkStatusQueries.status(orgId, useLinkPollIntervals()),
    enabled: false,
  });
  const notFound = org.isError && isApiError(org.error) && org.error.status === 404;
  // A refused or failed read keeps the name the board's list gave (e.g. a 403 on this org).
  const name = org.data?.name ?? (notFound ? undefined : listed()?.name);
  const heading = name ?? (notFound ? 'Organization not found' : 'Organization');
  usePageTitle(
    name ?? (notFound ? 'Organization not found' : `Organization ${orgId}`),
    !org.isError && status.data && LINK_BADGE_LABELS[status.data.status],
  );
  return (
    <Stack gap="md">
      <BackLink />
      <div>
        <Group gap="sm">
          <Title order={1} style={{ overflowWrap: 'anywhere' }}>
            {heading}
          </Title>
          {org.isPending && <Loader size="sm" role="status" aria-label="Loading organization" />}
        </Group>
        <Group gap={6} wrap="wrap">
          <Text size="sm">Ops Manager organization</Text>
          <IdWithCopy id={orgId} of={name ?? 'this organization'} />
        </Group>
      </div>
      {org.isError ? (
        <ErrorState
          error={org.error}
          title={
            notFound
              ? `Ops Manager has no organization with ID ${orgId}`
              : `Could not load ${name ?? 'this organization'}`
          }
          onRetry={notFound ? undefined : () => void org.refetch()}
        />
      ) : (
        <OrgLinkSection orgId={orgId} orgName={org.data?.name ?? orgId} />
      )}
      {!org.isError && <LinkedToSection source="opsmanager" orgId={orgId} />}
    </Stack>
  );
}
