import { Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ShowApiCall } from '@/components/show-api-call';
import { TypedConfirmModal } from '@/components/typed-confirm-modal';
import { SOURCE_OPS, type SourceUpstream } from '#contract/route-table';
import { useRemoveConnection } from '../api/use-remove-connection';

interface RemoveConnectionDialogProps {
  source: SourceUpstream;
  orgId: string;
  orgName: string;
  opened: boolean;
  onClose: () => void;
  /** After the dialog has gone: put the focus back. */
  onClosed: () => void;
}

/** Asks for the org's name or ID typed before the connection to Atlas is removed. */
export function RemoveConnectionDialog({
  source,
  orgId,
  orgName,
  opened,
  onClose,
  onClosed,
}: RemoveConnectionDialogProps) {
  const remove = useRemoveConnection(source, orgId);
  return (
    <TypedConfirmModal
      opened={opened}
      onClose={onClose}
      onClosed={onClosed}
      title="Remove connection"
      consequence={
        <>
          <Text size="sm">
            <strong>{orgName}</strong> will stop synchronizing with its Atlas organization, and any
            live migration that uses this link stops.
          </Text>
          <Text size="sm" mt="xs">
            To connect again later you need a new link-token from Atlas.
          </Text>
        </>
      }
      id={orgId}
      name={orgName}
      noun="organization"
      confirmLabel="Remove connection"
      pending={remove.isPending}
      error={remove.error}
      footer={<ShowApiCall op={SOURCE_OPS[source].remove} input={{ params: { orgId } }} />}
      onConfirm={() =>
        remove.mutate(undefined, {
          onSuccess: () => {
            notifications.show({
              color: 'teal',
              title: 'Connection removed',
              message: `${orgName} is no longer linked to Atlas.`,
            });
            onClose();
          },
        })
      }
    />
  );
}
