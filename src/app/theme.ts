import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'teal',
  // Shade 9 keeps filled buttons (white text) and links at WCAG AA contrast (axe in e2e).
  primaryShade: { light: 9, dark: 9 },
  defaultRadius: 'md',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif',
  components: {
    // Mantine's close buttons have no text; give them accessible names.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } },
      // Its default description grey is too faint to read (contrast.css has the others).
      styles: { description: { color: 'var(--mantine-color-dimmed)' } },
    },
  },
});
