import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { SourceUpstream } from '#contract/route-table';
import { OBJECT_ID_PATTERN } from '#contract/schemas';
import { usePermissions } from '@/api/queries/config';
import { migrationQueries } from '@/api/queries/live-migrations';
import { ErrorState } from '@/components/error-state';
import { paths } from '@/config/paths';
import { MigrationsTable } from './migrations-table';

/** The Organization page's "Migrations": this source org's registered migrations, with links. */
export function OrgMigrationsSection({ source, orgId }: { source: SourceUpstream; orgId: string }) {
  const list = useQuery({
    ...migrationQueries.list({ source, orgId }),
    enabled: OBJECT_ID_PATTERN.test(orgId),
  });
  const perms = usePermissions();
  if (!OBJECT_ID_PATTERN.test(orgId)) return null;
  const migrations = list.data?.migrations ?? [];
  return (
    // The Organization page puts each section in its own card.
    <section aria-labelledby={`migrations-${orgId}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h3" id={`migrations-${orgId}`}>
            Migrations
          </Title>
          {perms.canMutate && (
            <Button
              component={Link}
              to={paths.newMigration({ source, org: orgId })}
              variant="light"
              size="sm"
            >
              Plan a migration
            </Button>
          )}
        </Group>
        {list.isError ? (
          <ErrorState error={list.error} title="Could not load this organization's migrations" />
        ) : list.isPending ? (
          <Text size="sm">Loading migrations…</Text>
        ) : migrations.length === 0 ? (
          <Text size="sm">No migration of this organization was started through this console.</Text>
        ) : (
          <>
            <MigrationsTable
              migrations={migrations}
              caption={`${migrations.length} migration${migrations.length === 1 ? '' : 's'} from this organization`}
              hideSourceOrg
            />
            <Anchor component={Link} to={`${paths.migrations}?source=${source}`} size="sm">
              All migrations
            </Anchor>
          </>
        )}
      </Stack>
    </section>
  );
}
