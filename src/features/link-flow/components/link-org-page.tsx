import { Alert, Anchor, Card, Stack, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { useAddressParams } from '@/lib/address-params';
import { paths } from '@/config/paths';
import type { LinkResult } from '#contract/link-contract';
import type { SourceUpstream } from '#contract/route-table';
import { usePageTitle } from '@/lib/page-title';
import { readLinkChoice } from '../lib/prefill';
import { LinkForm } from './link-form';
import { LinkWatch } from './link-watch';

/** A linked org and what the watch needs to describe it. */
export interface LinkedOrg {
  result: LinkResult;
  sourceName: string;
  atlasName: string;
  accessListIps: string[];
  /** When the connect answered (ms), for "not synced for …". */
  linkedAt: number;
}

/**
 * Link an organization: source org, Atlas org, optional access list, **Generate and connect**,
 * then the link watched until Synced. The two chosen orgs live in the address (so the board, an
 * org page or the Link-tokens page can send the user here with them filled in); a failure keeps
 * everything entered.
 */
export function LinkOrgPage() {
  const [params, setParams] = useAddressParams();
  const choice = readLinkChoice(params);
  const [linked, setLinked] = useState<LinkedOrg | null>(null);
  usePageTitle('Link an organization', linked?.sourceName);

  const setSource = useCallback(
    (v: { upstream: SourceUpstream; orgId: string } | null) =>
      setParams(
        (next) => {
          if (v) {
            next.set('source', v.upstream);
            next.set('org', v.orgId);
          } else {
            next.delete('source');
            next.delete('org');
          }
        },
        { replace: true },
      ),
    [setParams],
  );
  const setAtlas = useCallback(
    (id: string | null) =>
      setParams(
        (next) => {
          if (id) next.set('atlasOrg', id);
          else next.delete('atlasOrg');
        },
        { replace: true },
      ),
    [setParams],
  );

  return (
    <Stack gap="lg" maw={960}>
      <div>
        <Title order={1}>Link an organization</Title>
        <Text>
          Links a source organization (Ops Manager or Cloud Manager) to an Atlas organization in one
          step: the dashboard generates a link-token in Atlas and hands it straight to the source
          organization. The link-token is never shown, logged or stored. To do it by hand, use the{' '}
          <Anchor component={Link} to={paths.linkTokens} inherit underline="always">
            Link-tokens
          </Anchor>{' '}
          page.
        </Text>
      </div>
      {choice.problems.length > 0 && (
        <Alert color="yellow" variant="light" title="Part of the address could not be used">
          {choice.problems.map((p) => (
            <Text key={p} size="sm">
              {p} Choose below instead.
            </Text>
          ))}
        </Alert>
      )}
      <Card withBorder padding="lg">
        <LinkForm
          source={choice.source}
          atlasOrgId={choice.atlasOrgId}
          onSource={setSource}
          onAtlas={setAtlas}
          linked={linked}
          onLinked={setLinked}
        />
      </Card>
      {linked && (
        <LinkWatch
          key={`${linked.result.source}:${linked.result.sourceOrgId}`}
          linked={linked}
          onAnother={() => {
            setLinked(null);
            setSource(null);
            // Back to the start of the form, for the next organization.
            requestAnimationFrame(() =>
              document.querySelector<HTMLInputElement>('#link-source-org')?.focus(),
            );
          }}
        />
      )}
    </Stack>
  );
}
