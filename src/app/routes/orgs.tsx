import { Stack, Text, Title } from '@mantine/core';
import { OrgsBoard } from '@/features/orgs/components/orgs-board';

export function Page() {
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Organizations</Title>
        <Text>Ops Manager organizations and whether each is linked and synced to Atlas.</Text>
      </div>
      <OrgsBoard />
    </Stack>
  );
}
