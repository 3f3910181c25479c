import '../later-page-styles';
// Only this page has radio buttons and a password field.
import '@mantine/core/styles/Radio.layer.css';
import '@mantine/core/styles/PasswordInput.layer.css';
import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router-dom';
import { StartMigrationForm } from '@/features/live-migrations/components/start-migration-form';
import { paths } from '@/config/paths';
import { usePageTitle } from '@/lib/page-title';

// Prefilled from ?source=&org=&atlasOrg= (e.g. Plan a migration on /link or an org page).
export function Page() {
  const [params] = useSearchParams();
  usePageTitle('Start migration');
  return (
    <Stack gap="lg">
      <Anchor component={Link} to={paths.migrations} size="sm">
        ← All migrations
      </Anchor>
      <div>
        <Title order={1}>Start migration</Title>
        <Text c="dimmed">
          Move a deployment of a linked source organization into an Atlas cluster. Validate the
          request first; Start migration needs a successful validation of exactly this request.
        </Text>
      </div>
      <StartMigrationForm
        prefill={{
          source: params.get('source'),
          org: params.get('org'),
          atlasOrg: params.get('atlasOrg'),
        }}
      />
    </Stack>
  );
}
