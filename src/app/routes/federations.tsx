import '../later-page-styles';
import { Stack, Text, Title } from '@mantine/core';
import { FederationGroups } from '@/features/federations/components/federation-groups';
import { FindFederationForm } from '@/features/federations/components/find-federation-form';
import { usePageTitle } from '@/lib/page-title';

export function Page() {
  usePageTitle('Federations');
  return (
    <Stack gap="lg">
      <Title order={1}>Federations</Title>
      <Text>
        The MongoDB Cloud organizations the API key can see, grouped by the federation each belongs
        to. Open a federation to see and remove its connected organizations.
      </Text>
      <FindFederationForm />
      <FederationGroups />
    </Stack>
  );
}
