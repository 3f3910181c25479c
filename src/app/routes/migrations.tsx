import '../later-page-styles';
import { Stack, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router-dom';
import { MIGRATION_FILTERS, type MigrationFilters } from '#contract/live-migrations-contract';
import { MigrationsListView } from '@/features/live-migrations/components/migrations-list-view';
import { usePageTitle } from '@/lib/page-title';

// The filters live in the URL, so a filtered list can be shared.
export function Page() {
  const [params, setParams] = useSearchParams();
  usePageTitle('Migrations');
  const filters: MigrationFilters = {};
  for (const name of MIGRATION_FILTERS) {
    const v = params.get(name);
    if (v) filters[name] = v;
  }
  const change = (next: MigrationFilters) => {
    const q = new URLSearchParams();
    for (const name of MIGRATION_FILTERS) {
      const v = next[name];
      if (v) q.set(name, v);
    }
    setParams(q, { replace: true });
  };
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>Migrations</Title>
        <Text c="dimmed">
          Every live migration started through this console: the API cannot list them, so the
          console keeps a registry and its server watches each one until it ends.
        </Text>
      </div>
      <MigrationsListView filters={filters} onFiltersChange={change} />
    </Stack>
  );
}
