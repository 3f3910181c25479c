import '../later-page-styles';
import { Alert, Anchor, Stack, Text, Title } from '@mantine/core';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { OBJECT_ID_HINT, OBJECT_ID_PATTERN } from '#contract/schemas';
import { paths } from '@/config/paths';
import { ConnectedOrgs } from '@/features/federations/components/connected-orgs';

export function Page() {
  const { federationId = '' } = useParams();
  const [params] = useSearchParams();
  const valid = OBJECT_ID_PATTERN.test(federationId);
  return (
    <Stack gap="md">
      <Anchor component={Link} to={paths.federations} size="sm">
        <span aria-hidden="true">← </span>All federations
      </Anchor>
      <Title order={1} style={{ overflowWrap: 'anywhere' }}>
        Federation {federationId}
      </Title>
      {valid ? (
        <>
          <Text>
            The organizations connected to this federation share its identity providers and
            federated domains.
          </Text>
          <ConnectedOrgs federationId={federationId} foundViaOrgId={params.get('org')} />
        </>
      ) : (
        <Alert color="red" variant="light" title="This is not a valid federation ID">
          {OBJECT_ID_HINT} Nothing was asked of MongoDB Cloud. Find the federation from the{' '}
          <Anchor component={Link} to={paths.federations} inherit c="inherit" underline="always">
            Federations
          </Anchor>{' '}
          page.
        </Alert>
      )}
    </Stack>
  );
}
