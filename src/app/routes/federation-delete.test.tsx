// Delete federation on a federation's page: offered for the last org only, operator only, a typed
// confirmation that names what goes, the Federations list (heading focused) afterwards, and the
// upstream's refusals in plain words. Focus after Cancel is checked in e2e/federations.spec.ts.
import { notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { FIXTURE_IDS, fixtureName } from '../../../mocks/db/fixtures';
import { mockServer } from '../../../mocks/node';
import { SIM_PRIVATE_KEY } from '../../../mocks/sim-keys';
import { routerPath, routes } from '#contract/route-table';
import { renderPage } from '@/testing/render';
import { signInWorld } from '@/testing/sign-in-world';
import { Page } from './federation';
import { Page as FederationsPage } from './federations';

const deletePath = routerPath(routes.deleteFederation, 'proxy');
const listPath = routerPath(routes.listConnectedOrgs, 'proxy');
const [lone] = FIXTURE_IDS.federationsLone;
if (!lone) throw new Error('no lone federation in the fixtures');
const LONE_NAME = 'vandelay-industries.com via Vandelay Okta';
const LONE_ORG = fixtureName(lone.orgId);

function renderFederation(federationId: string) {
  return renderPage(<Page />, {
    path: '/federations/:federationId',
    route: `/federations/${federationId}`,
    extraRoutes: [{ path: '/federations', element: <FederationsPage /> }],
  });
}

/** The card (section) whose heading has this name. */
function section(name: string): HTMLElement {
  const heading = screen.getByRole('heading', { level: 2, name });
  return heading.closest('.mantine-Card-root') as HTMLElement;
}

function upstreamError(status: number, errorCode: string, detail: string, headers = {}) {
  return HttpResponse.json(
    { error: status, errorCode, detail, parameters: null, reason: 'Refused' },
    { status, headers },
  );
}

/** Opens the dialog and types the federation's name, ready to confirm. */
async function openAndType(user: ReturnType<typeof renderFederation>['user']) {
  const button = await screen.findByRole('button', { name: 'Delete federation' });
  await waitFor(() => expect(button).toBeEnabled());
  await screen.findByRole('heading', { level: 1, name: LONE_NAME });
  await user.click(button);
  const dialog = await screen.findByRole('dialog', { name: `Delete federation ${LONE_NAME}?` });
  await user.type(
    within(dialog).getByRole('textbox', { name: 'Federation name or ID' }),
    'vandelay-industries.com',
  );
  return dialog;
}

beforeEach(() => {
  notifications.clean();
  notifications.cleanQueue();
});

describe('Delete federation', () => {
  it('spells out what goes, asks for the name or ID, then opens the list without it', async () => {
    const { user, router } = renderFederation(lone.id);
    await screen.findByRole('heading', { level: 1, name: LONE_NAME });
    await user.click(await screen.findByRole('button', { name: 'Delete federation' }));
    const dialog = await screen.findByRole('dialog', { name: `Delete federation ${LONE_NAME}?` });
    // What it deletes, by name: providers, domains, and the org that loses federated sign-in.
    const what = within(dialog).getAllByRole('listitem');
    expect(what.map((li) => li.textContent)).toEqual([
      'its identity providers: Vandelay Okta (SAML, active)',
      'its federated domains: vandelay-industries.com',
      `its connection to ${LONE_ORG}, which loses federated sign-in: its users can no longer sign in through Vandelay Okta, and its role mappings are deleted. The organization itself stays.`,
    ]);

    const confirm = within(dialog).getByRole('button', { name: 'Delete federation' });
    const input = within(dialog).getByRole('textbox', { name: 'Federation name or ID' });
    expect(confirm).toBeDisabled();
    await user.type(input, 'vandelay');
    expect(confirm).toBeDisabled();
    await user.clear(input);
    await user.type(input, lone.id);
    expect(confirm).toBeEnabled();
    await user.clear(input);
    await user.type(input, 'vandelay-industries.com');
    expect(confirm).toBeEnabled();

    // The call, for doing it elsewhere: placeholders, never the key.
    await user.click(within(dialog).getByRole('button', { name: 'Show API call' }));
    const call = await within(dialog).findByRole('region', { name: 'API call' });
    expect(call).toHaveTextContent(
      `-X DELETE "{MONGODB-CLOUD-URL}/api/public/v1.0/federationSettings/${lone.id}"`,
    );
    expect(call).toHaveTextContent('--digest -u "{PUBLIC-KEY}:{PRIVATE-KEY}"');
    expect(call).toHaveTextContent(
      `atlas api federatedAuthentication deleteFederationSetting --federationSettingsId ${lone.id}`,
    );
    expect(call.textContent).not.toContain(SIM_PRIVATE_KEY);

    await user.click(confirm);
    // The Federations list, its heading focused (the federation's page is gone).
    const heading = await screen.findByRole('heading', { level: 1, name: 'Federations' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(router.state.location.pathname).toBe('/federations');
    expect(screen.getByText('Federation deleted')).toBeInTheDocument();
    expect(
      screen.getByText(
        `${LONE_NAME} is deleted, with its identity providers and domains. ${LONE_ORG} is no longer in a federation.`,
      ),
    ).toBeInTheDocument();
    await screen.findByRole('heading', { level: 2, name: 'Not in a federation' });
    await waitFor(() =>
      expect(screen.queryByText(/Looking up the federations/)).not.toBeInTheDocument(),
    );
    expect(within(section('Not in a federation')).getByText(LONE_ORG)).toBeVisible();
    expect(screen.queryByRole('heading', { level: 2, name: LONE_NAME })).not.toBeInTheDocument();
  });

  it('is not offered while more than one org is connected', async () => {
    renderFederation(FIXTURE_IDS.federationPair);
    expect(await screen.findByText('2 connected organizations.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete federation' })).not.toBeInTheDocument();
  });

  it('is disabled for a viewer, with the reason', async () => {
    signInWorld({ user: 'vera', role: 'viewer', method: 'password' });
    renderFederation(FIXTURE_IDS.federationSingle);
    const button = await screen.findByRole('button', { name: 'Delete federation' });
    await waitFor(() =>
      expect(button).toHaveAccessibleDescription(
        'Your role is viewer: the operator role is needed for this action.',
      ),
    );
    expect(button).toBeDisabled();
  });

  it('400 (another org connected meanwhile): says so, shows that org, keeps the typed name', async () => {
    let refused = false;
    mockServer.use(
      http.delete(deletePath, () => {
        refused = true;
        return upstreamError(
          400,
          'CANNOT_DELETE_FEDERATION_WITH_MULTIPLE_CONNECTED_ORGS',
          'A federation can be deleted only when one organization is connected to it; 2 are. Remove the others first.',
        );
      }),
      // After the refusal the federation lists a second org (connected elsewhere meanwhile).
      http.get(listPath, ({ params }) => {
        if (!refused || params.federationId !== lone.id) return undefined;
        const other = FIXTURE_IDS.cloudOrgNoFederation;
        return HttpResponse.json({
          results: [
            { orgId: lone.orgId, domainRestrictionEnabled: false },
            { orgId: other, domainRestrictionEnabled: false },
          ],
          totalCount: 2,
          links: [],
        });
      }),
    );
    const { user, router } = renderFederation(lone.id);
    const dialog = await openAndType(user);
    await user.click(within(dialog).getByRole('button', { name: 'Delete federation' }));
    const alert = await within(dialog).findByRole('alert', {
      name: 'Not deleted: more than one organization is connected',
    });
    expect(alert).toHaveTextContent('MongoDB Cloud answered 400');
    expect(alert).toHaveTextContent('2 are. Remove the others first.');
    expect(alert).toHaveTextContent('remove the others first, then delete the federation.');
    expect(alert).toHaveTextContent('Code: CANNOT_DELETE_FEDERATION_WITH_MULTIPLE_CONNECTED_ORGS');
    expect(alert).not.toHaveTextContent('Correct the request');
    expect(within(dialog).getByRole('textbox', { name: 'Federation name or ID' })).toHaveValue(
      'vandelay-industries.com',
    );
    // The page behind shows the orgs as they are now; the button is gone.
    expect(await screen.findByText('2 connected organizations.')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe(`/federations/${lone.id}`);
    const onPage = screen
      .queryAllByRole('button', { name: 'Delete federation' })
      .filter((b) => !dialog.contains(b));
    expect(onPage).toEqual([]);
    // (Where the focus goes on closing is checked in e2e: jsdom lays nothing out.)
  });

  it('403: names the org whose Organization Owner role the key needs', async () => {
    mockServer.use(
      http.delete(deletePath, () =>
        upstreamError(403, 'USER_UNAUTHORIZED', 'The API key is not an Organization Owner.'),
      ),
    );
    const { user } = renderFederation(lone.id);
    const dialog = await openAndType(user);
    await user.click(within(dialog).getByRole('button', { name: 'Delete federation' }));
    const alert = await within(dialog).findByRole('alert', {
      name: `Not deleted: the API key needs the Organization Owner role in ${LONE_ORG}`,
    });
    expect(alert).toHaveTextContent('MongoDB Cloud answered 403');
    // The general advice stays: which key (its public part) needs the role.
    expect(alert).toHaveTextContent(
      "Ask an administrator to grant that role to the proxy's MongoDB Cloud API key (public key orglinkdemo).",
    );
    expect(screen.getByRole('heading', { level: 1, name: LONE_NAME })).toBeInTheDocument();
  });

  it('429: nothing changed, wait as long as MongoDB Cloud says', async () => {
    mockServer.use(
      http.delete(deletePath, () =>
        upstreamError(429, 'RATE_LIMITED', 'Too many requests.', { 'Retry-After': '5' }),
      ),
    );
    const { user } = renderFederation(lone.id);
    const dialog = await openAndType(user);
    await user.click(within(dialog).getByRole('button', { name: 'Delete federation' }));
    const alert = await within(dialog).findByRole('alert', {
      name: 'Not deleted: MongoDB Cloud is limiting requests',
    });
    expect(alert).toHaveTextContent(
      'Nothing was changed. Wait 5 seconds, then press Delete federation again.',
    );
    // Still there, ready for another try.
    expect(within(dialog).getByRole('button', { name: 'Delete federation' })).toBeEnabled();
  });

  it('404 (deleted elsewhere already): says so and opens the list', async () => {
    mockServer.use(
      http.delete(deletePath, () =>
        upstreamError(404, 'FEDERATION_SETTINGS_NOT_FOUND', 'No federation settings.'),
      ),
    );
    const { user, router } = renderFederation(lone.id);
    const dialog = await openAndType(user);
    await user.click(within(dialog).getByRole('button', { name: 'Delete federation' }));
    await screen.findByRole('heading', { level: 1, name: 'Federations' });
    expect(router.state.location.pathname).toBe('/federations');
    expect(screen.getByText('Federation already deleted')).toBeInTheDocument();
  });
});
