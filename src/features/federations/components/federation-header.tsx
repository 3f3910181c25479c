import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { FederationSettings } from '#contract/schemas';
import { IdWithCopy } from '@/components/copy-id';
import { paths } from '@/config/paths';
import {
  federatedDomainsText,
  federationLabel,
  identityProviderText,
} from '../lib/federation-label';

interface FederationHeaderProps {
  federationId: string;
  /** Its settings, once known (domains, identity provider). */
  settings: FederationSettings | undefined;
  /** Actions on the federation as a whole, beside its name. */
  actions?: ReactNode;
}

/** A federation page's top: back link, name, ID (copyable), domains and identity provider. */
export function FederationHeader({ federationId, settings, actions }: FederationHeaderProps) {
  return (
    <Stack gap="xs">
      <Anchor component={Link} to={paths.federations} size="sm">
        <span aria-hidden="true">← </span>All federations
      </Anchor>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Title order={1} style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
          {federationLabel(federationId)}
        </Title>
        {actions}
      </Group>
      <Group gap={6} wrap="wrap">
        <Text size="sm">Federation ID</Text>
        <IdWithCopy id={federationId} of="this federation" />
      </Group>
      {settings && (
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          Federated domains: {federatedDomainsText(settings)} · Identity provider:{' '}
          {identityProviderText(settings)}
        </Text>
      )}
    </Stack>
  );
}
