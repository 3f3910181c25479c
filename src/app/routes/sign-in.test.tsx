import { screen } from '@testing-library/react';
import { signInWorld } from '@/testing/sign-in-world';
import { renderPage } from '@/testing/render';
import { Page as SignInPage } from './sign-in';

describe('sign-in page', () => {
  it('says so on a wrong password, then signs in and goes back where the user was', async () => {
    signInWorld();
    const { user, router } = renderPage(<SignInPage />, {
      path: '/sign-in',
      route: '/sign-in?next=%2Forgs%2Fabc%3Fx%3D1',
      extraRoutes: [{ path: '/orgs/:orgId', element: <p>Org page</p> }],
    });
    await user.type(await screen.findByLabelText(/Username/), 'vera');
    await user.type(screen.getByLabelText(/Password/), 'wrong password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong user name or password.');
    // The password is kept for correction, never put in the URL.
    expect(router.state.location.search).not.toContain('password');
    await user.clear(screen.getByLabelText(/Password/));
    await user.type(screen.getByLabelText(/Password/), 'right password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Org page')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/orgs/abc');
    expect(router.state.location.search).toBe('?x=1');
  });

  it('tells the user how long to wait when throttled', async () => {
    signInWorld();
    const { user } = renderPage(<SignInPage />, { path: '/sign-in' });
    await user.type(await screen.findByLabelText(/Username/), 'vera');
    await user.type(screen.getByLabelText(/Password/), 'too many');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wait 8 seconds, then try again.');
  });
});
