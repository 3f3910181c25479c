import { screen, waitFor } from '@testing-library/react';
import { renderPage } from '@/testing/render';
import { RequireSession } from './components/require-session';
import { UserMenu } from './components/user-menu';
import { safeNextPath } from './lib/next-path';
import { signInWorld } from '@/testing/sign-in-world';

describe('session in the app shell', () => {
  it('never redirects off the site after sign-in', () => {
    expect(safeNextPath('//evil.example/x')).toBe('/orgs');
    expect(safeNextPath('https://evil.example')).toBe('/orgs');
    expect(safeNextPath('/\\evil.example')).toBe('/orgs');
    expect(safeNextPath('/sign-in?next=/x')).toBe('/orgs');
    expect(safeNextPath(null)).toBe('/orgs');
    expect(safeNextPath('/federations/abc?x=1')).toBe('/federations/abc?x=1');
  });

  it('refuses a next address with control characters (browsers strip them: /\t/ → //)', () => {
    for (const bad of [
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r//evil.example',
      '/orgs\u0000',
      '/\u007f/x',
      '/\u0085x',
    ]) {
      expect(safeNextPath(bad)).toBe('/orgs');
    }
    // As the sign-in page reads it: URLSearchParams decodes %09 into a tab.
    const next = new URLSearchParams('next=%2F%09%2Fevil.example').get('next');
    expect(safeNextPath(next)).toBe('/orgs');
    expect(safeNextPath('/orgs/5e1d7a3b9c0f2a4b6d8e0f12')).toBe('/orgs/5e1d7a3b9c0f2a4b6d8e0f12');
  });

  it('sends a visitor who is not signed in to the sign-in page, remembering the address', async () => {
    signInWorld();
    const { router } = renderPage(
      <RequireSession>
        <p>Private page</p>
      </RequireSession>,
      {
        path: '/federations/:id',
        route: '/federations/abc?tab=1',
        extraRoutes: [{ path: '/sign-in', element: <p>Sign-in page</p> }],
      },
    );
    expect(await screen.findByText('Sign-in page')).toBeInTheDocument();
    expect(router.state.location.search).toBe(
      `?next=${encodeURIComponent('/federations/abc?tab=1')}`,
    );
  });

  it('shows who is signed in and signs out', async () => {
    signInWorld({ user: 'olga', role: 'operator', method: 'password' });
    const { user, router } = renderPage(<UserMenu />, {
      path: '/orgs',
      extraRoutes: [{ path: '/sign-in', element: <p>Sign-in page</p> }],
    });
    expect(await screen.findByText(/Signed in as/)).toHaveTextContent(
      'Signed in as olga (operator)',
    );
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
  });

  it('says when the demo signs everyone in, with nothing to sign out of', async () => {
    const { container } = renderPage(<UserMenu />);
    expect(await screen.findByText('Demo, no sign-in')).toBeInTheDocument();
    expect(container).toHaveTextContent('Signed in as demo (operator)');
    expect(screen.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument();
  });
});
