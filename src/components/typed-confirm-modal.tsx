import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { IdWithCopy } from './copy-id';
import { confirms } from '@/lib/confirm-text';
import { refocusIfLost } from '@/lib/focus';
import { ErrorState } from './error-state';

interface TypedConfirmModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** What will happen, in plain words. */
  consequence: ReactNode;
  /** The ID of what is changed: typing it confirms. */
  id: string;
  /** Its name, when known: typing it confirms too (as Atlas asks for a cluster's name). */
  name?: string | null | undefined;
  /** What the ID and name belong to, e.g. "organization". */
  noun: string;
  confirmLabel: string;
  onConfirm: () => void;
  pending: boolean;
  error?: unknown;
  /** After the dialog has gone (its exit transition ended): put the focus back. */
  onClosed?: () => void;
  /** Under the buttons, e.g. Show API call. */
  footer?: ReactNode;
  /**
   * A refusal this action can explain better than the general words for its status (e.g. the
   * upstream's 400 for a rule of this action): a title saying what it means, and what to do.
   */
  explainError?: (error: unknown) => ErrorExplanation | null;
}

export interface ErrorExplanation {
  title: string;
  /** Replaces the general advice; omitted, the general advice stays. */
  advice?: string;
}

/**
 * Confirmation for destructive actions: the confirm button stays disabled until the name or the ID
 * is typed. The typed text survives a failed call so the user can retry.
 */
export function TypedConfirmModal(props: TypedConfirmModalProps) {
  const [typed, setTyped] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const name = props.name && props.name.trim() !== props.id ? props.name.trim() : null;
  const matches = confirms(typed, props.id, name);
  const close = () => {
    setTyped('');
    props.onClose();
  };
  return (
    <Modal
      opened={props.opened}
      onClose={close}
      title={props.title}
      centered
      size="lg"
      returnFocus={false}
      onExitTransitionEnd={props.onClosed}
    >
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
          <Group gap="xs" wrap="wrap">
            <Text size="sm">{capitalize(props.noun)} ID:</Text>
            <IdWithCopy id={props.id} of={name ?? `this ${props.noun}`} />
          </Group>
          <TextInput
            label={name ? `${capitalize(props.noun)} name or ID` : `${capitalize(props.noun)} ID`}
            description={
              name ? (
                <>
                  Type its name{' '}
                  <Text span size="xs" fw={600}>
                    {name}
                  </Text>{' '}
                  or its ID to confirm.
                </>
              ) : (
                'Type its ID to confirm.'
              )
            }
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
            data-autofocus
            ref={inputRef}
          />
          {props.error !== undefined && props.error !== null && (
            <ErrorAfterConfirm
              error={props.error}
              input={inputRef}
              explained={props.explainError?.(props.error) ?? null}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={!matches} loading={props.pending}>
              {props.confirmLabel}
            </Button>
          </Group>
          {props.footer}
        </Stack>
      </form>
    </Modal>
  );
}

/** The failure, and the focus back on the typed text (the busy button had dropped it). */
function ErrorAfterConfirm(props: {
  error: unknown;
  input: RefObject<HTMLInputElement | null>;
  explained: ErrorExplanation | null;
}) {
  const { error, input, explained } = props;
  useEffect(() => refocusIfLost(input.current), [error, input]);
  return <ErrorState error={error} title={explained?.title} advice={explained?.advice} />;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
