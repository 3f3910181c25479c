import { Card, SimpleGrid, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { linkStatusQueries, useLinkPollIntervals } from '@/api/queries/link-status';
import { useStatusHistory } from '../hooks/use-status-history';
import { LinkActions } from './link-actions';
import { LinkStatusPanel } from './link-status-panel';
import { StatusHistory } from './status-history';

/** Live link status, what can be done about it, and the changes seen while the page is open. */
export function OrgLinkSection({ orgId, orgName }: { orgId: string; orgName: string }) {
  const status = useQuery(linkStatusQueries.status(orgId, useLinkPollIntervals()));
  const history = useStatusHistory(status.data);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Card withBorder padding="lg">
        <Stack gap="lg">
          <LinkStatusPanel orgId={orgId} status={status} />
          <LinkActions orgId={orgId} orgName={orgName} status={status.data?.status} />
        </Stack>
      </Card>
      <Card withBorder padding="lg">
        <StatusHistory entries={history} />
      </Card>
    </SimpleGrid>
  );
}
