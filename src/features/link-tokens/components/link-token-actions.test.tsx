import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { FIXTURE_IDS } from '../../../../mocks/db/fixtures';
import { mockServer } from '../../../../mocks/node';
import { PROXY_ENDPOINTS } from '#contract/proxy-contract';
import { renderPage } from '@/testing/render';
import { signInWorld } from '@/testing/sign-in-world';
import { LinkTokenActions } from './link-token-actions';

// Rendered with no permission prop at all: the component asks for the user's role itself, and
// anything but a known operator leaves Generate and Delete disabled.
function renderActions() {
  return renderPage(<LinkTokenActions orgId={FIXTURE_IDS.cloudOrgWithToken} />);
}

const buttons = () => [
  screen.getByRole('button', { name: 'Generate' }),
  screen.getByRole('button', { name: 'Delete link-token' }),
];

describe('LinkTokenActions', () => {
  it('keeps Generate and Delete disabled for a viewer, and says why', async () => {
    signInWorld({ user: 'vera', role: 'viewer', method: 'password' });
    renderActions();
    expect(
      await screen.findByText('Your role is viewer: the operator role is needed for this action.'),
    ).toBeInTheDocument();
    for (const button of buttons()) expect(button).toBeDisabled();
  });

  it('keeps them disabled while the role is unknown', async () => {
    mockServer.use(
      http.get(PROXY_ENDPOINTS.config, () => HttpResponse.json({ error: 500 }, { status: 500 })),
    );
    renderActions();
    for (const button of buttons()) expect(button).toBeDisabled();
    // Still disabled once the config has failed for good.
    expect(await screen.findByText(/Your role could not be read/)).toBeInTheDocument();
    for (const button of buttons()) expect(button).toBeDisabled();
  });

  it('enables them for an operator', async () => {
    renderActions();
    await waitFor(() => {
      for (const button of buttons()) expect(button).toBeEnabled();
    });
  });
});
