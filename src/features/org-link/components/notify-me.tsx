import { Button, Group, Stack, Text } from '@mantine/core';
import type { NotifyMe as NotifyMeState } from '../hooks/use-notify-me';

/** The Notify me switch, what it does while on, and why it cannot be on when the browser says no. */
export function NotifyMe({ state }: { state: NotifyMeState }) {
  return (
    <Stack gap={4}>
      <Group gap="sm">
        <Button
          variant={state.on ? 'filled' : 'default'}
          size="xs"
          aria-pressed={state.on}
          aria-describedby="notify-me-note"
          onClick={() => void state.toggle()}
        >
          Notify me
        </Button>
      </Group>
      <Text size="xs" id="notify-me-note" role={state.problem ? 'alert' : undefined}>
        {state.problem ??
          (state.on
            ? 'On: this tab shows a notification when the status changes, and keeps checking while it is in the background.'
            : 'Off: turn on for a browser notification when the status changes while this tab is open.')}
      </Text>
    </Stack>
  );
}
