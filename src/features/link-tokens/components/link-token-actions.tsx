import { Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { orgQueries } from '@/api/queries/orgs';
import { usePermissions } from '@/api/queries/config';
import { ledgerQueries } from '@/api/queries/link-tokens';
import { IdWithCopy } from '@/components/copy-id';
import { useLeaveGuard } from '../hooks/use-leave-guard';
import { DeleteLinkToken } from './delete-link-token';
import { GenerateLinkToken } from './generate-link-token';
import { LinkTokenLedgerList } from './link-token-ledger';

/**
 * Generate and delete for one Atlas org, disabled with the reason unless the user's role allows
 * them, and the link-tokens generated here for it. Mount it with `key={orgId}`: the shown token is
 * React state here and must vanish when another org is chosen or the page is left — after asking,
 * while it has not been copied.
 */
export function LinkTokenActions({ orgId }: { orgId: string }) {
  const { canMutate, reason } = usePermissions();
  const [token, setToken] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const name = useOrgName(orgId);
  const orgLabel = name ? `${name} (${orgId})` : orgId;
  const ledger = useQuery(ledgerQueries.ledger(orgId));
  const live = ledger.data ? ledger.data.entries.filter((e) => e.deletedAt === null) : null;
  const guard = useLeaveGuard(token !== null && !copied);
  const onToken = useCallback((t: string) => {
    setToken(t);
    setCopied(false);
  }, []);
  const onCopied = useCallback(() => setCopied(true), []);
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
          <GenerateLinkToken
            orgId={orgId}
            token={token}
            onToken={onToken}
            onCopied={onCopied}
            canMutate={canMutate}
            live={live}
          />
        </Stack>
      </Card>
      <Card withBorder padding="md">
        <LinkTokenLedgerList ledger={ledger} />
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
            ledger={ledger.data?.entries ?? null}
          />
        </Stack>
      </Card>
      {!canMutate && reason && <Text size="sm">{reason}</Text>}
      <Modal
        opened={guard.blocked}
        onClose={guard.reset}
        title="Leave without copying the link-token?"
        centered
      >
        <Stack>
          <Text size="sm">
            The link-token is shown once and is not stored anywhere: if you leave now, it is gone
            for good. It still exists in Atlas, unused — to connect an organization later you would
            generate another.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" color="red" onClick={guard.proceed}>
              Leave anyway
            </Button>
            <Button onClick={guard.reset} data-autofocus>
              Stay on this page
            </Button>
          </Group>
        </Stack>
      </Modal>
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
