// Every page is its own lazily loaded chunk, and the declarative <BrowserRouter> (not the data
// router, which costs ~16 KB gzip more) keeps the first route inside the bundle budget.
import { lazy, Suspense, type ComponentType } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useParams } from 'react-router-dom';
import { PageLoader } from '@/components/page-loader';
import { paths } from '@/config/paths';
import { opensBoard } from './first-load';
import { AppLayout } from './layout';
import { RouteErrorBoundary } from './route-error';

interface LazyPage {
  (): React.JSX.Element;
  /** Loads the page's chunk; once loaded, the page renders without suspending. */
  preload: () => Promise<void>;
}

/**
 * A lazily loaded page that renders at once when its chunk was loaded beforehand (`preload`).
 * Hand-written because React.lazy always suspends on its first render, and React 19 then holds
 * the reveal for its 300 ms Suspense throttle: measured, the board's rows appeared ~300 ms after
 * their data and code were all there.
 */
function page(load: () => Promise<{ Page: ComponentType }>): LazyPage {
  let loaded: ComponentType | undefined;
  const remember = () =>
    load().then((m) => {
      loaded = m.Page;
      return { default: m.Page };
    });
  const Lazy = lazy(remember);
  const Page = () => {
    const Loaded = loaded;
    return Loaded ? <Loaded /> : <Lazy />;
  };
  return Object.assign(Page, { preload: () => remember().then(() => undefined) });
}

const SignIn = page(() => import('./routes/sign-in'));
const Orgs = page(() => import('./routes/orgs'));
const Org = page(() => import('./routes/org'));
const LinkOrg = page(() => import('./routes/link'));
const LinkTokens = page(() => import('./routes/link-tokens'));
const Federations = page(() => import('./routes/federations'));
const Federation = page(() => import('./routes/federation'));
const Migrations = page(() => import('./routes/migrations'));
const Migration = page(() => import('./routes/migration'));
const MigrationNew = page(() => import('./routes/migration-new'));
const Settings = page(() => import('./routes/settings'));
const Audit = page(() => import('./routes/audit'));
const NotFound = page(() => import('./routes/not-found'));

/** The first page's chunk, when the address opens the Organizations board (it is preloaded by
 *  the build's modulepreload, so this waits only for it to run). Other pages load as they open. */
// eslint-disable-next-line react-refresh/only-export-components -- main.tsx calls it before rendering
export function preloadFirstPage(pathname: string): Promise<void> {
  return opensBoard(pathname) ? Orgs.preload() : Promise.resolve();
}

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
          <Route path="orgs/:source/:orgId" element={<Org />} />
          <Route path="orgs/:orgId" element={<OldOrgAddress />} />
          <Route path="link" element={<LinkOrg />} />
          <Route path="link-tokens" element={<LinkTokens />} />
          <Route path="federations" element={<Federations />} />
          <Route path="federations/:federationId" element={<Federation />} />
          <Route path="migrations" element={<Migrations />} />
          <Route path="migrations/new" element={<MigrationNew />} />
          <Route path="migrations/:migrationId" element={<Migration />} />
          <Route path="settings" element={<Settings />} />
          <Route path="audit" element={<Audit />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}

/** `/orgs/:orgId`, the address before Cloud Manager joined: an Ops Manager org. */
function OldOrgAddress() {
  const { orgId = '' } = useParams();
  const { search, hash } = useLocation();
  return <Navigate to={`${paths.org('opsmanager', orgId)}${search}${hash}`} replace />;
}
