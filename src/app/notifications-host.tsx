// The notifications container and its styles load after the first paint (lazily, from the
// provider); notifications.show() queues in the store until it mounts.
import '@mantine/core/styles/Notification.layer.css';
import '@mantine/notifications/styles.layer.css';
import { Notifications } from '@mantine/notifications';
import classes from './notifications-host.module.css';

export function NotificationsHost() {
  return <Notifications position="top-right" classNames={{ root: classes.root }} />;
}
