import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { isApiError, isUpstreamNone } from '@/api/api-error';
import { useRef } from 'react';
import { ErrorState } from '@/components/error-state';
import { ShowApiCall } from '@/components/show-api-call';
import { refocusIfLost } from '@/lib/focus';
import type { LedgerEntry } from '#contract/link-contract';
import { useDeleteLinkToken } from '../api/use-delete-link-token';
import { connectedOrgsLine } from '../lib/connected-orgs-line';

interface DeleteLinkTokenProps {
  orgId: string;
  orgLabel: string;
  onDeleted: () => void;
  canMutate: boolean;
  /** The link-tokens generated here for this org (null while unknown). */
  ledger: LedgerEntry[] | null;
}

export function DeleteLinkToken({
  orgId,
  orgLabel,
  onDeleted,
  canMutate,
  ledger,
}: DeleteLinkTokenProps) {
  const [opened, { open, close }] = useDisclosure(false);
  const del = useDeleteLinkToken(orgId);
  const confirmRef = useRef<HTMLButtonElement>(null);
  // The upstream's 404: there was no link-token to delete.
  const noToken = isUpstreamNone(del.error);
  return (
    <Stack gap="sm">
      <Text size="sm">
        Deletes all of this organization&apos;s link-tokens (Atlas deletes them together), with the
        organization link and public API key that Atlas created for each. No organization can
        connect with them any more.
      </Text>
      <Text size="sm">{connectedOrgsLine(ledger)}</Text>
      <div>
        <Button
          color="red"
          variant="outline"
          disabled={!canMutate}
          onClick={() => {
            del.reset();
            open();
          }}
        >
          Delete link-token
        </Button>
      </div>
      {del.isSuccess && (
        <Alert color="teal" variant="light">
          Deleted: this organization has no link-token now.
        </Alert>
      )}
      {noToken && (
        <Alert
          color="yellow"
          variant="light"
          title="This organization had no link-token to delete."
        >
          {isApiError(del.error) && `MongoDB Cloud answered 404: ${del.error.detail}`}
        </Alert>
      )}
      <Modal opened={opened} onClose={close} title="Delete the link-token?" centered size="lg">
        <Stack>
          <Text size="sm">
            This deletes every link-token of <strong>{orgLabel}</strong>, together with the
            organization link and public API key that Atlas created for each. Organizations that
            have not connected with one yet can no longer use it; to connect one later, generate a
            new link-token. This cannot be undone.
          </Text>
          <Text size="sm" fw={500}>
            {connectedOrgsLine(ledger)}
          </Text>
          {del.isError && !noToken && (
            <ErrorState error={del.error} title="The link-token was not deleted" />
          )}
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
                  onSuccess: () => {
                    close();
                    onDeleted();
                  },
                  onError: (e) => {
                    if (isUpstreamNone(e)) close();
                    else refocusIfLost(confirmRef.current);
                  },
                })
              }
            >
              Delete link-token
            </Button>
          </Group>
          <ShowApiCall op="deleteLinkToken" input={{ params: { orgId } }} />
        </Stack>
      </Modal>
    </Stack>
  );
}
