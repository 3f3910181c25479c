// Every page is its own lazily loaded chunk, and the declarative <BrowserRouter> (not the data
// router, which costs ~16 KB gzip more) keeps the first route inside the bundle budget.
import { lazy, Suspense, type ComponentType } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { PageLoader } from '@/components/page-loader';
import { paths } from '@/config/paths';
import { AppLayout } from './layout';
import { RouteErrorBoundary } from './route-error';

function page(load: () => Promise<{ Page: ComponentType }>) {
  return lazy(() => load().then((m) => ({ default: m.Page })));
}

const SignIn = page(() => import('./routes/sign-in'));
const Orgs = page(() => import('./routes/orgs'));
const Org = page(() => import('./routes/org'));
const LinkOrg = page(() => import('./routes/link'));
const LinkTokens = page(() => import('./routes/link-tokens'));
const Federations = page(() => import('./routes/federations'));
const Federation = page(() => import('./routes/federation'));
const Settings = page(() => import('./routes/settings'));
const Audit = page(() => import('./routes/audit'));
const NotFound = page(() => import('./routes/not-found'));

export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        {/* Outside the layout: no navigation before sign-in. */}
        <Route
          path="sign-in"
          element={
            <RouteErrorBoundary>
              <Suspense fallback={<PageLoader />}>
                <SignIn />
              </Suspense>
            </RouteErrorBoundary>
          }
        />
        <Route path="/" element={<AppLayout />}>
          <Route index element={<Navigate to={paths.orgs} replace />} />
          <Route path="orgs" element={<Orgs />} />
          <Route path="orgs/:orgId" element={<Org />} />
          <Route path="link" element={<LinkOrg />} />
          <Route path="link-tokens" element={<LinkTokens />} />
          <Route path="federations" element={<Federations />} />
          <Route path="federations/:federationId" element={<Federation />} />
          <Route path="settings" element={<Settings />} />
          <Route path="audit" element={<Audit />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
