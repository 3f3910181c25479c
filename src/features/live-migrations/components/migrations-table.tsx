import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { RegisteredMigration } from '#contract/live-migrations-contract';
import { Timestamp } from '@/components/timestamp';
import { paths } from '@/config/paths';
import { useNow } from '@/lib/relative-time';
import { SOURCE_LABELS, formatLag, windowLeftText } from '../lib/format';
import { MigrationStatusBadge } from './migration-status-badge';

interface MigrationsTableProps {
  migrations: RegisteredMigration[];
  caption: string;
  /** Leave out the source org (the org page shows its own migrations). */
  hideSourceOrg?: boolean;
}

/** Registered migrations: source → target, status, lag, readiness, window left, who and when. */
export function MigrationsTable({ migrations, caption, hideSourceOrg }: MigrationsTableProps) {
  const now = useNow(1_000);
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Source → target</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Lag</Table.Th>
            <Table.Th scope="col">Ready for cutover</Table.Th>
            <Table.Th scope="col">Cutover window</Table.Th>
            <Table.Th scope="col">Started</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {migrations.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <Anchor component={Link} to={paths.migration(m.id)} fw={600}>
                  {m.source.deployment} → {m.target.cluster}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {hideSourceOrg
                    ? ''
                    : `${SOURCE_LABELS[m.source.upstream]} ${m.source.orgName ?? m.source.orgId} · `}
                  {m.source.projectName ?? m.source.projectId} → Atlas{' '}
                  {m.target.projectName ?? m.target.projectId}
                </Text>
              </Table.Td>
              <Table.Td>
                <MigrationStatusBadge migration={m} />
              </Table.Td>
              <Table.Td>{m.active ? formatLag(m.lagSeconds) : '—'}</Table.Td>
              <Table.Td>{m.readyForCutover ? 'Yes' : 'No'}</Table.Td>
              <Table.Td>{windowLeftText(m, now)}</Table.Td>
              <Table.Td>
                <Text size="sm">{m.startedBy}</Text>
                <Text size="xs" c="dimmed">
                  <Timestamp at={m.startedAt} />
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
