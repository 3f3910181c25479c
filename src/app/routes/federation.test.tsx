import { notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { FIXTURE_IDS, fixtureName } from '../../../mocks/db/fixtures';
import { mockServer } from '../../../mocks/node';
import { setDefaultScenario } from '../../../mocks/scenarios';
import { routerPath, routes } from '#contract/route-table';
import { renderPage } from '@/testing/render';
import { Page } from './federation';

const removePath = routerPath(routes.removeConnectedOrg, 'proxy');

function renderFederation(federationId: string, search = '') {
  return renderPage(<Page />, {
    path: '/federations/:federationId',
    route: `/federations/${federationId}${search}`,
  });
}

/** The value of a fact in the header ("Federation ID", "Federated domains", …). */
function fact(label: string): HTMLElement {
  const terms = screen.getAllByRole('term');
  const index = terms.findIndex((t) => t.textContent === label);
  const value = screen.getAllByRole('definition')[index];
  if (index < 0 || !value) throw new Error(`no fact ${label}`);
  return value;
}

function rowOf(name: string): HTMLElement {
  return screen.getByRole('cell', { name }).closest('tr') as HTMLElement;
}

beforeEach(() => {
  notifications.clean();
  notifications.cleanQueue();
});
afterEach(() => {
  mockServer.events.removeAllListeners();
});

describe('Federation page', () => {
  it('lists every connected org with its settings', async () => {
    const fed = FIXTURE_IDS.federationMedium;
    renderFederation(fed);
    // Named by ID until its domains and identity providers are read.
    expect(
      screen.getByRole('heading', { level: 1, name: `Federation ${fed}` }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: 'initech.com via Initech Ping (retired)',
      }),
    ).toBeInTheDocument();
    const table = await screen.findByRole('table');
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual([
      'Organization',
      'ID',
      'Domain restriction',
      'Allowed domains',
      'Identity provider',
      'Role mappings',
      'Actions',
    ]);
    expect(screen.getByText('3 connected organizations.')).toBeInTheDocument();
    for (const id of FIXTURE_IDS.federationMediumOrgs) {
      const name = fixtureName(id);
      expect(await screen.findByRole('cell', { name })).toBeInTheDocument();
      const cells = within(rowOf(name)).getAllByRole('cell');
      expect(cells[1]).toHaveTextContent(id);
      expect(cells[2]?.textContent).toMatch(/^(On|Off)$/);
      // The identity provider by name, its ID beside it (or None).
      expect(cells[4]?.textContent).toMatch(
        /^(Initech Ping \(retired\)( \(partners\))?([a-f0-9]{20}|[a-f0-9]{24})|None)$/,
      );
      expect(cells[5]?.textContent).toMatch(/^\d+$/);
      expect(
        within(rowOf(name)).getByRole('button', { name: `Remove ${name} from federation` }),
      ).toBeEnabled();
    }
  });

  it('marks the org the federation was looked up by', async () => {
    const org = FIXTURE_IDS.cloudOrgInFederation;
    renderFederation(FIXTURE_IDS.federationLarge, `?org=${org}`);
    expect(await screen.findByRole('cell', { name: /Looked up/ })).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: /Looked up/ })).toHaveTextContent(fixtureName(org));
    // The header names the federation by its domains (read through that org) and identity
    // providers; its ID and theirs can be copied.
    const name =
      'contoso.com, contoso.eu and 1 more via Contoso Okta Workforce, Contoso Okta Workforce (partners)';
    expect(await screen.findByRole('heading', { level: 1, name })).toBeInTheDocument();
    expect(fact('Federated domains')).toHaveTextContent(
      /^contoso\.com, contoso\.eu, contoso-retail\.com$/,
    );
    expect(fact('Federation ID')).toHaveTextContent(FIXTURE_IDS.federationLarge);
    expect(screen.getByRole('button', { name: 'Copy ID of this federation' })).toBeInTheDocument();
    const providers = fact('Identity providers');
    expect(
      within(providers).getByRole('button', {
        name: 'Copy ID of Contoso Okta Workforce (partners)',
      }),
    ).toBeInTheDocument();
    expect(document.title).toBe(`${name} · 6 organizations — Orglink Console`);
    // More than one org connected: the federation cannot be deleted, so it is not offered.
    expect(screen.queryByRole('button', { name: 'Delete federation' })).not.toBeInTheDocument();
  });

  it('removes an org only after its name or ID is typed, and the row goes away', async () => {
    const fed = FIXTURE_IDS.federationLarge;
    const orgId = FIXTURE_IDS.federationLargeOrgs[2] ?? '';
    const name = fixtureName(orgId);
    const { user } = renderFederation(fed);
    await user.click(await screen.findByRole('button', { name: `Remove ${name} from federation` }));
    const dialog = await screen.findByRole('dialog', {
      name: `Remove ${name} from the federation?`,
    });
    const confirm = within(dialog).getByRole('button', { name: 'Remove from federation' });
    expect(confirm).toBeDisabled();
    const input = within(dialog).getByRole('textbox', { name: 'Organization name or ID' });
    await user.type(input, orgId.slice(0, 10));
    expect(confirm).toBeDisabled();
    await user.clear(input);
    await user.type(input, orgId);
    expect(confirm).toBeEnabled();
    await user.clear(input);
    await user.type(input, name);
    expect(confirm).toBeEnabled();
    // The call it makes, for doing it elsewhere: curl and the Atlas CLI, keys as placeholders.
    await user.click(within(dialog).getByRole('button', { name: 'Show API call' }));
    const call = await within(dialog).findByRole('region', { name: 'API call' });
    expect(call).toHaveTextContent(
      `-X DELETE "{MONGODB-CLOUD-URL}/api/public/v1.0/federationSettings/${fed}/connectedOrgConfigs/${orgId}"`,
    );
    expect(call).toHaveTextContent('--digest -u "{PUBLIC-KEY}:{PRIVATE-KEY}"');
    expect(call).toHaveTextContent(
      `atlas federatedAuthentication federationSettings connectedOrgConfigs delete --federationSettingsId ${fed} --orgId ${orgId}`,
    );
    await user.click(confirm);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.queryByRole('cell', { name })).not.toBeInTheDocument();
    expect(screen.getByText('5 connected organizations.')).toBeInTheDocument();
    expect(screen.getByText('Removed from federation')).toBeInTheDocument();
  });

  it('keeps the last connected org: button disabled and the rule said', async () => {
    const fed = FIXTURE_IDS.federationSingle;
    const name = fixtureName(FIXTURE_IDS.federationSingleOrg);
    renderFederation(fed);
    const button = await screen.findByRole('button', { name: `Remove ${name} from federation` });
    expect(button).toBeDisabled();
    expect(
      screen.getByText(/A federation must keep at least one connected organization\./),
    ).toBeInTheDocument();
    expect(button).toHaveAccessibleDescription(/must keep at least one connected organization/);
  });

  it('shows the detail when the API refuses a removal anyway', async () => {
    const fed = FIXTURE_IDS.federationPair;
    const orgId = FIXTURE_IDS.federationPairOrgs[0] ?? '';
    const name = fixtureName(orgId);
    mockServer.use(
      http.delete(removePath, () =>
        HttpResponse.json(
          {
            error: 400,
            errorCode: 'CANNOT_REMOVE_LAST_CONNECTED_ORG',
            detail: 'A federation must keep at least one connected organization (raced).',
            parameters: null,
            reason: 'Bad Request',
          },
          { status: 400 },
        ),
      ),
    );
    const { user } = renderFederation(fed);
    await user.click(await screen.findByRole('button', { name: `Remove ${name} from federation` }));
    const dialog = await screen.findByRole('dialog');
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Organization name or ID' }),
      orgId,
    );
    await user.click(within(dialog).getByRole('button', { name: 'Remove from federation' }));
    const alert = await within(dialog).findByRole('alert', { name: /answered 400/ });
    expect(alert).toHaveTextContent('(raced)');
    expect(alert).toHaveTextContent('CANNOT_REMOVE_LAST_CONNECTED_ORG');
    // The typed ID stays for another try; the org is still listed.
    expect(within(dialog).getByRole('textbox', { name: 'Organization name or ID' })).toHaveValue(
      orgId,
    );
    expect(screen.getByRole('cell', { name })).toBeInTheDocument();
  });

  it('refuses a bad federation ID in the address without asking the upstream', () => {
    const seen: string[] = [];
    mockServer.events.on('request:start', ({ request }) => seen.push(request.url));
    renderFederation('not-a-federation');
    expect(screen.getByText('This is not a valid federation ID')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(seen).toEqual([]);
  });

  it('says when the federation does not exist', async () => {
    renderFederation(FIXTURE_IDS.federationUnknown);
    const alert = await screen.findByRole('alert', {
      name: `Could not load the connected organizations of federation ${FIXTURE_IDS.federationUnknown}`,
    });
    expect(alert).toHaveTextContent('404');
  });

  it('explains a 403: the key needs the Organization Owner role', async () => {
    setDefaultScenario('forbidden');
    renderFederation(FIXTURE_IDS.federationPair);
    const alert = await screen.findByRole('alert', {
      name: /^Could not load the connected organizations/,
    });
    expect(alert).toHaveTextContent('MongoDB Cloud answered 403');
    expect(alert).toHaveTextContent('Organization Owner role');
  });

  it('says the upstream is unreachable and what to check', async () => {
    setDefaultScenario('upstream-down');
    renderFederation(FIXTURE_IDS.federationPair);
    const alert = await screen.findByRole('alert', {
      name: /^Could not load the connected organizations/,
    });
    expect(alert).toHaveTextContent("Check the proxy's upstream settings");
  });
});
