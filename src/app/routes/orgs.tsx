import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { LINK_BADGE_LABELS } from '@/api/queries/link-status';
import { orgQueries } from '@/api/queries/orgs';
import { paths } from '@/config/paths';
import { OrgsBoard } from '@/features/orgs/components/orgs-board';
import { STATUS_FILTERS, isStatusFilter } from '@/features/orgs/lib/filter-orgs';
import { usePageTitle } from '@/lib/page-title';

export function Page() {
  const orgs = useQuery(orgQueries.opsmanager.list());
  const [params] = useSearchParams();
  const status = params.get('status');
  const q = params.get('q');
  usePageTitle(
    orgs.data ? `Organizations (${orgs.data.length.toLocaleString('en-US')})` : 'Organizations',
    isStatusFilter(status) && LINK_BADGE_LABELS[STATUS_FILTERS[status]],
    q && `“${q}”`,
  );
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="sm">
        <div>
          <Title order={1}>Organizations</Title>
          <Text>Ops Manager organizations and whether each is linked and synced to Atlas.</Text>
        </div>
        <Button component={Link} to={paths.link} variant="light">
          Link an organization
        </Button>
      </Group>
      <OrgsBoard />
    </Stack>
  );
}
