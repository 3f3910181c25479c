import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { fleetQueries } from '@/api/queries/fleet';
import { LINK_BADGE_LABELS } from '@/api/queries/link-status';
import { UPSTREAM_LABELS } from '#contract/route-table';
import { paths } from '@/config/paths';
import { OrgsBoard } from '@/features/orgs/components/orgs-board';
import { STATUS_FILTERS, isSourceFilter, isStatusFilter } from '@/features/orgs/lib/filter-orgs';
import { usePageTitle } from '@/lib/page-title';

export function Page() {
  const fleet = useQuery(fleetQueries.fleet());
  const [params] = useSearchParams();
  const status = params.get('status');
  const source = params.get('source');
  const q = params.get('q');
  usePageTitle(
    fleet.data
      ? `Organizations (${fleet.data.orgs.length.toLocaleString('en-US')})`
      : 'Organizations',
    isSourceFilter(source) && UPSTREAM_LABELS[source],
    isStatusFilter(status) && LINK_BADGE_LABELS[STATUS_FILTERS[status]],
    q && `“${q}”`,
  );
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="sm">
        <div>
          <Title order={1}>Organizations</Title>
          <Text>
            Ops Manager and Cloud Manager organizations, and whether each is linked and synced to
            Atlas.
          </Text>
        </div>
        <Button component={Link} to={paths.link} variant="light">
          Link an organization
        </Button>
      </Group>
      <OrgsBoard />
    </Stack>
  );
}
