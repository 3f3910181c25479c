import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { mockServer } from '../../../../mocks/node';
import { PROXY_ENDPOINTS } from '#contract/proxy-contract';
import { renderPage } from '@/testing/render';
import { SettingsView } from './settings-view';

describe('SettingsView', () => {
  it('shows each upstream, that it is simulated, and the signed-in user — never a key', async () => {
    const { container } = renderPage(<SettingsView />);
    const table = await screen.findByRole('table');
    expect(within(table).getByRole('cell', { name: 'Ops Manager' })).toBeInTheDocument();
    expect(within(table).getByRole('cell', { name: 'Cloud Manager' })).toBeInTheDocument();
    expect(within(table).getByRole('cell', { name: 'MongoDB Cloud' })).toBeInTheDocument();
    expect(within(table).getAllByRole('cell', { name: 'Simulated' })).toHaveLength(3);
    expect(screen.getByText('Simulated upstream')).toBeInTheDocument();
    expect(screen.getByText('operator')).toBeInTheDocument();
    expect(container.textContent).not.toMatch(/7c1b2e44|private/i);
  });

  it('says what failed when the proxy cannot answer', async () => {
    mockServer.use(
      http.get(PROXY_ENDPOINTS.config, () =>
        HttpResponse.json(
          { source: 'proxy', error: 500, code: 'INTERNAL', detail: 'Settings are unreadable.' },
          { status: 500 },
        ),
      ),
    );
    renderPage(<SettingsView />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Could not load the dashboard's settings");
    expect(alert).toHaveTextContent('Settings are unreadable.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
