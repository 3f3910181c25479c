// The notifications container and its styles load after the first paint (lazily, from the
// provider); notifications.show() queues in the store until it mounts.
import '@mantine/core/styles/Notification.layer.css';
import '@mantine/notifications/styles.layer.css';
import { Notifications } from '@mantine/notifications';

export function NotificationsHost() {
  // Below the fixed header (56 px), so a toast never covers the navigation or the user menu.
  return (
    <Notifications
      position="top-right"
      styles={{ root: { top: 'calc(56px + var(--mantine-spacing-xs))' } }}
    />
  );
}
