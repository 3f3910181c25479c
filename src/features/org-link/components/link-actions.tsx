import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { LinkStatus } from '@/api/queries/link-status';
import { usePermissions } from '@/api/queries/config';
import { ConnectDialog } from './connect-dialog';
import { RemoveConnectionDialog } from './remove-connection-dialog';

interface LinkActionsProps {
  orgId: string;
  orgName: string;
  /** The last known status; undefined while unknown (both actions stay available then). */
  status: LinkStatus | undefined;
}

/** Connect to Atlas / Remove connection, each disabled with a reason when it does not apply. */
export function LinkActions({ orgId, orgName, status }: LinkActionsProps) {
  const { canMutate, reason } = usePermissions();
  const [dialog, setDialog] = useState<'connect' | 'remove' | null>(null);
  // A fresh dialog (and typed text) each time one opens.
  const [openCount, setOpenCount] = useState(0);
  const open = (d: 'connect' | 'remove') => {
    setOpenCount((n) => n + 1);
    setDialog(d);
  };

  const connectWhy = !canMutate
    ? reason
    : status === 'SYNCED' || status === 'NOT_SYNCED'
      ? 'Already connected to Atlas: remove the connection first to connect it elsewhere.'
      : null;
  const removeWhy = !canMutate
    ? reason
    : status === 'NOT_LINKED'
      ? 'There is no connection to remove.'
      : null;

  return (
    <Stack gap="xs" component="section" aria-label="Actions">
      <Group gap="sm">
        <Button
          onClick={() => open('connect')}
          disabled={connectWhy !== null}
          aria-describedby={connectWhy ? 'connect-why' : undefined}
        >
          Connect to Atlas
        </Button>
        <Button
          color="red"
          variant="light"
          onClick={() => open('remove')}
          disabled={removeWhy !== null}
          aria-describedby={removeWhy ? 'remove-why' : undefined}
        >
          Remove connection
        </Button>
      </Group>
      {connectWhy && connectWhy === removeWhy ? (
        <Text size="sm" id="connect-why">
          <span id="remove-why">{connectWhy}</span>
        </Text>
      ) : (
        <>
          {connectWhy && (
            <Text size="sm" id="connect-why">
              Connect to Atlas: {connectWhy}
            </Text>
          )}
          {removeWhy && (
            <Text size="sm" id="remove-why">
              Remove connection: {removeWhy}
            </Text>
          )}
        </>
      )}
      <ConnectDialog
        key={`connect-${openCount}`}
        orgId={orgId}
        orgName={orgName}
        opened={dialog === 'connect'}
        onClose={() => setDialog(null)}
      />
      <RemoveConnectionDialog
        key={`remove-${openCount}`}
        orgId={orgId}
        orgName={orgName}
        opened={dialog === 'remove'}
        onClose={() => setDialog(null)}
      />
    </Stack>
  );
}
