import { notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { FIXTURE_IDS, fixtureName } from '../../../mocks/db/fixtures';
import { mockServer } from '../../../mocks/node';
import { setDefaultScenario } from '../../../mocks/scenarios';
import { routerPath, routes } from '#contract/route-table';
import { renderPage } from '@/testing/render';
import { Page } from './link-tokens';

const WITH_TOKEN = FIXTURE_IDS.cloudOrgWithToken;
const WITHOUT_TOKEN = FIXTURE_IDS.cloudOrgWithoutToken;
const createPath = routerPath(routes.createLinkToken, 'proxy');

function renderLinkTokens(search = '') {
  return renderPage(<Page />, { path: '/link-tokens', route: `/link-tokens${search}` });
}

/** Paths of the calls the page makes to the upstream operations (not the list of orgs). */
function recordRequests() {
  const seen: string[] = [];
  mockServer.events.on('request:start', ({ request }) => {
    seen.push(`${request.method} ${new URL(request.url).pathname}`);
  });
  return seen;
}

beforeEach(() => {
  // Mantine keeps notifications in a module-level store; one test's must not fill the next one's.
  notifications.clean();
  notifications.cleanQueue();
});
afterEach(() => {
  mockServer.events.removeAllListeners();
});

describe('Link-tokens page', () => {
  it('lists Atlas orgs as "Name — id" and puts the chosen one in the URL', async () => {
    const { user, router } = renderLinkTokens();
    const picker = screen.getByRole('combobox', { name: 'Atlas organization' });
    await waitFor(() => expect(picker).toBeEnabled());
    await user.click(picker);
    await user.type(picker, 'Northwind');
    const name = 'Northwind-Atlas';
    const option = await screen.findByRole('option', {
      name: new RegExp(`^${name} — [a-f0-9]{24}$`),
    });
    await user.click(option);
    const id = router.state.location.search.replace('?org=', '');
    expect(id).toMatch(/^[a-f0-9]{24}$/);
    expect(fixtureName(id)).toBe(name);
    expect(await screen.findByRole('heading', { level: 2, name })).toBeInTheDocument();
  });

  it('refuses a pasted ID that is not 24 hex digits without asking the upstream', async () => {
    const seen = recordRequests();
    const { user, router } = renderLinkTokens();
    const input = screen.getByRole('textbox', { name: 'Organization ID' });
    await user.type(input, 'not-an-id');
    await user.click(screen.getByRole('button', { name: 'Use this ID' }));
    expect(screen.getByText(/24 characters: digits 0-9 and letters a-f/)).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(router.state.location.search).toBe('');
    expect(seen.filter((s) => !s.endsWith('/orgs'))).toEqual([]);

    await user.clear(input);
    await user.type(input, WITHOUT_TOKEN);
    await user.click(screen.getByRole('button', { name: 'Use this ID' }));
    expect(router.state.location.search).toBe(`?org=${WITHOUT_TOKEN}`);
    expect(
      await screen.findByRole('heading', { level: 2, name: fixtureName(WITHOUT_TOKEN) }),
    ).toBeInTheDocument();
  });

  it('says so when the org ID in the address is not valid, and asks nothing', async () => {
    const seen = recordRequests();
    renderLinkTokens('?org=XYZ');
    expect(screen.getByText('The organization ID in the address is not valid')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Generate' })).not.toBeInTheDocument();
    await waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toMatch(/^GET \/api\/cloud\/public\/v1\.0\/orgs$/);
  });

  it('names every bad access-list entry and sends nothing', async () => {
    const seen = recordRequests();
    const { user } = renderLinkTokens(`?org=${WITHOUT_TOKEN}`);
    const ips = screen.getByRole('textbox', { name: 'Access list IPs' });
    await user.type(ips, '10.0.0.300, 10.0.0.1{enter}2001:db8::/129{enter}localhost');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    // Each bad entry is named in the field's error, which is part of its description.
    for (const bad of ['10.0.0.300', '2001:db8::/129', 'localhost']) {
      expect(ips).toHaveAccessibleDescription(
        expect.stringContaining(`"${bad}" is not an IPv4/IPv6 address or CIDR block`),
      );
    }
    expect(ips).not.toHaveAccessibleDescription(expect.stringContaining('"10.0.0.1"'));
    expect(ips).toHaveAttribute('aria-invalid', 'true');
    expect(seen.some((s) => s.startsWith('POST'))).toBe(false);
  });

  it('generates a link-token with an access list, shows it once and copies it', async () => {
    let sentBody: unknown;
    mockServer.events.on('request:start', ({ request }) => {
      if (request.method === 'POST')
        void request
          .clone()
          .json()
          .then((b) => (sentBody = b));
    });
    const { user, router } = renderLinkTokens(`?org=${WITHOUT_TOKEN}`);
    await user.type(
      screen.getByRole('textbox', { name: 'Access list IPs' }),
      '203.0.113.7,{enter}198.51.100.0/24',
    );
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    const field = await screen.findByRole('textbox', { name: 'Link-token' });
    const token = (field as HTMLTextAreaElement).value;
    expect(token.length).toBeGreaterThan(16);
    expect(field).toHaveAttribute('readonly');
    expect(sentBody).toEqual({ accessListIps: ['203.0.113.7', '198.51.100.0/24'] });
    expect(screen.getByText(/will not be shown again/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to Organizations' })).toHaveAttribute(
      'href',
      '/orgs',
    );

    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument();
    await expect(navigator.clipboard.readText()).resolves.toBe(token);

    // Never in the address or in storage.
    expect(router.state.location.search).toBe(`?org=${WITHOUT_TOKEN}`);
    expect(JSON.stringify({ ...localStorage })).not.toContain(token);
    expect(JSON.stringify({ ...sessionStorage })).not.toContain(token);
  });

  it('sends no access list when the field is empty, and replaces the token on a new one', async () => {
    const bodies: unknown[] = [];
    mockServer.events.on('request:start', ({ request }) => {
      if (request.method === 'POST')
        void request
          .clone()
          .json()
          .then((b) => bodies.push(b));
    });
    const { user } = renderLinkTokens(`?org=${WITHOUT_TOKEN}`);
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    const field = await screen.findByRole('textbox', { name: 'Link-token' });
    const first = (field as HTMLTextAreaElement).value;
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    // The earlier token still exists: a second Generate says so and asks first.
    expect(
      await screen.findByText('An earlier link-token generated here still exists'),
    ).toBeInTheDocument();
    expect(bodies).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Generate another' }));
    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: 'Link-token' })).not.toHaveValue(first),
    );
    expect(screen.getAllByRole('textbox', { name: 'Link-token' })).toHaveLength(1);
    expect(bodies).toEqual([{}, {}]);
  });

  it('forgets the token when another org is chosen', async () => {
    const { user, router } = renderLinkTokens(`?org=${WITHOUT_TOKEN}`);
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await screen.findByRole('textbox', { name: 'Link-token' });
    await user.type(screen.getByRole('textbox', { name: 'Organization ID' }), WITH_TOKEN);
    await user.click(screen.getByRole('button', { name: 'Use this ID' }));
    expect(router.state.location.search).toBe(`?org=${WITH_TOKEN}`);
    expect(
      await screen.findByRole('heading', { level: 2, name: fixtureName(WITH_TOKEN) }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Link-token' })).not.toBeInTheDocument();
  });

  it('keeps the typed IPs and explains a refusal (no Organization Owner role)', async () => {
    setDefaultScenario('forbidden');
    const { user } = renderLinkTokens(`?org=${WITHOUT_TOKEN}`);
    const ips = screen.getByRole('textbox', { name: 'Access list IPs' });
    await user.type(ips, '10.1.2.3');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    const alert = await screen.findByRole('alert', { name: 'The link-token was not generated' });
    expect(alert).toHaveTextContent('MongoDB Cloud answered 403');
    expect(alert).toHaveTextContent('Organization Owner role');
    expect(ips).toHaveValue('10.1.2.3');
    expect(screen.queryByRole('textbox', { name: 'Link-token' })).not.toBeInTheDocument();
  });

  it('shows the upstream detail of a failed generate', async () => {
    mockServer.use(
      http.post(createPath, () =>
        HttpResponse.json(
          {
            error: 400,
            errorCode: 'INVALID_IP',
            detail: 'IP 10.1.2.3 is reserved.',
            parameters: null,
          },
          { status: 400 },
        ),
      ),
    );
    const { user } = renderLinkTokens(`?org=${WITHOUT_TOKEN}`);
    await user.type(screen.getByRole('textbox', { name: 'Access list IPs' }), '10.1.2.3');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    const alert = await screen.findByRole('alert', { name: 'The link-token was not generated' });
    expect(alert).toHaveTextContent('IP 10.1.2.3 is reserved.');
    expect(screen.getByRole('textbox', { name: 'Access list IPs' })).toHaveValue('10.1.2.3');
  });

  it('deletes a link-token after confirmation, then says plainly that none is left', async () => {
    const { user } = renderLinkTokens(`?org=${WITH_TOKEN}`);
    await user.click(await screen.findByRole('button', { name: 'Delete link-token' }));
    let dialog = await screen.findByRole('dialog', { name: 'Delete the link-token?' });
    expect(dialog).toHaveTextContent(fixtureName(WITH_TOKEN));
    await user.click(within(dialog).getByRole('button', { name: 'Delete link-token' }));
    expect(await screen.findByText('Link-token deleted')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    await user.click(screen.getByRole('button', { name: 'Delete link-token' }));
    dialog = await screen.findByRole('dialog', { name: 'Delete the link-token?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete link-token' }));
    expect(
      await screen.findByRole('alert', { name: 'This organization had no link-token to delete.' }),
    ).toHaveTextContent('Could not find the requested external organization link.');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('keeps the dialog open with the detail when a delete is refused', async () => {
    setDefaultScenario('forbidden');
    const { user } = renderLinkTokens(`?org=${WITH_TOKEN}`);
    await user.click(await screen.findByRole('button', { name: 'Delete link-token' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete the link-token?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete link-token' }));
    expect(
      await within(dialog).findByRole('alert', { name: 'The link-token was not deleted' }),
    ).toHaveTextContent('Organization Owner role');
  });

  it('says the upstream is unreachable and still lets the user paste an ID', async () => {
    setDefaultScenario('upstream-down');
    renderLinkTokens();
    const alert = await screen.findByRole('alert', {
      name: 'Could not load the Atlas organizations',
    });
    expect(alert).toHaveTextContent("Check the proxy's upstream settings");
    expect(screen.getByText('You can still paste an organization ID.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Organization ID' })).toBeEnabled();
  });
});
