import { Button, Group, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import type { LinkStatus } from '@/api/queries/link-status';
import { usePermissions } from '@/api/queries/config';
import { focusFirstAvailable } from '@/lib/focus';
import type { SourceUpstream } from '#contract/route-table';
import { ConnectDialog } from './connect-dialog';
import { RemoveConnectionDialog } from './remove-connection-dialog';

interface LinkActionsProps {
  source: SourceUpstream;
  orgId: string;
  orgName: string;
  /** The last known status; undefined while unknown (both actions stay available then). */
  status: LinkStatus | undefined;
}

type DialogName = 'connect' | 'remove';

/** Connect to Atlas / Remove connection, each disabled with a reason when it does not apply. */
export function LinkActions({ source, orgId, orgName, status }: LinkActionsProps) {
  const { canMutate, reason } = usePermissions();
  const [dialog, setDialog] = useState<DialogName | null>(null);
  // A fresh dialog (and typed text) each time one opens.
  const [openCount, setOpenCount] = useState(0);
  const connectRef = useRef<HTMLButtonElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const sectionRef = useRef<HTMLDivElement>(null);
  const open = (d: DialogName) => {
    setOpenCount((n) => n + 1);
    setDialog(d);
  };
  // Back to the button that opened the dialog; after a success it is disabled, and the action
  // that became available (Remove after Connect, Connect after Remove) takes the focus.
  const focusAfter = (d: DialogName) => {
    const [trigger, other] = d === 'connect' ? [connectRef, removeRef] : [removeRef, connectRef];
    focusFirstAvailable([trigger.current, other.current, sectionRef.current]);
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
    <Stack gap="xs" component="section" aria-label="Actions" ref={sectionRef} tabIndex={-1}>
      <Group gap="sm">
        <Button
          ref={connectRef}
          onClick={() => open('connect')}
          disabled={connectWhy !== null}
          aria-describedby={connectWhy ? 'connect-why' : undefined}
        >
          Connect to Atlas
        </Button>
        <Button
          ref={removeRef}
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
        source={source}
        orgId={orgId}
        orgName={orgName}
        opened={dialog === 'connect'}
        onClose={() => setDialog(null)}
        onClosed={() => focusAfter('connect')}
      />
      <RemoveConnectionDialog
        key={`remove-${openCount}`}
        source={source}
        orgId={orgId}
        orgName={orgName}
        opened={dialog === 'remove'}
        onClose={() => setDialog(null)}
        onClosed={() => focusAfter('remove')}
      />
    </Stack>
  );
}
