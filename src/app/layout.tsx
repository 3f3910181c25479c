import { AppShell, Burger, Group, NavLink, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router-dom';
import { ColorSchemeToggle } from '@/components/color-scheme-toggle';
import { PageLoader } from '@/components/page-loader';
import { paths } from '@/config/paths';
import { RequireSession } from '@/features/auth/components/require-session';
import { UserMenu } from '@/features/auth/components/user-menu';

const NAV = [
  { to: paths.orgs, label: 'Organizations', hint: 'Ops Manager orgs and their link to Atlas' },
  { to: paths.linkTokens, label: 'Link-tokens', hint: 'Atlas side: generate or delete' },
  { to: paths.federations, label: 'Federations', hint: 'Connected organizations' },
  { to: paths.settings, label: 'Settings', hint: 'Upstreams, user, polling' },
  { to: paths.audit, label: 'Audit', hint: 'Who changed what (operators)' },
];

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Title order={2} size="h4">
              Orglink Console
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <UserMenu />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {NAV.map((item) => (
          <NavLink
            key={item.to}
            component={RouterNavLink}
            to={item.to}
            label={item.label}
            description={
              <Text size="xs" c="dimmed" component="span">
                {item.hint}
              </Text>
            }
            active={location.pathname.startsWith(item.to)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <VisuallyHidden>
          <a href="#main-content">Skip to content</a>
        </VisuallyHidden>
        <div id="main-content">
          <RequireSession>
            <Suspense fallback={<PageLoader />}>
              <Outlet />
            </Suspense>
          </RequireSession>
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
