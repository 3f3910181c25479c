import '../later-page-styles';
import { Stack, Text, Title } from '@mantine/core';
import { SettingsView } from '@/features/settings/components/settings-view';
import { usePageTitle } from '@/lib/page-title';

export function Page() {
  usePageTitle('Settings');
  return (
    <Stack>
      <div>
        <Title order={1}>Settings</Title>
        <Text c="dimmed">
          What this dashboard's server is connected to. Private keys never leave the server.
        </Text>
      </div>
      <SettingsView />
    </Stack>
  );
}
