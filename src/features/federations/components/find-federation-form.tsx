import { Alert, Card, Stack, Title } from '@mantine/core';
import { useNavigate } from 'react-router-dom';
import { ErrorState } from '@/components/error-state';
import { IdInputForm } from '@/components/id-input-form';
import { paths } from '@/config/paths';
import { useFindFederation } from '../api/use-find-federation';

/** Org ID → its federation's page (`/federations/:id?org=<orgId>`). */
export function FindFederationForm() {
  const navigate = useNavigate();
  const find = useFindFederation();
  const orgId = find.variables;
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Find federation
        </Title>
        <IdInputForm
          label="Organization ID"
          description="The MongoDB Cloud organization whose federation you want to open"
          submitLabel="Find federation"
          pending={find.isPending}
          onSubmit={(id) =>
            find.mutate(id, {
              onSuccess: (result) => {
                if (result.kind === 'federated') {
                  void navigate(`${paths.federation(result.settings.id)}?org=${id}`);
                }
              },
            })
          }
        />
        {find.data?.kind === 'none' && (
          <Alert
            color="yellow"
            variant="light"
            title={`Organization ${orgId} is not in a federation`}
          >
            MongoDB Cloud answered 404: {find.data.detail} Check the ID, or that the API key can see
            this organization.
          </Alert>
        )}
        {find.isError && (
          <ErrorState error={find.error} title={`Could not look up the federation of ${orgId}`} />
        )}
      </Stack>
    </Card>
  );
}
