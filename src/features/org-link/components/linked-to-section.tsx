import { Anchor, Button, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { ledgerQueries } from '@/api/queries/link-tokens';
import { orgQueries } from '@/api/queries/orgs';
import { ErrorState } from '@/components/error-state';
import { Timestamp } from '@/components/timestamp';
import { paths } from '@/config/paths';
import type { LinkedTo } from '#contract/link-contract';
import type { SourceUpstream } from '#contract/route-table';

interface LinkedToSectionProps {
  source: SourceUpstream;
  orgId: string;
}

/**
 * "Linked to": which Atlas org a source org is linked to, since when and by whom — from the
 * link-token ledger when the link was made through this console, "linked outside this console"
 * otherwise — and, for an org that is not linked, the way to link it.
 */
export function LinkedToSection({ source, orgId }: LinkedToSectionProps) {
  const linked = useQuery({
    ...ledgerQueries.linkedTo(source, orgId),
    // Until the fleet has seen the link once (the page's own status check tells it), look often.
    refetchInterval: (q) => (q.state.data?.status == null ? 3_000 : 30_000),
  });
  return (
    // The page puts each section in its own card.
    <section aria-labelledby="linked-to-heading">
      <Stack gap="xs">
        <Title order={2} size="h4" id="linked-to-heading">
          Linked to
        </Title>
        {linked.isPending && <Text size="sm">Reading what this dashboard knows of its link…</Text>}
        {linked.isError && (
          <ErrorState
            error={linked.error}
            title="Could not read where this organization is linked"
            onRetry={() => void linked.refetch()}
          />
        )}
        {linked.data && <LinkedToText data={linked.data} />}
      </Stack>
    </section>
  );
}

function LinkedToText({ data }: { data: LinkedTo }) {
  const atlasOrgs = useQuery(orgQueries.cloud.list());
  const { connection, status } = data;
  const linkHere = paths.linkWith({ source: data.source, org: data.orgId });
  if (connection && status !== 'NOT_LINKED') {
    const token = connection.token;
    const atlasName = token
      ? (atlasOrgs.data?.find((o) => o.id === token.atlasOrgId)?.name ?? token.atlasOrgId)
      : null;
    return (
      <>
        <Text size="sm">
          {token ? (
            <>
              Linked to the Atlas organization{' '}
              <Anchor
                component={Link}
                to={paths.linkTokensOf(token.atlasOrgId)}
                inherit
                underline="always"
              >
                {atlasName}
              </Anchor>{' '}
              since <Timestamp at={connection.connectedAt} show="date-time" />
              {connection.connectedBy ? `, by ${connection.connectedBy}` : ''},{' '}
              {connection.via === 'link'
                ? 'through Link an organization'
                : 'with a link-token generated on the Link-tokens page'}{' '}
              (fingerprint {token.fingerprint}).
            </>
          ) : (
            <>
              Connected through this dashboard on{' '}
              <Timestamp at={connection.connectedAt} show="date-time" />
              {connection.connectedBy ? ` by ${connection.connectedBy}` : ''}, with a link-token
              generated outside it: which Atlas organization it goes to is not known here.
            </>
          )}
        </Text>
        <Anchor component={Link} to={paths.auditOf(data.orgId)} size="sm">
          Audit records of this organization
        </Anchor>
      </>
    );
  }
  if (status === 'SYNCED' || status === 'NOT_SYNCED') {
    return (
      <Text size="sm">
        Linked outside this console: the link was not made through this dashboard, so which Atlas
        organization it goes to, since when and by whom is not known here.
      </Text>
    );
  }
  if (status === 'NOT_LINKED') {
    return (
      <>
        <Text size="sm">Not linked to an Atlas organization.</Text>
        <div>
          <Button component={Link} to={linkHere} variant="light">
            Link this organization
          </Button>
        </div>
      </>
    );
  }
  return (
    <Text size="sm">
      Its link has not been checked yet. If it is not linked,{' '}
      <Anchor component={Link} to={linkHere} inherit underline="always">
        link this organization
      </Anchor>
      .
    </Text>
  );
}
