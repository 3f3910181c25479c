import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { MIGRATION_STATUS_LABELS, type MigrationDetail } from '#contract/live-migrations-contract';
import { OBJECT_ID_HINT, OBJECT_ID_PATTERN } from '#contract/schemas';
import { usePermissions } from '@/api/queries/config';
import { migrationQueries } from '@/api/queries/live-migrations';
import { IdWithCopy } from '@/components/copy-id';
import { ErrorState } from '@/components/error-state';
import { Timestamp } from '@/components/timestamp';
import { paths } from '@/config/paths';
import { focusFirstAvailable } from '@/lib/focus';
import { usePageTitle } from '@/lib/page-title';
import { SOURCE_LABELS, formatLag, phaseLabel } from '../lib/format';
import { CutOverDialog } from './cut-over-dialog';
import { CutoverWindow } from './cutover-window';
import { LagChart } from './lag-chart';
import { MigrationStatusBadge } from './migration-status-badge';

function BackLink() {
  return (
    <Anchor component={Link} to={paths.migrations} size="sm">
      ← All migrations
    </Anchor>
  );
}

export function MigrationView({ id }: { id: string }) {
  const valid = OBJECT_ID_PATTERN.test(id);
  const detail = useQuery({ ...migrationQueries.detail(id), enabled: valid });
  const m = detail.data?.migration;
  usePageTitle(
    m ? `Migration ${m.source.deployment} → ${m.target.cluster}` : 'Migration',
    m && phaseLabel(m),
  );
  if (!valid) {
    return (
      <Stack gap="md">
        <BackLink />
        <Title order={1}>Invalid migration ID</Title>
        <Alert color="red" variant="light" role="alert" title="This is not a migration ID">
          “{id}” is not a valid migration ID. {OBJECT_ID_HINT}
        </Alert>
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      <BackLink />
      {detail.isPending ? (
        <Group gap="xs">
          <Loader size="sm" />
          <Text size="sm">Loading the migration…</Text>
        </Group>
      ) : detail.isError ? (
        <>
          <Title order={1}>Migration</Title>
          <ErrorState
            error={detail.error}
            title="Could not load this migration"
            onRetry={() => void detail.refetch()}
          />
        </>
      ) : (
        <Loaded detail={detail.data} />
      )}
    </Stack>
  );
}

function Loaded({ detail }: { detail: MigrationDetail }) {
  const m = detail.migration;
  const perms = usePermissions();
  const [cutting, setCutting] = useState(false);
  // A fresh dialog (and typed text) each time it opens.
  const [openCount, setOpenCount] = useState(0);
  const cutRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const canCutOver = m.status === 'WORKING' && m.readyForCutover && !m.cutoverRequestedAt;
  return (
    <>
      <div>
        <Group gap="sm" wrap="wrap">
          <Title order={1} ref={headingRef} tabIndex={-1} style={{ overflowWrap: 'anywhere' }}>
            {m.source.deployment} → {m.target.cluster}
          </Title>
          <MigrationStatusBadge migration={m} />
        </Group>
        <Group gap={6} wrap="wrap">
          <Text size="sm">Live migration</Text>
          <IdWithCopy id={m.id} of="this migration" />
        </Group>
      </div>

      {m.lastError && (
        <Alert color="orange" variant="light" title="The last check of this migration failed">
          <Text size="sm">
            {m.lastError.detail} ({m.lastError.code}). The server keeps checking; the status below
            is the last one known.
          </Text>
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Now
          </Title>
          <Text size="sm">Lag: {m.active ? formatLag(m.lagSeconds) : '—'}</Text>
          <Text size="sm">Ready for cutover: {m.readyForCutover ? 'Yes' : 'No'}</Text>
          <Text size="sm">
            Last checked: {m.lastCheckedAt ? <Timestamp at={m.lastCheckedAt} /> : 'not yet'}
            {m.active && `, every ${Math.round(detail.pollIntervalMs / 1000)} s`}
          </Text>
          {m.cutoverRequestedAt && (
            <Text size="sm">
              Cutover requested by {m.cutoverRequestedBy}, <Timestamp at={m.cutoverRequestedAt} />
            </Text>
          )}
          {m.completedAt && (
            <Text size="sm">
              Completed <Timestamp at={m.completedAt} show="date-time" />
            </Text>
          )}
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Source
          </Title>
          <Text size="sm">
            {SOURCE_LABELS[m.source.upstream]} organization{' '}
            <Anchor component={Link} to={paths.org(m.source.upstream, m.source.orgId)}>
              {m.source.orgName ?? m.source.orgId}
            </Anchor>
          </Text>
          <Text size="sm">Project: {m.source.projectName ?? m.source.projectId}</Text>
          <Text size="sm">Deployment: {m.source.deployment}</Text>
          <Text size="sm">Migration host: {m.migrationHost}</Text>
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Target (Atlas)
          </Title>
          <Text size="sm">Organization: {m.target.atlasOrgName ?? m.target.atlasOrgId}</Text>
          <Text size="sm">Project: {m.target.projectName ?? m.target.projectId}</Text>
          <Text size="sm">Cluster: {m.target.cluster}</Text>
          <Text size="sm">
            Connection: {m.options.hostnameSchemaType}, TLS {m.options.tls ? 'on' : 'off'}
            {m.options.caCertificatePath ? ` (CA ${m.options.caCertificatePath})` : ''}
            {m.options.dropDestinationData ? ', destination data dropped first' : ''}
          </Text>
          <Text size="sm">
            Started by {m.startedBy}, <Timestamp at={m.startedAt} show="date-time" />
          </Text>
        </Paper>
      </SimpleGrid>

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Cutover window
        </Title>
        <Stack gap="sm">
          <CutoverWindow migration={m} />
          <Group gap="sm" wrap="wrap">
            <Button
              ref={cutRef}
              color="red"
              onClick={() => {
                setOpenCount((n) => n + 1);
                setCutting(true);
              }}
              disabled={!perms.canMutate || !canCutOver}
            >
              Cut over
            </Button>
            <Text size="sm" c="dimmed">
              {!perms.canMutate
                ? perms.reason
                : canCutOver
                  ? 'Asks you to type the target cluster name.'
                  : m.cutoverRequestedAt
                    ? 'The cutover was requested.'
                    : 'Possible once the migration is ready for cutover.'}
            </Text>
          </Group>
        </Stack>
      </Paper>

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Lag over time
        </Title>
        <LagChart samples={detail.lagSamples} />
      </Paper>

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Status history
        </Title>
        <Table.ScrollContainer minWidth={320}>
          <Table striped verticalSpacing={4}>
            <Table.Caption>Every status change seen, oldest first</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Seen</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Ready for cutover</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.history.map((c) => (
                <Table.Tr key={`${c.at}-${c.status}-${String(c.readyForCutover)}`}>
                  <Table.Td>
                    <Timestamp at={c.at} show="date-time" />
                  </Table.Td>
                  <Table.Td>{c.status ? MIGRATION_STATUS_LABELS[c.status] : 'Unknown'}</Table.Td>
                  <Table.Td>{c.readyForCutover ? 'Yes' : 'No'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>

      <CutOverDialog
        key={openCount}
        migration={m}
        opened={cutting}
        onClose={() => setCutting(false)}
        onClosed={() => focusFirstAvailable([cutRef.current, headingRef.current])}
      />
    </>
  );
}
