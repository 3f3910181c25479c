// The 409 CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK in plain words: which migration
// holds the link (from the console's registry, by the project IDs the upstream names) and a link
// to it. Shown by ErrorState wherever removing a link or deleting a link-token is refused.
import { Anchor, List, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { migrationQueries } from '@/api/queries/live-migrations';
import { paths } from '@/config/paths';

/** The 24-hex project IDs the upstream's detail names ("… following project ids: a, b"). */
function blockingProjectIds(detail: string): string[] {
  return [...new Set(detail.match(/\b[a-f0-9]{24}\b/g) ?? [])];
}

export default function ActiveMigrationNotice({ detail }: { detail: string }) {
  const ids = blockingProjectIds(detail);
  const active = useQuery(migrationQueries.list({ status: 'active' }));
  const blocking = (active.data?.migrations ?? []).filter((m) => ids.includes(m.target.projectId));
  return (
    <>
      <Text size="sm">
        A live migration through this link is still running, so Atlas keeps the link until it ends.
        Cut the migration over (or wait until it completes, fails or expires), then try again.
      </Text>
      {blocking.length > 0 ? (
        <List size="sm">
          {blocking.map((m) => (
            <List.Item key={m.id}>
              <Anchor component={Link} to={paths.migration(m.id)}>
                {m.source.deployment} → {m.target.cluster}
              </Anchor>{' '}
              (started by {m.startedBy})
            </List.Item>
          ))}
        </List>
      ) : (
        active.isSuccess && (
          <Text size="sm">
            This console did not start it: find it in the Atlas UI under the named project.
          </Text>
        )
      )}
    </>
  );
}
