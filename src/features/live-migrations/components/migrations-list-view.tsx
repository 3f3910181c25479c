import { Button, Group, Loader, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { MigrationFilters } from '#contract/live-migrations-contract';
import { usePermissions } from '@/api/queries/config';
import { migrationQueries } from '@/api/queries/live-migrations';
import { ErrorState } from '@/components/error-state';
import { Timestamp } from '@/components/timestamp';
import { paths } from '@/config/paths';
import { MigrationsTable } from './migrations-table';

const STATUS_OPTIONS = [
  { value: '', label: 'All statuses' },
  { value: 'active', label: 'Active (New or Working)' },
  { value: 'NEW', label: 'New' },
  { value: 'WORKING', label: 'Working' },
  { value: 'FAILED', label: 'Failed' },
  { value: 'COMPLETE', label: 'Complete' },
  { value: 'EXPIRED', label: 'Expired' },
];
const SOURCE_OPTIONS = [
  { value: '', label: 'All sources' },
  { value: 'opsmanager', label: 'Ops Manager' },
  { value: 'cloudmanager', label: 'Cloud Manager' },
];

interface MigrationsListViewProps {
  filters: MigrationFilters;
  onFiltersChange: (next: MigrationFilters) => void;
}

/** Every migration the console started, from the server's registry (complete at first paint). */
export function MigrationsListView({ filters, onFiltersChange }: MigrationsListViewProps) {
  const list = useQuery(migrationQueries.list(filters));
  const perms = usePermissions();
  const set = (name: keyof MigrationFilters, value: string | null) =>
    onFiltersChange({ ...filters, [name]: value || undefined });
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label="Status"
            data={STATUS_OPTIONS}
            value={filters.status ?? ''}
            onChange={(v) => set('status', v)}
            allowDeselect={false}
            w={220}
          />
          <Select
            label="Source"
            data={SOURCE_OPTIONS}
            value={filters.source ?? ''}
            onChange={(v) => set('source', v)}
            allowDeselect={false}
            w={180}
          />
        </Group>
        {perms.canMutate ? (
          <Button component={Link} to={paths.newMigration()}>
            Start migration
          </Button>
        ) : (
          <Text size="sm" c="dimmed" maw={360}>
            {perms.reason}
          </Text>
        )}
      </Group>
      {list.isPending ? (
        <Group gap="xs">
          <Loader size="sm" />
          <Text size="sm">Loading migrations…</Text>
        </Group>
      ) : list.isError ? (
        <ErrorState
          error={list.error}
          title="Could not load the migrations"
          onRetry={() => void list.refetch()}
        />
      ) : list.data.migrations.length === 0 ? (
        <Text>
          {Object.values(filters).some(Boolean)
            ? 'No migration matches these filters.'
            : 'No migration has been started through this console yet. Start one from a linked organization.'}
        </Text>
      ) : (
        <>
          <MigrationsTable
            migrations={list.data.migrations}
            caption={`${list.data.migrations.length} migration${list.data.migrations.length === 1 ? '' : 's'}${
              Object.values(filters).some(Boolean) ? ' matching the filters' : ''
            }`}
          />
          <Text size="xs" c="dimmed">
            The server checks each active migration every{' '}
            {Math.round(list.data.pollIntervalMs / 1000)} s; this list was read{' '}
            <Timestamp at={list.data.generatedAt} />.
          </Text>
        </>
      )}
    </Stack>
  );
}
