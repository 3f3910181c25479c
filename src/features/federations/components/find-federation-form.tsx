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
  const result = find.data;
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
          // An answer about another ID must not stand beside the one being typed.
          onEdit={() => find.reset()}
          onSubmit={(id) => {
            find.reset();
            find.mutate(id, {
              onSuccess: (r) => {
                if (r.kind === 'federated') {
                  void navigate(`${paths.federation(r.settings.id)}?org=${id}`);
                }
              },
            });
          }}
        />
        {result?.kind === 'none' && (
          <Alert
            color="yellow"
            variant="light"
            title={`${result.org.name || orgId} is not in a federation`}
          >
            MongoDB Cloud has this organization ({orgId}), but it belongs to no federation: its
            federation settings answered 404. Connect it to a federation in MongoDB Cloud first.
          </Alert>
        )}
        {result?.kind === 'no-org' && (
          <Alert
            color="yellow"
            variant="light"
            title={`MongoDB Cloud has no organization ${orgId}`}
          >
            MongoDB Cloud answered 404: {result.detail} Check the ID, or that the API key can see
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
