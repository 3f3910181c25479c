import { Button, Group, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { OBJECT_ID_HINT, OBJECT_ID_PATTERN } from '#contract/schemas';

interface IdInputFormProps {
  label: string;
  description?: ReactNode;
  submitLabel: string;
  /** Called only with a valid 24-hex ID: a bad one is refused here and nothing is sent. */
  onSubmit: (id: string) => void;
  /** Called as the text changes (e.g. to clear an answer about the previous ID). */
  onEdit?: () => void;
  pending?: boolean;
  initialValue?: string;
}

/** A text field for a pasted 24-hex ID with its submit button beside it. */
export function IdInputForm(props: IdInputFormProps) {
  const [text, setText] = useState(props.initialValue ?? '');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const id = text.trim();
        if (!OBJECT_ID_PATTERN.test(id)) {
          setError(id === '' ? `Enter an ID. ${OBJECT_ID_HINT}` : OBJECT_ID_HINT);
          return;
        }
        setError(null);
        props.onSubmit(id);
      }}
    >
      <TextInput
        label={props.label}
        description={props.description}
        placeholder="24 hex characters"
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setError(null);
          props.onEdit?.();
        }}
        error={error}
        autoComplete="off"
        spellCheck={false}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        inputContainer={(input) => (
          <Group gap="xs" wrap="wrap" align="flex-end">
            <div style={{ flex: '1 1 16rem', minWidth: 0 }}>{input}</div>
            <Button type="submit" variant="default" loading={props.pending}>
              {props.submitLabel}
            </Button>
          </Group>
        )}
      />
    </form>
  );
}
