import { Burger, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router-dom';
import { ColorSchemeToggle } from '@/components/color-scheme-toggle';
import { PageLoader } from '@/components/page-loader';
import { paths } from '@/config/paths';
import { useBoardHref } from '@/lib/board-search';
import { RequireSession } from '@/features/auth/components/require-session';
import { UserMenu } from '@/features/auth/components/user-menu';
import classes from './layout.module.css';
import { RouteErrorBoundary } from './route-error';

const NAV = [
  { to: paths.orgs, label: 'Organizations', hint: 'Source orgs and their link to Atlas' },
  { to: paths.link, label: 'Link an organization', hint: 'Source to Atlas in one step' },
  { to: paths.linkTokens, label: 'Link-tokens', hint: 'Atlas side: generate or delete' },
  { to: paths.federations, label: 'Federations', hint: 'Connected organizations' },
  { to: paths.migrations, label: 'Migrations', hint: 'Live migrations, lag, cutover' },
  { to: paths.settings, label: 'Settings', hint: 'Upstreams, user, polling' },
  { to: paths.audit, label: 'Audit', hint: 'Who changed what (operators)' },
];

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  // Organizations opens the board as the user left it (search and filter).
  const boardHref = useBoardHref();
  // A fixed header and sidebar in plain CSS rather than Mantine's AppShell, whose header pulls
  // react-remove-scroll into the first route's bundle.
  return (
    <div className={classes.shell} data-nav-open={opened || undefined}>
      {/* The first Tab stop of every page. */}
      <a className={classes.skipLink} href="#main-content">
        Skip to content
      </a>
      <header className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
              aria-expanded={opened}
              aria-controls="main-navigation"
            />
            <Title order={2} size="h4" style={{ whiteSpace: 'nowrap' }}>
              Orglink Console
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <UserMenu />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </header>
      <nav className={classes.navbar} id="main-navigation" aria-label="Main">
        {NAV.map((item) => (
          <NavLink
            key={item.to}
            component={RouterNavLink}
            to={item.to === paths.orgs ? boardHref : item.to}
            label={item.label}
            description={
              <Text size="xs" c="dimmed" component="span">
                {item.hint}
              </Text>
            }
            // `/link` is not `/link-tokens`: a path or one of its sub-pages.
            active={location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
            onClick={close}
          />
        ))}
      </nav>
      <main className={classes.main}>
        <div id="main-content" tabIndex={-1} className={classes.mainContent}>
          <RequireSession>
            <RouteErrorBoundary>
              <Suspense fallback={<PageLoader />}>
                <Outlet />
              </Suspense>
            </RouteErrorBoundary>
          </RequireSession>
        </div>
      </main>
    </div>
  );
}
