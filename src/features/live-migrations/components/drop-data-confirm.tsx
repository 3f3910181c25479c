import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';

interface DropDataConfirmProps {
  cluster: string;
  opened: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  onClosed: () => void;
}

/** Drop destination data deletes what the target cluster holds: typing its name confirms. */
export function DropDataConfirm({
  cluster,
  opened,
  onConfirm,
  onCancel,
  onClosed,
}: DropDataConfirmProps) {
  const [typed, setTyped] = useState('');
  const matches = cluster !== '' && typed.trim() === cluster;
  return (
    <Modal
      opened={opened}
      onClose={onCancel}
      title="Drop destination data"
      centered
      returnFocus={false}
      onExitTransitionEnd={onClosed}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (matches) onConfirm();
        }}
      >
        <Stack>
          <Alert color="orange" variant="light">
            <Text size="sm">
              Every collection already in <strong>{cluster || 'the target cluster'}</strong> is
              deleted before the migration copies the source. This cannot be undone.
            </Text>
          </Alert>
          <TextInput
            label="Target cluster name"
            description={`Type ${cluster || 'the target cluster name'} to confirm.`}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={!matches}>
              Drop destination data
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
