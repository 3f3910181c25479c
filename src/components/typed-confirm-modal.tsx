import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { ErrorState } from './error-state';

interface TypedConfirmModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** What will happen, in plain words. */
  consequence: ReactNode;
  /** The exact text the user must type (usually an organization ID). */
  expected: string;
  inputLabel: string;
  confirmLabel: string;
  onConfirm: () => void;
  pending: boolean;
  error?: unknown;
}

/**
 * Confirmation for destructive actions: the confirm button stays disabled until the typed text
 * matches. The typed text survives a failed call so the user can retry.
 */
export function TypedConfirmModal(props: TypedConfirmModalProps) {
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === props.expected;
  const close = () => {
    setTyped('');
    props.onClose();
  };
  return (
    <Modal opened={props.opened} onClose={close} title={props.title} centered size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (matches && !props.pending) props.onConfirm();
        }}
      >
        <Stack>
          <Alert color="orange" variant="light">
            {props.consequence}
          </Alert>
          <TextInput
            label={props.inputLabel}
            description={
              <Text span size="xs">
                Type{' '}
                <Text span ff="monospace" fw={600}>
                  {props.expected}
                </Text>{' '}
                to confirm.
              </Text>
            }
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
            data-autofocus
          />
          {props.error !== undefined && props.error !== null && <ErrorState error={props.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={!matches} loading={props.pending}>
              {props.confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
