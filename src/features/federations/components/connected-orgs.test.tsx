import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { FIXTURE_IDS } from '../../../../mocks/db/fixtures';
import { mockServer } from '../../../../mocks/node';
import { PROXY_ENDPOINTS } from '#contract/proxy-contract';
import { renderPage } from '@/testing/render';
import { signInWorld } from '@/testing/sign-in-world';
import { ConnectedOrgs } from './connected-orgs';

// Rendered with no permission prop at all: the component asks for the user's role itself, and
// anything but a known operator leaves removal disabled.
function renderConnectedOrgs() {
  return renderPage(<ConnectedOrgs federationId={FIXTURE_IDS.federationMedium} />);
}

async function removeButtons() {
  const table = await screen.findByRole('table');
  return within(table).getAllByRole('button', { name: /^Remove .+ from federation$/ });
}

describe('ConnectedOrgs', () => {
  it('keeps removal disabled for a viewer, and says why', async () => {
    signInWorld({ user: 'vera', role: 'viewer', method: 'password' });
    renderConnectedOrgs();
    const buttons = await removeButtons();
    expect(buttons.length).toBeGreaterThan(1);
    expect(
      await screen.findByText('Your role is viewer: the operator role is needed for this action.'),
    ).toBeInTheDocument();
    for (const button of buttons) expect(button).toBeDisabled();
  });

  it('keeps removal disabled while the role is unknown', async () => {
    mockServer.use(
      http.get(PROXY_ENDPOINTS.config, () => HttpResponse.json({ error: 500 }, { status: 500 })),
    );
    renderConnectedOrgs();
    for (const button of await removeButtons()) expect(button).toBeDisabled();
  });

  it('enables removal for an operator', async () => {
    renderConnectedOrgs();
    const buttons = await removeButtons();
    await waitFor(() => expect(buttons[0]).toBeEnabled());
    for (const button of buttons) expect(button).toBeEnabled();
  });
});
