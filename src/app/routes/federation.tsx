import '../later-page-styles';
import { Alert, Anchor, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { federationQueries } from '@/api/queries/federations';
import { OBJECT_ID_HINT, OBJECT_ID_PATTERN } from '#contract/schemas';
import { paths } from '@/config/paths';
import { useFederationSettings } from '@/features/federations/api/use-federation-settings';
import { ConnectedOrgs } from '@/features/federations/components/connected-orgs';
import { DeleteFederation } from '@/features/federations/components/delete-federation';
import { FederationHeader } from '@/features/federations/components/federation-header';
import { federationLabel, federationNaming } from '@/features/federations/lib/federation-label';
import { usePageTitle } from '@/lib/page-title';

export function Page() {
  const { federationId = '' } = useParams();
  if (!OBJECT_ID_PATTERN.test(federationId)) return <InvalidFederationId />;
  return <Federation federationId={federationId} />;
}

function Federation({ federationId }: { federationId: string }) {
  const [params] = useSearchParams();
  const foundVia = params.get('org');
  const connected = useQuery(federationQueries.connectedOrgs(federationId));
  const settings = useFederationSettings(federationId, [foundVia, connected.data?.[0]?.orgId]);
  const providers = useQuery({
    ...federationQueries.identityProviders(federationId),
    meta: { silentErrors: true },
  });
  const naming = federationNaming(federationId, settings, providers.data);
  const label = federationLabel(naming);
  const count = connected.data?.length;
  usePageTitle(
    label,
    count !== undefined && (count === 1 ? '1 organization' : `${count} organizations`),
  );
  return (
    <Stack gap="md">
      <FederationHeader
        federationId={federationId}
        label={label}
        settings={settings}
        providers={providers}
        actions={
          <DeleteFederation
            federationId={federationId}
            naming={naming}
            label={label}
            settings={settings}
            providers={providers}
          />
        }
      />
      <Text>
        The organizations connected to this federation share its identity providers and federated
        domains.
      </Text>
      <ConnectedOrgs federationId={federationId} label={label} foundViaOrgId={foundVia} />
    </Stack>
  );
}

function InvalidFederationId() {
  usePageTitle('Invalid federation ID');
  return (
    <Stack gap="md">
      <Anchor component={Link} to={paths.federations} size="sm">
        <span aria-hidden="true">← </span>All federations
      </Anchor>
      <Title order={1}>Invalid federation ID</Title>
      <Alert color="red" variant="light" title="This is not a valid federation ID">
        {OBJECT_ID_HINT} Nothing was asked of MongoDB Cloud. Find the federation from the{' '}
        <Anchor component={Link} to={paths.federations} inherit c="inherit" underline="always">
          Federations
        </Anchor>{' '}
        page.
      </Alert>
    </Stack>
  );
}
