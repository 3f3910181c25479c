import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { orgQueries } from '@/api/queries/orgs';
import { usePermissions } from '@/api/queries/config';
import { IdWithCopy } from '@/components/copy-id';
import { DeleteLinkToken } from './delete-link-token';
import { GenerateLinkToken } from './generate-link-token';

/**
 * Generate and delete for one Atlas org, disabled with the reason unless the user's role allows
 * them. Mount it with `key={orgId}`: the shown token is React state here and must vanish when
 * another org is chosen or the page is left.
 */
export function LinkTokenActions({ orgId }: { orgId: string }) {
  const { canMutate, reason } = usePermissions();
  const [token, setToken] = useState<string | null>(null);
  const name = useOrgName(orgId);
  const orgLabel = name ? `${name} (${orgId})` : orgId;
  return (
    <Stack gap="md">
      <div>
        <Title order={2} size="h3" style={{ overflowWrap: 'anywhere' }}>
          {name ?? 'Organization'}
        </Title>
        <Group gap={6} wrap="wrap">
          <Text size="sm">Atlas organization</Text>
          <IdWithCopy id={orgId} of={name ?? 'this organization'} />
        </Group>
      </div>
      <Card withBorder padding="md">
        <Stack gap="sm">
          <Title order={3} size="h4">
            Generate link-token
          </Title>
          <GenerateLinkToken orgId={orgId} token={token} onToken={setToken} canMutate={canMutate} />
        </Stack>
      </Card>
      <Card withBorder padding="md">
        <Stack gap="sm">
          <Title order={3} size="h4">
            Delete link-token
          </Title>
          <DeleteLinkToken
            orgId={orgId}
            orgLabel={orgLabel}
            onDeleted={() => setToken(null)}
            canMutate={canMutate}
          />
        </Stack>
      </Card>
      {!canMutate && reason && <Text size="sm">{reason}</Text>}
    </Stack>
  );
}

/** The org's name from the list the key can see, else from a single lookup; undefined if unknown. */
function useOrgName(orgId: string): string | undefined {
  const list = useQuery(orgQueries.cloud.list());
  const listed = list.data?.find((o) => o.id === orgId);
  const single = useQuery({
    ...orgQueries.cloud.detail(orgId),
    enabled: list.isFetched && !listed,
    meta: { silentErrors: true },
  });
  return listed?.name ?? single.data?.name;
}
