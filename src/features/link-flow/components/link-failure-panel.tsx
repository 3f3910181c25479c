import { Alert, Anchor, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { Link } from 'react-router-dom';
import { isUpstreamNone } from '@/api/api-error';
import { usePermissions } from '@/api/queries/config';
import { ledgerQueries } from '@/api/queries/link-tokens';
import { ErrorState } from '@/components/error-state';
import { ShowApiCall } from '@/components/show-api-call';
import { paths } from '@/config/paths';
import { focusFirstAvailable, refocusIfLost } from '@/lib/focus';
import type { LedgerEntry, LinkFailure } from '#contract/link-contract';
import { UPSTREAM_LABELS } from '#contract/route-table';
import { isLinkFlowError } from '../api/use-link-org';
import { useDeleteNewToken } from '../api/use-delete-new-token';

interface LinkFailurePanelProps {
  error: unknown;
  sourceName: string;
  atlasName: string;
}

/**
 * What went wrong with Generate and connect, in the upstream's words, and — when a link-token was
 * made and not used — that it exists, with **Delete the new link-token**: no orphan left silently.
 */
export function LinkFailurePanel({ error, sourceName, atlasName }: LinkFailurePanelProps) {
  if (!isLinkFlowError(error)) {
    return <ErrorState error={error} title="Nothing was linked" />;
  }
  const f = error.failure;
  const title =
    f.step === 'createLinkToken'
      ? `No link-token was generated: ${UPSTREAM_LABELS.cloud} refused`
      : `The link-token was generated, but ${UPSTREAM_LABELS[f.upstream]} did not connect ${sourceName}`;
  return (
    <Stack gap="sm">
      <ErrorState error={error.error} title={title} />
      {f.tokenCreated !== 'no' && (
        <NewTokenLeft failure={f} atlasName={atlasName} sourceName={sourceName} />
      )}
    </Stack>
  );
}

function NewTokenLeft({
  failure: f,
  atlasName,
  sourceName,
}: {
  failure: LinkFailure;
  atlasName: string;
  sourceName: string;
}) {
  const { canMutate, reason } = usePermissions();
  const del = useDeleteNewToken(f.atlasOrgId);
  const [opened, { open, close }] = useDisclosure(false);
  const openerRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const ledger = useQuery(ledgerQueries.ledger(f.atlasOrgId));
  // Atlas deletes all of an org's link-tokens at once: the others still alive, and what they link.
  const others = (ledger.data?.entries ?? []).filter(
    (e) => e.deletedAt === null && e.id !== f.token?.id,
  );
  const linkedByOthers = others.flatMap((e) => e.connections);
  const gone = del.isSuccess || isUpstreamNone(del.error);
  if (gone) {
    return (
      <Alert color="teal" variant="light" title="The new link-token is deleted">
        <Text size="sm">
          {atlasName} has no link-token from this attempt any more: nothing was left behind. Try
          again once the cause above is fixed.
        </Text>
      </Alert>
    );
  }
  return (
    <Alert
      color="yellow"
      variant="light"
      title={
        f.tokenCreated === 'yes'
          ? `A new link-token now exists for ${atlasName}, unused`
          : `${UPSTREAM_LABELS.cloud} may have made a link-token for ${atlasName}`
      }
    >
      <Stack gap="xs">
        <Text size="sm">
          {f.tokenCreated === 'yes'
            ? `It was generated for ${sourceName}, which did not connect with it.`
            : 'The call got no answer, so it may or may not have been made.'}
          {f.token && ` Its fingerprint is ${f.token.fingerprint}.`} Delete it unless you will
          connect it another way; the dashboard never showed it, so it cannot be used by hand.
        </Text>
        <Group gap="sm">
          <Button
            ref={openerRef}
            color="red"
            variant="outline"
            disabled={!canMutate}
            onClick={() => {
              del.reset();
              open();
            }}
          >
            Delete the new link-token
          </Button>
          <Anchor
            component={Link}
            to={paths.linkTokensOf(f.atlasOrgId)}
            size="sm"
            c="inherit"
            underline="always"
          >
            See {atlasName}&apos;s link-tokens
          </Anchor>
        </Group>
        {!canMutate && reason && <Text size="sm">{reason}</Text>}
      </Stack>
      <Modal
        opened={opened}
        onClose={close}
        title="Delete the new link-token?"
        centered
        size="lg"
        returnFocus={false}
        onExitTransitionEnd={() => focusFirstAvailable([openerRef.current])}
      >
        <Stack>
          <Text size="sm">
            Atlas deletes all of <strong>{atlasName}</strong>&apos;s link-tokens at once, not only
            the new one.
          </Text>
          <OthersNote others={others} linkedByOthers={linkedByOthers} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              ref={confirmRef}
              color="red"
              loading={del.isPending}
              onClick={() =>
                del.mutate(undefined, {
                  onSuccess: close,
                  onError: (e) => {
                    if (isUpstreamNone(e)) close();
                    else refocusIfLost(confirmRef.current);
                  },
                })
              }
            >
              Delete link-tokens
            </Button>
          </Group>
          {del.isError && !isUpstreamNone(del.error) && (
            <ErrorState error={del.error} title="The link-token was not deleted" />
          )}
          <ShowApiCall op="deleteLinkToken" input={{ params: { orgId: f.atlasOrgId } }} />
        </Stack>
      </Modal>
    </Alert>
  );
}

function OthersNote({
  others,
  linkedByOthers,
}: {
  others: LedgerEntry[];
  linkedByOthers: LedgerEntry['connections'];
}) {
  if (others.length === 0) {
    return (
      <Text size="sm">
        The dashboard generated no other link-token for it that still exists (tokens made outside
        the dashboard are not known here and would go too).
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      <Text size="sm">
        {others.length === 1
          ? 'One earlier link-token generated here goes too.'
          : `${others.length} earlier link-tokens generated here go too.`}{' '}
        {linkedByOthers.length > 0
          ? 'These organizations were connected with them and will read Not synced from then on:'
          : 'No organization was connected with them through the dashboard.'}
      </Text>
      {linkedByOthers.length > 0 && (
        <List size="sm">
          {linkedByOthers.map((c) => (
            <List.Item key={`${c.source}:${c.orgId}`}>
              {c.orgName ?? c.orgId} ({UPSTREAM_LABELS[c.source]})
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
