// Starts the browser fakes (msw service worker) when mocking is on. The build-time constant lets the
// bundler drop this import, and msw with it, from a production build.
export async function enableMocking(): Promise<void> {
  if (!__MOCKS_ENABLED__) return;
  const { startBrowserMocks } = await import('../../mocks/browser');
  await startBrowserMocks();
}
