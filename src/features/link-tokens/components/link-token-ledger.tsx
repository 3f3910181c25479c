import { Anchor, Badge, Group, List, Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { ErrorState } from '@/components/error-state';
import { Timestamp } from '@/components/timestamp';
import { paths } from '@/config/paths';
import type { LedgerEntry, LinkTokenLedger } from '#contract/link-contract';
import { UPSTREAM_LABELS } from '#contract/route-table';
import { ledgerSummary } from '../lib/ledger-summary';

/**
 * The link-tokens generated through this console for one Atlas org (never their values): when,
 * by whom, how, the access list, which source orgs they connected, and whether they still exist.
 * Tokens made in the Atlas UI or by other tools are not known here.
 */
export function LinkTokenLedgerList({ ledger }: { ledger: UseQueryResult<LinkTokenLedger> }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="ledger-heading">
      <Title order={3} size="h4" id="ledger-heading">
        Link-tokens generated here
      </Title>
      {ledger.isPending && <Text size="sm">Loading the link-tokens generated here…</Text>}
      {ledger.isError && (
        <ErrorState
          error={ledger.error}
          title="Could not read the link-tokens generated here"
          onRetry={() => void ledger.refetch()}
        />
      )}
      {ledger.data && (
        <>
          <Text size="sm">{ledgerSummary(ledger.data.entries)}</Text>
          {ledger.data.entries.length > 0 && (
            <List
              spacing="sm"
              size="sm"
              listStyleType="none"
              aria-label="Link-tokens generated here"
            >
              {ledger.data.entries.map((e) => (
                <List.Item key={e.id}>
                  <LedgerLine entry={e} />
                </List.Item>
              ))}
            </List>
          )}
          <Text size="xs" c="dimmed">
            Only their fingerprints (the first 6 hex digits of each token&apos;s SHA-256) are kept,
            never the link-tokens. Link-tokens made in the Atlas UI or with other tools are not
            listed.
          </Text>
        </>
      )}
    </Stack>
  );
}

function LedgerLine({ entry: e }: { entry: LedgerEntry }) {
  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" ff="monospace" fw={600}>
          {e.fingerprint}
        </Text>
        <Badge size="sm" variant="light" color={e.deletedAt ? 'gray' : 'teal'}>
          {e.deletedAt ? 'Deleted' : 'Exists'}
        </Badge>
        <Text size="sm">
          {e.via === 'link' ? 'Generate and connect' : 'Generate'},{' '}
          <Timestamp at={e.generatedAt} show="date-time" />
          {e.generatedBy ? ` by ${e.generatedBy}` : ''}
        </Text>
      </Group>
      <Text size="sm">
        Access list: {e.accessListIps.length > 0 ? e.accessListIps.join(', ') : 'none'}.{' '}
        {e.connections.length === 0 ? 'Not used to connect an organization here.' : 'Connected: '}
        {e.connections.map((c, i) => (
          <span key={`${c.source}:${c.orgId}`}>
            {i > 0 && ', '}
            <Anchor component={Link} to={paths.org(c.source, c.orgId)} inherit underline="always">
              {c.orgName ?? c.orgId}
            </Anchor>{' '}
            ({UPSTREAM_LABELS[c.source]}, <Timestamp at={c.connectedAt} show="date-time" />
            {c.connectedBy ? ` by ${c.connectedBy}` : ''})
          </span>
        ))}
        {e.connections.length > 0 && '.'}
      </Text>
      {e.deletedAt && (
        <Text size="sm">
          {e.deletedBy ? (
            <>
              Deleted <Timestamp at={e.deletedAt} show="date-time" /> by {e.deletedBy}.
            </>
          ) : (
            <>
              Gone: Atlas had no link-token for this organization on{' '}
              <Timestamp at={e.deletedAt} show="date-time" />.
            </>
          )}
        </Text>
      )}
    </Stack>
  );
}
