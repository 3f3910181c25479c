import {
  Alert,
  Anchor,
  Card,
  Code,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { isApiError } from '@/api/api-error';
import { fleetQueries } from '@/api/queries/fleet';
import {
  LINK_BADGE_LABELS,
  linkStatusQueries,
  useLinkPollIntervals,
} from '@/api/queries/link-status';
import { orgQueries } from '@/api/queries/orgs';
import {
  SOURCE_UPSTREAMS,
  UPSTREAM_LABELS,
  isSourceUpstream,
  type SourceUpstream,
} from '#contract/route-table';
import { OBJECT_ID_HINT, OBJECT_ID_PATTERN, type Org } from '#contract/schemas';
import { IdWithCopy } from '@/components/copy-id';
import { ErrorState } from '@/components/error-state';
import { useBoardHref } from '@/lib/board-search';
import { usePageTitle } from '@/lib/page-title';
import type { OrgPageSection } from '../lib/org-page-sections';

interface OrgLinkPageProps {
  /** From the URL: `opsmanager` or `cloudmanager` (anything else is refused). */
  source: string;
  orgId: string;
  /** The page's sections, top to bottom (src/app/routes/org.tsx). */
  sections: readonly OrgPageSection[];
}

/**
 * The Organization page (`/orgs/:source/:orgId`): a header, then its sections. The address is
 * checked before anything is asked of an upstream.
 */
export function OrgLinkPage({ source, orgId, sections }: OrgLinkPageProps) {
  if (!isSourceUpstream(source)) return <UnknownSource source={source} />;
  if (!OBJECT_ID_PATTERN.test(orgId)) return <InvalidOrgId source={source} orgId={orgId} />;
  return <OrgView source={source} orgId={orgId} sections={sections} />;
}

/** Back to the board, with the search and filter the user left it with. */
function BackLink() {
  return (
    <Anchor component={Link} to={useBoardHref()} size="sm">
      ← All organizations
    </Anchor>
  );
}

function UnknownSource({ source }: { source: string }) {
  usePageTitle('Unknown source');
  return (
    <Stack gap="md" maw={720}>
      <BackLink />
      <Title order={1}>Unknown source</Title>
      <Alert color="red" variant="light" title="This address names no source" role="alert">
        <Text size="sm">
          “{source}” is not a source of organizations. The address names one of{' '}
          {SOURCE_UPSTREAMS.map((s) => `${s} (${UPSTREAM_LABELS[s]})`).join(' or ')}, then the
          organization ID. Nothing was sent to any upstream.
        </Text>
      </Alert>
    </Stack>
  );
}

function InvalidOrgId({ source, orgId }: { source: SourceUpstream; orgId: string }) {
  usePageTitle('Invalid organization ID');
  return (
    <Stack gap="md" maw={720}>
      <BackLink />
      <Title order={1}>Invalid organization ID</Title>
      <Alert color="red" variant="light" title="This is not an organization ID" role="alert">
        <Text size="sm">
          “{orgId}” is not a valid organization ID. {OBJECT_ID_HINT} For example{' '}
          <Code>5f1d7e3c9a2b4c6d8e0f1a2b</Code>. Nothing was sent to {UPSTREAM_LABELS[source]}.
        </Text>
        <Text size="sm" mt="xs">
          Check the address, or find the organization on the Organizations page.
        </Text>
      </Alert>
    </Stack>
  );
}

interface OrgViewProps {
  source: SourceUpstream;
  orgId: string;
  sections: readonly OrgPageSection[];
}

function OrgView({ source, orgId, sections }: OrgViewProps) {
  const client = useQueryClient();
  const label = UPSTREAM_LABELS[source];
  // The board's fleet already knows the name: show it at once.
  const listed = (): Org | undefined => {
    const known = client
      .getQueryData(fleetQueries.fleet().queryKey)
      ?.orgs.find((o) => o.upstream === source && o.orgId === orgId);
    return known?.name ? { id: orgId, name: known.name } : undefined;
  };
  const org = useQuery({ ...orgQueries[source].detail(orgId), placeholderData: listed });
  // Read only (the link section polls it): the status for the page title.
  const status = useQuery({
    ...linkStatusQueries.status(source, orgId, useLinkPollIntervals()),
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
  const orgName = org.data?.name ?? orgId;
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
          <Text size="sm">{label} organization</Text>
          <IdWithCopy id={orgId} of={name ?? 'this organization'} />
        </Group>
      </div>
      {org.isError ? (
        <ErrorState
          error={org.error}
          title={
            notFound
              ? `${label} has no organization with ID ${orgId}`
              : `Could not load ${name ?? 'this organization'}`
          }
          onRetry={notFound ? undefined : () => void org.refetch()}
        />
      ) : (
        // Sections side by side on a wide screen; a `wide` one takes a row of its own.
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {sections.map(({ key, Section, wide }) => (
            <Card
              key={key}
              withBorder
              padding="lg"
              style={wide ? { gridColumn: '1 / -1' } : undefined}
            >
              <Section source={source} orgId={orgId} orgName={orgName} />
            </Card>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
