import { Anchor, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { LINK_BADGE_LABELS } from '@/api/queries/link-status';
import { SOURCE_OPS, UPSTREAM_LABELS, type SourceUpstream } from '#contract/route-table';
import { ErrorState } from '@/components/error-state';
import { ShowApiCall } from '@/components/show-api-call';
import { paths } from '@/config/paths';
import { refocusIfLost } from '@/lib/focus';
import { useConnectOrg } from '../api/use-connect-org';
import { linkTokenProblem } from '../lib/link-token-problem';

interface ConnectDialogProps {
  source: SourceUpstream;
  orgId: string;
  orgName: string;
  opened: boolean;
  onClose: () => void;
  /** After the dialog has gone: put the focus back. */
  onClosed: () => void;
}

/**
 * Paste a link-token and connect. The token stays in this component's state only: it is not
 * logged, stored or put in a URL, and it is dropped when the dialog closes. A failed call keeps it
 * so the user can correct it or try again.
 */
export function ConnectDialog({
  source,
  orgId,
  orgName,
  opened,
  onClose,
  onClosed,
}: ConnectDialogProps) {
  const connect = useConnectOrg(source, orgId);
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const fieldRef = useRef<HTMLTextAreaElement>(null);

  const close = () => {
    setToken('');
    setProblem(null);
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (connect.isPending) return;
    const trimmed = token.trim();
    const why = linkTokenProblem(trimmed);
    setProblem(why);
    if (why) return;
    connect.mutate(trimmed, {
      onSuccess: ({ status }) => {
        notifications.show({
          color: 'teal',
          title: 'Connected to Atlas',
          message: `${orgName} is linked to Atlas. Status: ${LINK_BADGE_LABELS[status]}.`,
        });
        close();
      },
      // The Connect button was disabled while busy: back to the token, to correct it or retry.
      onError: () => refocusIfLost(fieldRef.current),
    });
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title="Connect to Atlas"
      centered
      size="lg"
      returnFocus={false}
      onExitTransitionEnd={onClosed}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            Links <strong>{orgName}</strong> to an Atlas organization for live migration. Generate a
            link-token for the target organization on the{' '}
            <Anchor component={Link} to={paths.linkTokens} inherit underline="always">
              Link-tokens
            </Anchor>{' '}
            page, then paste it here. Or let{' '}
            <Anchor
              component={Link}
              to={paths.linkWith({ source, org: orgId })}
              inherit
              underline="always"
            >
              Link an organization
            </Anchor>{' '}
            do both steps, with no link-token to copy.
          </Text>
          <Textarea
            label="Link-token"
            description={`Sent once to ${UPSTREAM_LABELS[source]}; this dashboard does not keep it.`}
            value={token}
            onChange={(e) => {
              setToken(e.currentTarget.value);
              if (problem) setProblem(null);
            }}
            error={problem}
            rows={5}
            autoComplete="off"
            autoCorrect="off"
            spellCheck={false}
            data-autofocus
            ref={fieldRef}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          {connect.isError && (
            <ErrorState
              error={connect.error}
              title="Could not connect this organization to Atlas"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={connect.isPending}>
              Connect
            </Button>
          </Group>
          <ShowApiCall op={SOURCE_OPS[source].connect} input={{ params: { orgId } }} />
        </Stack>
      </form>
    </Modal>
  );
}
