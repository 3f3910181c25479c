import { Anchor, Group, Loader, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { errorTitle, isApiError } from '@/api/api-error';
import { LinkStatusBadge } from '@/components/link-status-badge';
import { paths } from '@/config/paths';
import type { SourceUpstream } from '#contract/route-table';
import type { SourceLinkState } from '../hooks/use-source-link-state';

type Source = { upstream: SourceUpstream; orgId: string };

/** What the chosen source org's link is now, under the picker. */
export function SourceStatusNote({ source, state }: { source: Source; state: SourceLinkState }) {
  const { query } = state;
  if (query.isPending) {
    return (
      <Group gap="xs">
        <Loader size="xs" aria-hidden="true" />
        <Text size="sm" role="status">
          Checking whether it is linked already…
        </Text>
      </Group>
    );
  }
  if (query.isError) {
    return (
      <Text size="sm" role="status">
        Could not check whether it is linked already (
        {isApiError(query.error) ? errorTitle(query.error) : String(query.error)}). You can still
        try: a linked organization refuses a second link.
      </Text>
    );
  }
  const status = query.data;
  return (
    <Group gap="xs" wrap="wrap">
      <span role="status" aria-label="Current link status">
        <LinkStatusBadge status={status} />
      </span>
      <Text size="sm">
        {status === 'NOT_LINKED' ? (
          'Not linked yet: ready to link.'
        ) : (
          <>
            Already linked to Atlas. To link it elsewhere, remove its connection on{' '}
            <Anchor
              component={Link}
              to={paths.org(source.upstream, source.orgId)}
              inherit
              underline="always"
            >
              its organization page
            </Anchor>{' '}
            first.
          </>
        )}
      </Text>
    </Group>
  );
}
