import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { configQueries } from '@/api/queries/config';
import type { ProxyConfig, UpstreamConfig } from '#contract/proxy-contract';
import { QueryState } from '@/components/query-state';
import { Timestamp } from '@/components/timestamp';
import classes from './settings-view.module.css';

const AUTH_LABEL: Record<UpstreamConfig['authKind'], string> = {
  digest: 'HTTP Digest (API key)',
  oauth: 'OAuth 2.0 service account',
  none: 'Not configured',
};

/** What the proxy is configured for: never a private key (the proxy sends only a key's public part). */
export function SettingsView() {
  const config = useQuery(configQueries.config());
  return (
    <QueryState
      query={config}
      loadingLabel="Loading settings"
      errorTitle="Could not load the dashboard's settings"
    >
      {(data) => <SettingsDetails config={data} />}
    </QueryState>
  );
}

function SettingsDetails({ config }: { config: ProxyConfig }) {
  const { upstreams, session, signInRequired, pollIntervalsMs, statusCacheMs } = config;
  const simulated = upstreams.some((u) => u.simulated);
  return (
    <Stack gap="lg">
      {simulated && (
        <Card withBorder bg="var(--mantine-color-yellow-light)">
          <Text fw={600}>Simulated upstream</Text>
          <Text size="sm">
            No Ops Manager, Cloud Manager or MongoDB Cloud setting is configured, so the proxy talks
            to its built-in simulated upstream with demo keys. Set the OPSMANAGER_*, CLOUDMANAGER_*
            and CLOUD_* settings (see docs/configuration.md) to use real ones.
          </Text>
        </Card>
      )}
      <section aria-labelledby="upstreams-heading">
        <Title order={2} size="h3" id="upstreams-heading" mb="sm">
          Upstreams
        </Title>
        {/* A phone scrolls the table sideways; the region takes the focus so a keyboard can
            (WCAG 2.1.1; axe's scrollable-region-focusable). */}
        {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
        <div className={classes.scroller} role="region" aria-label="Upstreams table" tabIndex={0}>
          <Table withTableBorder striped miw={760}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Upstream</Table.Th>
                <Table.Th scope="col">Base URL</Table.Th>
                <Table.Th scope="col">Authentication</Table.Th>
                <Table.Th scope="col">Mode</Table.Th>
                <Table.Th scope="col">Reachable</Table.Th>
                <Table.Th scope="col">API key</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {upstreams.map((u) => (
                <Table.Tr key={u.name}>
                  <Table.Td>{u.label}</Table.Td>
                  <Table.Td>
                    <Text ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {u.baseUrl ?? 'not configured'}
                    </Text>
                  </Table.Td>
                  <Table.Td>{AUTH_LABEL[u.authKind]}</Table.Td>
                  <Table.Td>{u.simulated ? 'Simulated' : 'Real'}</Table.Td>
                  <Table.Td>
                    <ReachableBadge reachable={u.reachable} />
                  </Table.Td>
                  <Table.Td>
                    <KeyFacts upstream={u} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      </section>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Card withBorder component="section" aria-labelledby="user-heading">
          <Title order={2} size="h4" id="user-heading">
            Signed-in user
          </Title>
          {session ? (
            <Group gap="xs" mt="xs">
              <Text fw={600}>{session.user}</Text>
              <Badge variant="light">{session.role}</Badge>
              {session.method === 'demo' && (
                <Text size="sm" c="dimmed">
                  (demo sign-in on loopback)
                </Text>
              )}
            </Group>
          ) : (
            <Text mt="xs">Not signed in.</Text>
          )}
          <Text size="sm" c="dimmed" mt="xs">
            {signInRequired ? 'Sign-in is required.' : 'Sign-in is not configured.'}
          </Text>
        </Card>
        <Card withBorder component="section" aria-labelledby="polling-heading">
          <Title order={2} size="h4" id="polling-heading">
            Link status polling
          </Title>
          <Text size="sm" mt="xs">
            Every {pollIntervalsMs.fast / 1000} s while a link is not synced or just changed, every{' '}
            {pollIntervalsMs.slow / 1000} s once synced; paused in hidden tabs. The proxy shares one
            upstream call among viewers of the same organization for {statusCacheMs / 1000} s.
          </Text>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}

/**
 * Which key the proxy uses (its public part) and whether the upstream last took it: a refused key
 * is for an administrator to replace in the proxy's settings.
 */
function KeyFacts({ upstream }: { upstream: UpstreamConfig }) {
  const accepted = upstream.keyAcceptedAt ? Date.parse(upstream.keyAcceptedAt) : 0;
  const refused = upstream.keyRefusedAt ? Date.parse(upstream.keyRefusedAt) : 0;
  return (
    <Stack gap={2}>
      {upstream.publicKey && (
        <Text size="sm">
          Public key{' '}
          <Text span ff="monospace" size="sm">
            {upstream.publicKey}
          </Text>
        </Text>
      )}
      {refused > accepted ? (
        <Group gap={6} wrap="wrap">
          <Badge color="red">Refused</Badge>
          <Text size="sm">
            <Timestamp at={refused} />: an administrator must replace it.
          </Text>
        </Group>
      ) : accepted > 0 ? (
        <Group gap={6} wrap="wrap">
          <Badge color="teal">Accepted</Badge>
          <Text size="sm">
            <Timestamp at={accepted} />
          </Text>
        </Group>
      ) : (
        <Text size="sm">{upstream.authKind === 'none' ? '—' : 'Not used yet'}</Text>
      )}
    </Stack>
  );
}

function ReachableBadge({ reachable }: { reachable: boolean | null }) {
  if (reachable === null) return <Badge color="gray">Unknown</Badge>;
  return reachable ? <Badge color="teal">Reachable</Badge> : <Badge color="red">Unreachable</Badge>;
}
