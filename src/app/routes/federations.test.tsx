import { notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import { FIXTURE_IDS, fixtureName } from '../../../mocks/db/fixtures';
import { delay, http, HttpResponse } from 'msw';
import { mockServer } from '../../../mocks/node';
import { routerPath, routes } from '#contract/route-table';
import { setDefaultScenario } from '../../../mocks/scenarios';
import { renderPage } from '@/testing/render';
import { Page } from './federations';

function renderFederations() {
  return renderPage(<Page />, {
    path: '/federations',
    extraRoutes: [{ path: '/federations/:federationId', element: <h1>Federation page</h1> }],
  });
}

/** The card (section) whose heading has this name. */
function section(name: string): HTMLElement {
  const heading = screen.getByRole('heading', { level: 2, name });
  return heading.closest('.mantine-Card-root') as HTMLElement;
}

beforeEach(() => {
  notifications.clean();
  notifications.cleanQueue();
});
afterEach(() => {
  mockServer.events.removeAllListeners();
});

describe('Federations page', () => {
  it('groups the Cloud orgs by federation, each named by its domains and identity providers', async () => {
    renderFederations();
    const large =
      'contoso.com, contoso.eu and 1 more via Contoso Okta Workforce, Contoso Okta Workforce (partners)';
    expect(await screen.findByRole('heading', { level: 2, name: large })).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByText(/Looking up the federations/)).not.toBeInTheDocument(),
    );

    const largeCard = section(large);
    expect(within(largeCard).getByRole('link', { name: large })).toHaveAttribute(
      'href',
      `/federations/${FIXTURE_IDS.federationLarge}`,
    );
    expect(within(largeCard).getByText('6 organizations')).toBeInTheDocument();
    for (const id of FIXTURE_IDS.federationLargeOrgs) {
      expect(within(largeCard).getByText(fixtureName(id))).toBeInTheDocument();
    }
    // Every domain and provider in full; the hex IDs beside them, copyable.
    expect(
      within(largeCard).getByText('contoso.com, contoso.eu, contoso-retail.com'),
    ).toBeVisible();
    expect(within(largeCard).getByText(FIXTURE_IDS.federationLarge)).toBeInTheDocument();
    expect(
      within(largeCard).getByRole('button', { name: `Copy ID of ${large}` }),
    ).toBeInTheDocument();
    expect(
      within(largeCard).getByRole('button', { name: 'Copy ID of Contoso Okta Workforce' }),
    ).toBeInTheDocument();
    expect(
      within(largeCard).getByRole('button', {
        name: 'Copy ID of Contoso Okta Workforce (partners)',
      }),
    ).toBeInTheDocument();

    const single = section('acme-payments.com via Acme Okta');
    expect(within(single).getByText('1 organization')).toBeInTheDocument();
    expect(within(single).getByText(FIXTURE_IDS.federationSingle)).toBeInTheDocument();

    const none = section('Not in a federation');
    expect(
      within(none).getByText(fixtureName(FIXTURE_IDS.cloudOrgNoFederation)),
    ).toBeInTheDocument();
    expect(within(none).queryByText(fixtureName(FIXTURE_IDS.cloudOrgInFederation))).toBeNull();
    // Ordered by domain; none is named by its bare ID.
    expect(
      screen
        .getAllByRole('heading', { level: 2 })
        .map((h) => h.textContent)
        .filter((t) => t !== 'Find federation' && t !== 'Not in a federation'),
    ).toEqual([
      'acme-payments.com via Acme Okta',
      large,
      'cyberdyne-systems.com via Cyberdyne Okta',
      'globex.com, globex-corp.net via Globex Entra ID',
      'initech.com via Initech Ping (retired)',
      'nakatomi.co.jp via Nakatomi Ping Identity',
      'vandelay-industries.com via Vandelay Okta',
      'wonka.com, wonka-chocolate.co.uk via Wonka Entra ID',
    ]);
  });

  it('asks for identity providers once per federation, not once per org', async () => {
    const asked: string[] = [];
    mockServer.events.on('request:start', ({ request }) => {
      const m = /federationSettings\/([a-f0-9]{24})\/identityProviders/.exec(request.url);
      if (m?.[1]) asked.push(m[1]);
    });
    renderFederations();
    await screen.findByRole('heading', {
      level: 2,
      name: 'initech.com via Initech Ping (retired)',
    });
    await screen.findByRole('heading', {
      level: 2,
      name: 'wonka.com, wonka-chocolate.co.uk via Wonka Entra ID',
    });
    await waitFor(() => expect(screen.queryByText('Loading…')).not.toBeInTheDocument());
    // 8 federations, 16 of the 20 orgs in one: 8 calls, one each.
    expect(asked).toHaveLength(8);
    expect(new Set(asked).size).toBe(8);
    expect(asked).toContain(FIXTURE_IDS.federationLarge);
  });

  it("keeps a federation's card when its identity providers cannot be read, and says so", async () => {
    mockServer.use(
      http.get(routerPath(routes.listIdentityProviders, 'proxy'), () =>
        HttpResponse.json(
          { error: 403, errorCode: 'USER_UNAUTHORIZED', detail: 'Not an Organization Owner.' },
          { status: 403 },
        ),
      ),
    );
    renderFederations();
    // Named by its domains alone.
    const card = section(
      (await screen.findByRole('heading', { level: 2, name: 'acme-payments.com' })).textContent ??
        '',
    );
    expect(
      await within(card).findByText(/^Could not be read \(MongoDB Cloud answered 403/),
    ).toBeVisible();
  });

  it('says what a slow load waits for: the federation lookups, how many answered', async () => {
    mockServer.use(
      http.get(routerPath(routes.getOrgFederation, 'proxy'), async () => {
        await delay(200);
      }),
    );
    renderFederations();
    expect(
      await screen.findByText(
        /^Looking up the federations of 20 organizations in MongoDB Cloud… \d+ of 20 answered \(6 at a time\)\.$/,
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByText(/Looking up the federations/)).not.toBeInTheDocument(),
    );
  });

  it('finds the federation of an org and opens its page', async () => {
    const { user, router } = renderFederations();
    await user.type(
      screen.getByRole('textbox', { name: 'Organization ID' }),
      FIXTURE_IDS.cloudOrgInFederation,
    );
    await user.click(screen.getByRole('button', { name: 'Find federation' }));
    expect(await screen.findByRole('heading', { name: 'Federation page' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe(`/federations/${FIXTURE_IDS.federationLarge}`);
    expect(router.state.location.search).toBe(`?org=${FIXTURE_IDS.cloudOrgInFederation}`);
  });

  it('refuses a bad org ID without asking the upstream', async () => {
    const { user } = renderFederations();
    await screen.findByRole('heading', { level: 2, name: 'Not in a federation' });
    const seen: string[] = [];
    mockServer.events.on('request:start', ({ request }) => seen.push(request.url));
    await user.type(screen.getByRole('textbox', { name: 'Organization ID' }), '12345');
    await user.click(screen.getByRole('button', { name: 'Find federation' }));
    expect(screen.getByText(/24 characters: digits 0-9 and letters a-f/)).toBeInTheDocument();
    expect(seen).toEqual([]);
  });

  it('tells an org in no federation from an org that does not exist, and clears the old answer', async () => {
    const { user, router } = renderFederations();
    const input = screen.getByRole('textbox', { name: 'Organization ID' });
    const find = screen.getByRole('button', { name: 'Find federation' });
    const id = FIXTURE_IDS.cloudOrgNoFederation;
    await user.type(input, id);
    await user.click(find);
    const none = await screen.findByRole('alert', {
      name: `${fixtureName(id)} is not in a federation`,
    });
    expect(none).toHaveTextContent(`MongoDB Cloud has this organization (${id})`);
    expect(router.state.location.pathname).toBe('/federations');

    // Another ID: the old answer goes as soon as the text changes.
    await user.clear(input);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    const unknown = FIXTURE_IDS.cloudOrgUnknown;
    await user.type(input, unknown);
    await user.click(find);
    const missing = await screen.findByRole('alert', {
      name: `MongoDB Cloud has no organization ${unknown}`,
    });
    expect(missing).toHaveTextContent('MongoDB Cloud answered 404');
    expect(missing).toHaveTextContent('Check the ID');
    expect(screen.queryByText(/is not in a federation/)).not.toBeInTheDocument();
  });

  it('explains a 403 on the lookups: the key needs the Organization Owner role', async () => {
    setDefaultScenario('forbidden');
    const { user } = renderFederations();
    const failed = await screen.findByRole('alert', {
      name: /^Could not read the federation of 20 organizations/,
    });
    expect(failed).toHaveTextContent('MongoDB Cloud answered 403');
    expect(failed).toHaveTextContent('Organization Owner role');
    expect(section('Federation unknown')).toHaveTextContent(
      fixtureName(FIXTURE_IDS.cloudOrgNoFederation),
    );

    await user.type(
      screen.getByRole('textbox', { name: 'Organization ID' }),
      FIXTURE_IDS.cloudOrgInFederation,
    );
    await user.click(screen.getByRole('button', { name: 'Find federation' }));
    expect(
      await screen.findByRole('alert', {
        name: `Could not look up the federation of ${FIXTURE_IDS.cloudOrgInFederation}`,
      }),
    ).toHaveTextContent('Organization Owner role');
  });

  it('says the upstream is unreachable and what to check', async () => {
    setDefaultScenario('upstream-down');
    renderFederations();
    const alert = await screen.findByRole('alert', {
      name: 'Could not load the MongoDB Cloud organizations',
    });
    expect(alert).toHaveTextContent('UPSTREAM_UNREACHABLE');
    expect(alert).toHaveTextContent("Check the proxy's upstream settings");
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
