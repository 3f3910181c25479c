import { Badge, Box, Button, Group, Text } from '@mantine/core';
import { notify } from '@/lib/notify';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { errorTitle, isApiError } from '@/api/api-error';
import { configQueries } from '@/api/queries/config';
import { paths } from '@/config/paths';
import { useSignOut } from '../api/use-sign-out';

/** "Signed in as … (role)" and Sign out, in the header. */
export function UserMenu() {
  const { data } = useQuery(configQueries.config());
  const navigate = useNavigate();
  const signOut = useSignOut({ onSuccess: () => void navigate(paths.signIn, { replace: true }) });
  const session = data?.session;
  if (!session) return null;
  const who = (
    <Text size="sm" visibleFrom="sm">
      Signed in as <strong>{session.user}</strong> ({session.role})
    </Text>
  );
  if (session.method === 'demo') {
    return (
      <Group gap="xs" wrap="nowrap">
        {who}
        <Badge
          variant="light"
          color="yellow"
          title="No sign-in is configured on this loopback dashboard"
          style={{ flex: 'none' }}
        >
          {/* Whole words on a phone too: the short form there. */}
          <Box component="span" visibleFrom="sm">
            Demo, no sign-in
          </Box>
          <Box component="span" hiddenFrom="sm">
            Demo
          </Box>
        </Badge>
      </Group>
    );
  }
  if (session.method === 'header') {
    return (
      <Group gap="xs" wrap="nowrap">
        {who}
        <Text size="xs" c="dimmed" visibleFrom="md">
          via your company sign-in
        </Text>
      </Group>
    );
  }
  return (
    <Group gap="xs" wrap="nowrap">
      {who}
      <Button
        variant="default"
        size="xs"
        loading={signOut.isPending}
        onClick={() =>
          signOut.mutate(undefined, {
            onError: (e) =>
              notify({
                color: 'red',
                title: isApiError(e) ? errorTitle(e) : 'Sign-out failed',
                message: isApiError(e) ? e.detail : String(e),
              }),
          })
        }
      >
        Sign out
      </Button>
    </Group>
  );
}
