import { Anchor, Group, Stack, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { FederationSettings, IdentityProvider } from '#contract/schemas';
import { paths } from '@/config/paths';
import { FederationFacts } from './federation-facts';

interface FederationHeaderProps {
  federationId: string;
  /** Its name (federationLabel): domains and identity providers, as far as known. */
  label: string;
  /** Its settings, once known (domains, identity provider). */
  settings: FederationSettings | undefined;
  providers: UseQueryResult<IdentityProvider[]>;
  /** Actions on the federation as a whole, beside its name. */
  actions?: ReactNode;
}

/** A federation page's top: back link, name, ID (copyable), domains and identity providers. */
export function FederationHeader(props: FederationHeaderProps) {
  const { federationId, label, settings, providers, actions } = props;
  return (
    <Stack gap="xs">
      <Anchor component={Link} to={paths.federations} size="sm">
        <span aria-hidden="true">← </span>All federations
      </Anchor>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Title order={1} style={{ overflowWrap: 'anywhere', minWidth: 0, flex: '1 1 20rem' }}>
          {label}
        </Title>
        {actions}
      </Group>
      <FederationFacts
        federationId={federationId}
        label="this federation"
        settings={settings}
        providers={providers}
      />
    </Stack>
  );
}
