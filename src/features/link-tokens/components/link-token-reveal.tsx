import { Alert, Anchor, Button, Group, Stack, Text, Textarea, VisuallyHidden } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { useEffect, type Ref } from 'react';
import { Link } from 'react-router-dom';
import { paths } from '@/config/paths';

interface LinkTokenRevealProps {
  token: string;
  fieldRef?: Ref<HTMLTextAreaElement>;
  /** The token reached the clipboard (Copy, or the user's own copy from the field). */
  onCopied: () => void;
}

/** Shows a freshly generated link-token once, read-only, with Copy. Never stored anywhere. */
export function LinkTokenReveal({ token, fieldRef, onCopied }: LinkTokenRevealProps) {
  const clipboard = useClipboard({ timeout: 3000 });
  // `copied` turns true only once the clipboard write has worked.
  useEffect(() => {
    if (clipboard.copied) onCopied();
  }, [clipboard.copied, onCopied]);
  return (
    <Stack gap="sm">
      <Alert
        color="yellow"
        variant="light"
        title="Copy this link-token now: it will not be shown again"
      >
        It is not stored anywhere and is gone when you leave this page. Paste it into the source
        organization&apos;s <strong>Connect to Atlas</strong> dialog (Ops Manager or Cloud Manager
        organization page).{' '}
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
        // Copied with the keyboard or the context menu counts too.
        onCopy={onCopied}
        styles={{
          input: { fontFamily: 'var(--mantine-font-family-monospace)', wordBreak: 'break-all' },
        }}
      />
      <Group gap="xs">
        <Button
          onClick={() => clipboard.copy(token)}
          variant={clipboard.copied ? 'filled' : 'light'}
        >
          {clipboard.copied ? 'Copied' : 'Copy'}
        </Button>
        {clipboard.error && (
          <Text size="sm">Could not copy: select the link-token above and copy it yourself.</Text>
        )}
        <VisuallyHidden aria-live="polite">
          {clipboard.copied ? 'The link-token is on the clipboard.' : ''}
        </VisuallyHidden>
      </Group>
    </Stack>
  );
}
