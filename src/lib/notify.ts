// Shows a notification without putting @mantine/notifications in the first route's bundle: the
// store loads on first use (the container itself is lazy too, see app/notifications-host.tsx).
import type { NotificationData } from '@mantine/notifications';

export function notify(data: NotificationData): void {
  void import('@mantine/notifications').then(({ notifications }) => notifications.show(data));
}
