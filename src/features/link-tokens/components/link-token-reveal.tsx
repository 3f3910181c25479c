import {
  Alert,
  Anchor,
  Button,
  CopyButton,
  Group,
  Stack,
  Textarea,
  VisuallyHidden,
} from '@mantine/core';
import type { Ref } from 'react';
import { Link } from 'react-router-dom';
import { paths } from '@/config/paths';

/** Shows a freshly generated link-token once, read-only, with Copy. Never stored anywhere. */
export function LinkTokenReveal({
  token,
  fieldRef,
}: {
  token: string;
  fieldRef?: Ref<HTMLTextAreaElement>;
}) {
  return (
    <Stack gap="sm">
      <Alert
        color="yellow"
        variant="light"
        title="Copy this link-token now: it will not be shown again"
      >
        It is not stored anywhere and is gone when you leave this page. Paste it into the Ops
        Manager organization&apos;s <strong>Connect to Atlas</strong> dialog.{' '}
        <Anchor component={Link} to={paths.orgs} inherit c="inherit" underline="always">
          Go to Organizations
        </Anchor>
      </Alert>
      <Textarea
        ref={fieldRef}
        label="Link-token"
        value={token}
        readOnly
        rows={3}
        resize="vertical"
        spellCheck={false}
        autoComplete="off"
        onFocus={(e) => e.currentTarget.select()}
        styles={{
          input: { fontFamily: 'var(--mantine-font-family-monospace)', wordBreak: 'break-all' },
        }}
      />
      <CopyButton value={token} timeout={3000}>
        {({ copied, copy }) => (
          <Group gap="xs">
            <Button onClick={copy} variant={copied ? 'filled' : 'light'}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
            <VisuallyHidden aria-live="polite">
              {copied ? 'The link-token is on the clipboard.' : ''}
            </VisuallyHidden>
          </Group>
        )}
      </CopyButton>
    </Stack>
  );
}
