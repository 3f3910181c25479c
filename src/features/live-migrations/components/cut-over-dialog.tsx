import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import type { RegisteredMigration } from '#contract/live-migrations-contract';
import { ErrorState } from '@/components/error-state';
import { ShowApiCall } from '@/components/show-api-call';
import { refocusIfLost } from '@/lib/focus';
import { notify } from '@/lib/notify';
import { useCutOver } from '../api/use-cut-over';

interface CutOverDialogProps {
  migration: RegisteredMigration;
  opened: boolean;
  onClose: () => void;
  /** After the dialog has gone: put the focus back. */
  onClosed: () => void;
}

/**
 * Cut over: stops synchronizing with the source and makes the target cluster the live one. Typing
 * the target cluster's name confirms (as the Atlas UI asks); the typed text survives a failure.
 */
export function CutOverDialog({ migration: m, opened, onClose, onClosed }: CutOverDialogProps) {
  const [typed, setTyped] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const cut = useCutOver(m.id);
  const matches = typed.trim() === m.target.cluster;
  const close = () => {
    setTyped('');
    cut.reset();
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title="Cut over"
      centered
      size="lg"
      returnFocus={false}
      onExitTransitionEnd={onClosed}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!matches || cut.isPending) return;
          cut.mutate(undefined, {
            onSuccess: () => {
              notify({
                color: 'teal',
                title: 'Cutover started',
                message: `${m.source.deployment} → ${m.target.cluster}: Atlas is finishing the migration.`,
              });
              close();
            },
            onSettled: () => refocusIfLost(inputRef.current),
          });
        }}
      >
        <Stack>
          <Alert color="orange" variant="light">
            <Text size="sm">
              Atlas stops synchronizing <strong>{m.source.deployment}</strong> and finishes the
              migration into <strong>{m.target.cluster}</strong>. Point your applications at the
              target cluster before you cut over: writes to the source after this are not migrated.
              This cannot be undone.
            </Text>
          </Alert>
          <TextInput
            ref={inputRef}
            label="Target cluster name"
            description={
              <>
                Type{' '}
                <Text span size="xs" fw={600}>
                  {m.target.cluster}
                </Text>{' '}
                to confirm.
              </>
            }
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
            data-autofocus
          />
          {cut.isError && <ErrorState error={cut.error} title="The cutover was not started" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={!matches} loading={cut.isPending}>
              Cut over
            </Button>
          </Group>
          <ShowApiCall
            op="cutOverMigration"
            input={{ params: { groupId: m.target.projectId, liveMigrationId: m.id } }}
          />
        </Stack>
      </form>
    </Modal>
  );
}
