import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { mockServer } from '../../../../mocks/node';
import { mockConfig } from '../../../../mocks/handlers/proxy';
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

  it('says which key each upstream uses (public part) and whether it was last accepted or refused', async () => {
    const now = Date.now();
    mockServer.use(
      http.get(PROXY_ENDPOINTS.config, () =>
        HttpResponse.json({
          ...mockConfig(true),
          upstreams: mockConfig(true).upstreams.map((u, i) => ({
            ...u,
            publicKey: `pubkey${i}`,
            keyAcceptedAt: new Date(now - 60_000).toISOString(),
            // The first upstream refused its key after last taking it.
            keyRefusedAt: i === 0 ? new Date(now - 5_000).toISOString() : null,
          })),
        }),
      ),
    );
    renderPage(<SettingsView />);
    const table = await screen.findByRole('table');
    const [, first, second] = within(table).getAllByRole('row');
    expect(first).toHaveTextContent('Public key pubkey0');
    expect(first).toHaveTextContent(/Refused\s*\d+ s ago: an administrator must replace it\./);
    expect(second).toHaveTextContent('Public key pubkey1');
    expect(second).toHaveTextContent(/Accepted\s*1 min ago/);
    // The dates in full on hover.
    expect(within(second!).getByText('1 min ago')).toHaveAttribute(
      'title',
      expect.stringMatching(/\d{4}/),
    );
    // A phone scrolls the table sideways: the region can take the keyboard focus.
    expect(screen.getByRole('region', { name: 'Upstreams table' })).toHaveAttribute(
      'tabindex',
      '0',
    );
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
