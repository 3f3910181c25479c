import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  List,
  Loader,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router-dom';
import { errorTitle, isApiError } from '@/api/api-error';
import { useLinkPollIntervals } from '@/api/queries/link-status';
import { LinkStatusBadge } from '@/components/link-status-badge';
import { Timestamp } from '@/components/timestamp';
import { paths } from '@/config/paths';
import { formatAgo, useNow } from '@/lib/relative-time';
import { UPSTREAM_LABELS } from '#contract/route-table';
import { linkWatchQueries } from '../api/link-watch-queries';
import { notSyncedAdvice } from '../lib/not-synced-advice';
import type { LinkedOrg } from './link-org-page';

/**
 * After Generate and connect: the new link's status, checked until it reads Synced; a long
 * "Not synced" says what to check; Synced offers **Plan a migration**.
 */
export function LinkWatch({ linked, onAnother }: { linked: LinkedOrg; onAnother: () => void }) {
  const { result, sourceName, atlasName } = linked;
  const intervals = useLinkPollIntervals();
  const status = useQuery(
    linkWatchQueries.status(result.source, result.sourceOrgId, intervals.fast),
  );
  const now = useNow(1_000);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The outcome takes the focus: the form above is done with.
  useEffect(() => headingRef.current?.focus(), []);
  // The connect's own answer until the first check.
  const shown = status.data ?? result.status;
  const synced = shown === 'SYNCED';
  const advice = notSyncedAdvice(now - linked.linkedAt, linked.accessListIps);
  const source = UPSTREAM_LABELS[result.source];
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="link-watch-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="link-watch-heading" ref={headingRef} tabIndex={-1}>
          {synced ? `${sourceName} is linked and synced` : `${sourceName} is linked`}
        </Title>
        <Text size="sm">
          The {source} organization <strong>{sourceName}</strong> is connected to the Atlas
          organization <strong>{atlasName}</strong>.
        </Text>
        <Group gap="sm">
          <div role="status" aria-label="Link status">
            <LinkStatusBadge status={shown} size="xl" />
          </div>
          {status.isFetching && <Loader size="xs" aria-hidden="true" />}
        </Group>
        {!synced && (
          <Text size="sm">
            Waiting for the first sync: not synced for{' '}
            {formatAgo(linked.linkedAt, now).replace(/ ago$/, '')}. Checked every{' '}
            {Math.round(intervals.fast / 1000)} s; a new link usually syncs within a minute or two.
          </Text>
        )}
        {status.isError && (
          <Text size="sm">
            The last check failed (
            {isApiError(status.error) ? errorTitle(status.error) : String(status.error)}); checking
            again.
          </Text>
        )}
        {!synced && advice.long && (
          <Alert color="yellow" variant="light" title="Not synced for a long time: what to check">
            <List size="sm" spacing={4}>
              {advice.checks.map((c) => (
                <List.Item key={c}>{c}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {synced && (
          <Text size="sm">
            Live migrations from {sourceName} to {atlasName} can start now.
          </Text>
        )}
        <Group gap="sm">
          {synced && (
            <Button
              component={Link}
              to={paths.newMigration({
                source: result.source,
                org: result.sourceOrgId,
                atlasOrg: result.atlasOrgId,
              })}
            >
              Plan a migration
            </Button>
          )}
          <Button variant="default" onClick={onAnother}>
            Link another organization
          </Button>
          <Anchor component={Link} to={paths.org(result.source, result.sourceOrgId)} size="sm">
            Open {sourceName}&apos;s page
          </Anchor>
        </Group>
        {result.token && (
          <Text size="xs" c="dimmed">
            Link-token fingerprint {result.token.fingerprint}, generated{' '}
            <Timestamp at={result.token.generatedAt} show="clock" />
            {result.token.generatedBy ? ` by ${result.token.generatedBy}` : ''}; the token itself
            was never shown or stored. It is listed on{' '}
            <Anchor
              component={Link}
              to={paths.linkTokensOf(result.atlasOrgId)}
              inherit
              underline="always"
            >
              {atlasName}&apos;s link-tokens
            </Anchor>
            .
          </Text>
        )}
      </Stack>
    </Card>
  );
}
