// Every page is its own lazily loaded chunk so the first route stays inside the bundle budget.
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router-dom';
import { paths } from '@/config/paths';
import { AppLayout } from './layout';
import { RouteError } from './route-error';

const routeObjects = [
  // Outside the layout: no navigation before sign-in.
  {
    path: 'sign-in',
    errorElement: <RouteError />,
    lazy: () => import('./routes/sign-in').then(toRoute),
  },
  {
    path: '/',
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to={paths.orgs} replace /> },
      { path: 'orgs', lazy: () => import('./routes/orgs').then(toRoute) },
      { path: 'orgs/:orgId', lazy: () => import('./routes/org').then(toRoute) },
      { path: 'link-tokens', lazy: () => import('./routes/link-tokens').then(toRoute) },
      { path: 'federations', lazy: () => import('./routes/federations').then(toRoute) },
      {
        path: 'federations/:federationId',
        lazy: () => import('./routes/federation').then(toRoute),
      },
      { path: 'settings', lazy: () => import('./routes/settings').then(toRoute) },
      { path: 'audit', lazy: () => import('./routes/audit').then(toRoute) },
      { path: '*', lazy: () => import('./routes/not-found').then(toRoute) },
    ],
  },
];

function toRoute(m: { Page: React.ComponentType }) {
  return { Component: m.Page };
}

const router = createBrowserRouter(routeObjects);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
