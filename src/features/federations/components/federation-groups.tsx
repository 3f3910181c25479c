import { Anchor, Badge, Card, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useQueries, useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { errorTitle, isApiError } from '@/api/api-error';
import { orgQueries } from '@/api/queries/orgs';
import { FEDERATION_LOOKUP_CONCURRENCY, federationQueries } from '@/api/queries/federations';
import type { FederationSettings, IdentityProvider, Org } from '#contract/schemas';
import { IdWithCopy } from '@/components/copy-id';
import { ErrorState } from '@/components/error-state';
import { QueryState } from '@/components/query-state';
import { paths } from '@/config/paths';
import { federationLabel, federationNaming } from '../lib/federation-label';
import { groupByFederation } from '../lib/group-by-federation';
import { FederationFacts } from './federation-facts';
import classes from './federation-groups.module.css';

/** Every Cloud org the key can see, grouped by the federation it belongs to. */
export function FederationGroups() {
  const orgs = useQuery(orgQueries.cloud.list());
  return (
    <QueryState
      query={orgs}
      loadingLabel="Loading the MongoDB Cloud organizations"
      errorTitle="Could not load the MongoDB Cloud organizations"
    >
      {(list) =>
        list.length === 0 ? (
          <Text>The API key cannot see any MongoDB Cloud organization.</Text>
        ) : (
          <GroupedOrgs list={list} />
        )
      }
    </QueryState>
  );
}

/** Looks up each org's federation (a few at a time) and groups the orgs as the answers come. */
function GroupedOrgs({ list }: { list: Org[] }) {
  const grouped = useQueries({
    queries: list.map((o) => federationQueries.byOrg(o.id)),
    combine: (results) =>
      groupByFederation(
        list,
        results.map((r) => ({ data: r.data, error: r.error })),
      ),
  });
  // Once per federation found, not per org: the orgs of one federation share its providers.
  const providers = useQueries({
    queries: grouped.federations.map((g) => ({
      ...federationQueries.identityProviders(g.settings.id),
      meta: { silentErrors: true },
    })),
  });

  const done = list.length - grouped.pending.length;
  return (
    <Stack gap="md">
      {grouped.pending.length > 0 && (
        <Stack gap={4}>
          {/* What the page waits for: MongoDB Cloud answers one federation lookup per org. */}
          <Text size="sm" id="federation-progress" role="status">
            Looking up the federations of {count(list.length)} in MongoDB Cloud… {done} of{' '}
            {list.length} answered ({FEDERATION_LOOKUP_CONCURRENCY} at a time).
          </Text>
          {/* Mantine puts role=progressbar on the inner section, which takes aria-label only. */}
          <Progress value={(done / list.length) * 100} aria-label="Looking up federations" />
        </Stack>
      )}
      {grouped.federations.map((g, i) => {
        const ofFederation = providers[i];
        return (
          ofFederation && (
            <FederationCard
              key={g.settings.id}
              settings={g.settings}
              orgs={g.orgs}
              providers={ofFederation}
            />
          )
        );
      })}
      {grouped.unfederated.length > 0 && (
        <Card withBorder padding="md">
          <Stack gap="sm">
            <CardHeading
              title="Not in a federation"
              badge={
                <Badge variant="light" color="gray" className={classes.countBadge}>
                  {count(grouped.unfederated.length)}
                </Badge>
              }
            />
            <OrgTable orgs={grouped.unfederated} />
          </Stack>
        </Card>
      )}
      {grouped.failed.length > 0 && (
        <Card withBorder padding="md">
          <Stack gap="sm">
            <Title order={2} size="h4">
              Federation unknown
            </Title>
            <ErrorState
              error={grouped.failed[0]?.error}
              title={`Could not read the federation of ${count(grouped.failed.length)}`}
            />
            <OrgTable
              orgs={grouped.failed.map((f) => f.org)}
              // The alert above has the detail and advice; each row says only who failed how.
              problems={grouped.failed.map((f) =>
                isApiError(f.error) ? errorTitle(f.error) : String(f.error),
              )}
            />
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

interface FederationCardProps {
  settings: FederationSettings;
  orgs: Org[];
  providers: UseQueryResult<IdentityProvider[]>;
}

function FederationCard({ settings, orgs, providers }: FederationCardProps) {
  const label = federationLabel(federationNaming(settings.id, settings, providers.data));
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <CardHeading
          title={
            <Anchor component={Link} to={paths.federation(settings.id)} inherit>
              {label}
            </Anchor>
          }
          badge={
            <Badge variant="light" className={classes.countBadge}>
              {count(orgs.length)}
            </Badge>
          }
        />
        <FederationFacts
          federationId={settings.id}
          label={label}
          settings={settings}
          providers={providers}
        />
        <OrgTable orgs={orgs} />
      </Stack>
    </Card>
  );
}

/** A card's heading with its count badge beside it (under it on a narrow screen). */
function CardHeading({ title, badge }: { title: ReactNode; badge: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="wrap">
      <Title order={2} size="h4" className={classes.cardTitle}>
        {title}
      </Title>
      {badge}
    </Group>
  );
}

function OrgTable({ orgs, problems }: { orgs: Org[]; problems?: string[] }) {
  return (
    <Table striped highlightOnHover layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Organization</Table.Th>
          <Table.Th>ID</Table.Th>
          {problems && <Table.Th>Problem</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {orgs.map((o, i) => (
          <Table.Tr key={o.id}>
            <Table.Td>{o.name}</Table.Td>
            <Table.Td>
              <IdWithCopy id={o.id} of={o.name || undefined} size="xs" />
            </Table.Td>
            {problems && <Table.Td>{problems[i]}</Table.Td>}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function count(n: number): string {
  return n === 1 ? '1 organization' : `${n} organizations`;
}
