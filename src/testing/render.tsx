import '@/app/first-route-styles';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderOptions } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router-dom';
import { theme } from '@/app/theme';

export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
}

interface RenderPageOptions extends Omit<RenderOptions, 'wrapper'> {
  /** The URL to start at, e.g. /orgs/5f... */
  route?: string;
  /** Route pattern the element is mounted at, e.g. /orgs/:orgId */
  path?: string;
  extraRoutes?: RouteObject[];
  queryClient?: QueryClient;
}

/** Renders a page as the app would: Mantine, a fresh QueryClient, and a memory router. */
export function renderPage(ui: ReactElement, options: RenderPageOptions = {}) {
  const queryClient = options.queryClient ?? createTestQueryClient();
  const router = createMemoryRouter(
    [{ path: options.path ?? '/', element: ui }, ...(options.extraRoutes ?? [])],
    { initialEntries: [options.route ?? options.path ?? '/'] },
  );
  const user = userEvent.setup();
  const view = render(
    <MantineProvider theme={theme} env="test">
      <Notifications />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
    options,
  );
  return { ...view, user, router, queryClient };
}
