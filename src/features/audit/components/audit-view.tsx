import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import type { AuditEntry, AuditFilters, AuditList } from '#contract/audit-contract';
import {
  isSourceUpstream,
  routes,
  type OperationId,
  type SourceUpstream,
} from '#contract/route-table';
import { auditQueries } from '@/api/queries/audit';
import { configQueries } from '@/api/queries/config';
import { orgQueries } from '@/api/queries/orgs';
import { Timestamp } from '@/components/timestamp';
import { CopyId } from '@/components/copy-id';
import { ErrorState } from '@/components/error-state';
import { PageLoader } from '@/components/page-loader';
import { paths } from '@/config/paths';
import { AuditFiltersForm } from './audit-filters';
import { OPERATION_LABELS, outcomeBadge } from '../lib/labels';

interface Props {
  filters: AuditFilters;
  onFiltersChange: (next: AuditFilters) => void;
}

/**
 * Audit entries, newest first, a page at a time ("Show older entries" adds the next page).
 * Operators only: viewers are told why they see none.
 */
export function AuditView({ filters, onFiltersChange }: Props) {
  const config = useQuery(configQueries.config());
  const role = config.data?.session?.role;
  const list = useInfiniteQuery({ ...auditQueries.list(filters), enabled: role === 'operator' });
  const pages = useMemo(() => list.data?.pages ?? [], [list.data]);
  const entries = useMemo(() => pages.flatMap((p) => p.entries), [pages]);
  if (config.isPending) return <PageLoader label="Loading the audit log" />;
  if (role !== 'operator') {
    return (
      <Alert color="gray" variant="light" title="The operator role is needed to read the audit log">
        {role
          ? `You are signed in as ${config.data?.session?.user} with the ${role} role.`
          : 'Sign in as an operator.'}{' '}
        Ask an administrator if you need to see who changed what.
      </Alert>
    );
  }
  return (
    <Stack gap="md">
      <AuditFiltersForm key={JSON.stringify(filters)} value={filters} onChange={onFiltersChange} />
      {list.isPending ? (
        <PageLoader label="Loading the audit log" />
      ) : list.isError && pages.length === 0 ? (
        <ErrorState
          error={list.error}
          title="Could not load the audit log"
          onRetry={() => void list.refetch()}
        />
      ) : (
        <>
          <Group justify="space-between">
            <Text size="sm" c="dimmed" aria-live="polite">
              <AuditSummary
                shown={entries.length}
                more={list.hasNextPage}
                first={pages[0]}
                unreadable={pages.reduce((n, p) => n + p.unreadable, 0)}
              />
            </Text>
            <Button
              variant="default"
              size="xs"
              onClick={() => void list.refetch()}
              loading={list.isFetching && !list.isFetchingNextPage}
            >
              Refresh
            </Button>
          </Group>
          {entries.length > 0 && <AuditTable entries={entries} />}
          {list.isFetchNextPageError && (
            <ErrorState
              error={list.error}
              title="Could not load older entries"
              onRetry={() => void list.fetchNextPage()}
              autoRetry={false}
            />
          )}
          {list.hasNextPage && !list.isFetchNextPageError && (
            <Group justify="center">
              <Button
                variant="default"
                onClick={() => void list.fetchNextPage()}
                loading={list.isFetchingNextPage}
              >
                Show older entries
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}

/** How many entries are shown, from where, and what could not be read. */
function AuditSummary(p: {
  shown: number;
  more: boolean;
  first: AuditList | undefined;
  unreadable: number;
}) {
  const noun = (n: number) => (n === 1 ? 'entry' : 'entries');
  return (
    <>
      {p.shown === 0
        ? 'No entries match.'
        : p.more
          ? `The ${p.shown} most recent ${noun(p.shown)}, newest first; older ones follow.`
          : `${p.shown} ${noun(p.shown)}, newest first: all that match.`}
      {p.first?.source === 'memory' &&
        ' This shows only what this server instance saw since it started (no database).'}
      {p.first?.truncated && ' Older entries exist in the file beyond what was searched.'}
      {p.unreadable > 0 &&
        ` ${p.unreadable} ${p.unreadable === 1 ? 'record' : 'records'} could not be read (cut short by a crash or a full disk, or not in the record format); see the ${p.first?.source === 'file' ? 'file' : 'database'} itself.`}
    </>
  );
}

function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const names = useOrgNames(entries);
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped withTableBorder verticalSpacing="xs" aria-label="Audit log">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Time</Table.Th>
            <Table.Th scope="col">User</Table.Th>
            <Table.Th scope="col">Operation</Table.Th>
            <Table.Th scope="col">Target</Table.Th>
            <Table.Th scope="col">Outcome</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Request ID</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => (
            <Table.Tr key={`${e.requestId}-${e.time}`}>
              <Table.Td>
                <Timestamp at={e.time} show="date-time" />
              </Table.Td>
              <Table.Td>
                {e.user ?? (
                  <Text c="dimmed" span>
                    unknown
                  </Text>
                )}
                {e.role && (
                  <Text size="xs" c="dimmed">
                    {e.role}
                    {e.auth === 'demo' ? ', demo' : e.auth === 'header' ? ', SSO' : ''}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {e.operation ? (OPERATION_LABELS[e.operation] ?? e.operation) : e.path}
              </Table.Td>
              <Table.Td>
                <Target entry={e} names={names} />
              </Table.Td>
              <Table.Td>
                <OutcomeCell entry={e} />
                {e.outcome === 'unknown' && (
                  <Text size="xs">May have been done: check the status before retrying.</Text>
                )}
                {e.code && (
                  <Text size="xs" ff="monospace">
                    {e.code}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {e.status ?? '—'}
                  {e.upstreamStatus !== null && e.upstreamStatus !== e.status
                    ? ` (upstream ${e.upstreamStatus})`
                    : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace">
                  {e.requestId}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function OutcomeCell({ entry }: { entry: AuditEntry }) {
  const badge = outcomeBadge(entry);
  return (
    <Badge color={badge.color} variant="light">
      {badge.label}
    </Badge>
  );
}

/** Org ID → name, from the org lists this browser has (or now asks for): Ops Manager and Cloud. */
function useOrgNames(entries: AuditEntry[]): Map<string, string> {
  const wanted = entries.some((e) => e.orgId);
  const ops = useQuery({
    ...orgQueries.opsmanager.list(),
    enabled: wanted,
    meta: { silentErrors: true },
  });
  const cloud = useQuery({
    ...orgQueries.cloud.list(),
    enabled: wanted,
    meta: { silentErrors: true },
  });
  return useMemo(
    () => new Map([...(ops.data ?? []), ...(cloud.data ?? [])].map((o) => [o.id, o.name])),
    [ops.data, cloud.data],
  );
}

/** Which source an org-link operation was for (an org page's address says it). */
function sourceOf(operation: string | null): SourceUpstream {
  const op =
    operation && Object.hasOwn(routes, operation) ? routes[operation as OperationId] : null;
  return op && isSourceUpstream(op.upstream) ? op.upstream : 'opsmanager';
}

function Target({ entry, names }: { entry: AuditEntry; names: Map<string, string> }) {
  const parts = [];
  if (entry.federationId) {
    parts.push(
      <Text key="f" size="xs">
        federation{' '}
        <Anchor component={Link} to={paths.federation(entry.federationId)} ff="monospace" size="xs">
          {entry.federationId}
        </Anchor>
        <CopyId id={entry.federationId} />
      </Text>,
    );
  }
  if (entry.orgId) {
    // Ops Manager orgs have a page; Atlas orgs open on the Link-tokens page; an org removed from a
    // federation is reached through the federation.
    const atlas = entry.operation === 'createLinkToken' || entry.operation === 'deleteLinkToken';
    const to =
      entry.operation === 'removeConnectedOrg'
        ? null
        : atlas
          ? `${paths.linkTokens}?org=${entry.orgId}`
          : paths.org(sourceOf(entry.operation), entry.orgId);
    const name = names.get(entry.orgId);
    parts.push(
      <Text key="o" size="xs">
        {name ? (
          <Text span size="xs" fw={600}>
            {name}{' '}
          </Text>
        ) : (
          'org '
        )}
        {to ? (
          <Anchor
            component={Link}
            to={to}
            ff="monospace"
            size="xs"
            aria-label={name ? `${name} (${entry.orgId})` : undefined}
          >
            {entry.orgId}
          </Anchor>
        ) : (
          <Text span ff="monospace" size="xs">
            {entry.orgId}
          </Text>
        )}
        <CopyId id={entry.orgId} of={name} />
      </Text>,
    );
  }
  // A migration's project (Atlas) and the migration itself: shown with Copy (no page of their own).
  if (entry.groupId) {
    parts.push(
      <Text key="g" size="xs">
        project{' '}
        <Text span ff="monospace" size="xs">
          {entry.groupId}
        </Text>
        <CopyId id={entry.groupId} />
      </Text>,
    );
  }
  if (entry.liveMigrationId) {
    parts.push(
      <Text key="m" size="xs">
        migration{' '}
        <Text span ff="monospace" size="xs">
          {entry.liveMigrationId}
        </Text>
        <CopyId id={entry.liveMigrationId} />
      </Text>,
    );
  }
  return parts.length ? (
    <>{parts}</>
  ) : (
    <Text c="dimmed" size="xs">
      —
    </Text>
  );
}
