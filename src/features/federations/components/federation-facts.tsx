import { Group, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { errorTitle, isApiError } from '@/api/api-error';
import type { FederationSettings, IdentityProvider } from '#contract/schemas';
import { IdWithCopy } from '@/components/copy-id';
import { federatedDomainsText } from '../lib/federation-label';
import { identityProviderFacts, identityProviderRef } from '../lib/identity-providers';
import classes from './federation-facts.module.css';

interface FederationFactsProps {
  federationId: string;
  /** For the copy button's name ("Copy ID of …"). */
  label: string;
  /** Its settings, once known (its domains). */
  settings: FederationSettings | undefined;
  providers: UseQueryResult<IdentityProvider[]>;
}

/** A federation's ID (copyable), federated domains and identity providers by name. */
export function FederationFacts({
  federationId,
  label,
  settings,
  providers,
}: FederationFactsProps) {
  return (
    <dl className={classes.facts}>
      <dt>Federation ID</dt>
      <dd>
        <IdWithCopy id={federationId} of={label} size="xs" />
      </dd>
      {settings && (
        <>
          <dt>Federated domains</dt>
          <dd>{federatedDomainsText(settings)}</dd>
        </>
      )}
      <dt>Identity providers</dt>
      <dd>
        <ProviderList providers={providers} />
      </dd>
    </dl>
  );
}

function ProviderList({ providers }: { providers: UseQueryResult<IdentityProvider[]> }) {
  if (providers.isPending) return <>Loading…</>;
  if (providers.isError) {
    const e = providers.error;
    return <>Could not be read ({isApiError(e) ? errorTitle(e) : String(e)}).</>;
  }
  if (providers.data.length === 0) return <>none</>;
  return (
    <ul className={classes.providers}>
      {providers.data.map((p) => (
        <li key={p.id}>
          <Group gap={6} wrap="wrap" component="span" display="inline-flex" maw="100%">
            <Text span size="sm" fw={500}>
              {p.displayName}
            </Text>
            <Text span size="sm">
              ({identityProviderFacts(p)})
            </Text>
            <IdWithCopy id={identityProviderRef(p)} of={p.displayName} size="xs" />
          </Group>
        </li>
      ))}
    </ul>
  );
}
