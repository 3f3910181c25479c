import { notifications } from '@mantine/notifications';
import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { FIXTURE_IDS, fixtureName, SAMPLE_LINK_TOKENS } from '../../../../mocks/db/fixtures';
import { configureStore } from '../../../../mocks/db/store';
import { opsManagerStore } from '../../../../mocks/db/opsmanager';
import { mockServer } from '../../../../mocks/node';
import { setDefaultScenario } from '../../../../mocks/scenarios';
import { mockConfig } from '../../../../mocks/handlers/proxy';
import { PROXY_ENDPOINTS } from '#contract/proxy-contract';
import { routerPath, routes, type SourceUpstream } from '#contract/route-table';
import { fleetQueries } from '@/api/queries/fleet';
import { ORG_PAGE_SECTIONS } from '@/app/org-page-sections';
import { createTestQueryClient, renderPage } from '@/testing/render';
import { OrgLinkPage } from './org-link-page';

const statusPath = routerPath(routes.getLinkStatus, 'proxy');
const orgPath = routerPath(routes.getOrg, 'proxy');
const connectPath = routerPath(routes.connectOrg, 'proxy');
const removePath = routerPath(routes.removeLink, 'proxy');

function orgPage(orgId: string, source: string = 'opsmanager') {
  return <OrgLinkPage source={source} orgId={orgId} sections={ORG_PAGE_SECTIONS} />;
}

function renderOrg(orgId: string, source: SourceUpstream | string = 'opsmanager') {
  return renderPage(orgPage(orgId, source), {
    path: '/orgs/:source/:orgId',
    route: `/orgs/${source}/${orgId}`,
  });
}

function historyList() {
  return screen.getByRole('list', { name: 'Status changes, newest first' });
}

/** Method and path of every request the page makes. */
function recordRequests() {
  const seen: { method: string; path: string; body: Promise<string> }[] = [];
  mockServer.events.on('request:start', ({ request }) => {
    seen.push({
      method: request.method,
      path: new URL(request.url).pathname,
      body: request.clone().text(),
    });
  });
  return seen;
}

/** The "Last checked … · checked every N s" line. */
function lastChecked() {
  return screen.getByText(/^Last checked/);
}

function badge() {
  return screen.getByRole('status', { name: 'Link status' });
}

async function waitForActions() {
  // Actions wait for the user's role (GET /api/config) and the first status check.
  await waitFor(() => expect(badge()).not.toHaveTextContent(/Not checked|Checking/));
}

beforeEach(() => {
  notifications.clean();
  notifications.cleanQueue();
});
afterEach(() => mockServer.events.removeAllListeners());

describe('Organization page', () => {
  it('refuses an ID that is not 24 hex digits without calling the API', async () => {
    const seen = recordRequests();
    renderOrg('not-an-org');
    expect(
      screen.getByRole('heading', { level: 1, name: 'Invalid organization ID' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      '“not-an-org” is not a valid organization ID. An ID is 24 characters: digits 0-9 and letters a-f.',
    );
    expect(screen.getByRole('link', { name: '← All organizations' })).toHaveAttribute(
      'href',
      '/orgs',
    );
    // Give any stray request a chance to start.
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([]);
  });

  it('shows the org name, its live status, when it was checked, and what applies', async () => {
    const id = FIXTURE_IDS.opsOrgSynced;
    renderOrg(id);
    expect(
      await screen.findByRole('heading', { level: 1, name: fixtureName(id) }),
    ).toBeInTheDocument();
    await waitFor(() => expect(badge()).toHaveTextContent('Synced'));
    expect(screen.getByText(/Last checked/)).toHaveTextContent(
      'Last checked just now · checked every 30 s while this tab is visible',
    );
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Remove connection' })).toBeEnabled(),
    );
    const connect = screen.getByRole('button', { name: 'Connect to Atlas' });
    expect(connect).toBeDisabled();
    expect(connect).toHaveAccessibleDescription(/Already connected to Atlas/);
    // The history is the server's: first seen by its check, long before this page opened.
    await waitFor(() =>
      expect(historyList()).toHaveTextContent("First seen: Synced (seen by the server's check)"),
    );
    expect(screen.getByText('Ops Manager organization')).toBeInTheDocument();
    expect(screen.queryByText('Not synced for a long time')).not.toBeInTheDocument();
  });

  it('refuses a source that is not one without calling anything', async () => {
    const seen = recordRequests();
    renderOrg(FIXTURE_IDS.opsOrgSynced, 'cloud');
    expect(screen.getByRole('heading', { level: 1, name: 'Unknown source' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      '“cloud” is not a source of organizations. The address names one of opsmanager (Ops Manager) or cloudmanager (Cloud Manager), then the organization ID.',
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([]);
  });

  it('warns when a link has been Not synced for a long time, and says what to check', async () => {
    renderOrg(FIXTURE_IDS.opsOrgNotSynced);
    const note = await screen.findByRole('note');
    expect(note).toHaveTextContent('Not synced for a long time');
    // The fake server has known it Not synced since the seeded links were made (May 2024).
    expect(note).toHaveTextContent(/This link has been Not synced for \d+ d \(since /);
    for (const check of [
      'access list includes the addresses Ops Manager connects to Atlas from',
      'the Ops Manager organization still exists',
      "the Atlas organization's link-token was not deleted",
      "the dashboard's Ops Manager API key still works",
    ]) {
      expect(note).toHaveTextContent(check);
    }
  });

  describe('a Cloud Manager org', () => {
    it('is read, connected and removed through Cloud Manager', async () => {
      const id = FIXTURE_IDS.cmOrgsUnlinked[0]!;
      const seen = recordRequests();
      const { user } = renderOrg(id, 'cloudmanager');
      expect(
        await screen.findByRole('heading', { level: 1, name: fixtureName(id) }),
      ).toBeInTheDocument();
      expect(screen.getByText('Cloud Manager organization')).toBeInTheDocument();
      await waitForActions();
      expect(badge()).toHaveTextContent('Not linked');
      await user.click(screen.getByRole('button', { name: 'Connect to Atlas' }));
      const dialog = screen.getByRole('dialog', { name: 'Connect to Atlas' });
      const field = within(dialog).getByRole('textbox', { name: 'Link-token' });
      expect(field).toHaveAccessibleDescription(
        'Sent once to Cloud Manager; this dashboard does not keep it.',
      );
      expect(within(dialog).getByRole('link', { name: 'Link-tokens' })).toHaveAttribute(
        'href',
        '/link-tokens',
      );
      // Or both steps at once, for this org on its own source.
      expect(within(dialog).getByRole('link', { name: 'Link an organization' })).toHaveAttribute(
        'href',
        `/link?source=cloudmanager&org=${id}`,
      );
      await user.click(field);
      await user.paste(SAMPLE_LINK_TOKENS.valid);
      await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      expect(badge()).toHaveTextContent('Not synced');
      await waitFor(() =>
        expect(historyList()).toHaveTextContent('Not linked → Not synced (a change made here)'),
      );

      await user.click(screen.getByRole('button', { name: 'Remove connection' }));
      const confirm = screen.getByRole('dialog', { name: 'Remove connection' });
      await user.type(
        within(confirm).getByRole('textbox', { name: 'Organization name or ID' }),
        id,
      );
      await user.click(within(confirm).getByRole('button', { name: 'Remove connection' }));
      await waitFor(() => expect(badge()).toHaveTextContent('Not linked'));
      await waitFor(() =>
        expect(historyList()).toHaveTextContent('Not synced → Not linked (a change made here)'),
      );

      const calls = seen.filter((r) => r.path.includes(id)).map((r) => `${r.method} ${r.path}`);
      const cm = `/api/cloudmanager/public/v1.0/orgs/${id}`;
      expect(calls).toEqual(
        expect.arrayContaining([
          `GET ${cm}`,
          `GET ${cm}/liveExport/migrationLink/status`,
          `POST ${cm}/liveExport/migrationLink`,
          `DELETE ${cm}/liveExport/migrationLink`,
          `GET /api/fleet/orgs/cloudmanager/${id}/history`,
        ]),
      );
      expect(calls.some((c) => c.includes('/api/opsmanager/'))).toBe(false);
    });
  });

  it('keeps the name the board knew when the org itself cannot be read (403)', async () => {
    setDefaultScenario('forbidden');
    const id = FIXTURE_IDS.opsOrgSynced;
    const queryClient = createTestQueryClient();
    // The board was open before: its fleet knows the name.
    await queryClient.fetchQuery(fleetQueries.fleet());
    renderPage(orgPage(id), {
      path: '/orgs/:source/:orgId',
      route: `/orgs/opsmanager/${id}`,
      queryClient,
    });
    const alert = await screen.findByRole('alert', { name: `Could not load ${fixtureName(id)}` });
    expect(alert).toHaveTextContent('answered 403');
    expect(screen.getByRole('heading', { level: 1, name: fixtureName(id) })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe(`${fixtureName(id)} — Orglink Console`));
  });

  it('says plainly when Ops Manager has no such org', async () => {
    renderOrg(FIXTURE_IDS.opsOrgUnknown);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Organization not found' }),
    ).toBeInTheDocument();
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(
      `Ops Manager has no organization with ID ${FIXTURE_IDS.opsOrgUnknown}`,
    );
    expect(alert).toHaveTextContent('Ops Manager answered 404');
    expect(alert).toHaveTextContent('Check the ID');
  });

  describe('Connect to Atlas', () => {
    it('validates the link-token before sending anything', async () => {
      const id = FIXTURE_IDS.opsOrgsUnlinked[0]!;
      const seen = recordRequests();
      const { user } = renderOrg(id);
      await waitForActions();
      expect(badge()).toHaveTextContent('Not linked');
      expect(screen.getByRole('button', { name: 'Remove connection' })).toBeDisabled();
      await user.click(screen.getByRole('button', { name: 'Connect to Atlas' }));
      const dialog = screen.getByRole('dialog', { name: 'Connect to Atlas' });
      const field = within(dialog).getByRole('textbox', { name: 'Link-token' });
      expect(field).toHaveFocus();
      const connect = within(dialog).getByRole('button', { name: 'Connect' });

      await user.click(connect);
      expect(field).toHaveAccessibleDescription(/Paste the link-token generated in Atlas/);
      expect(field).toHaveAttribute('aria-invalid', 'true');

      await user.type(field, 'abcdefgh ijklmnop qrst');
      await user.click(connect);
      expect(
        within(dialog).getByText('The link-token must not contain spaces or line breaks.'),
      ).toBeInTheDocument();

      await user.clear(field);
      await user.type(field, 'abc');
      await user.click(connect);
      expect(
        within(dialog).getByText('The link-token is shorter than 16 characters.'),
      ).toBeInTheDocument();
      expect(seen.filter((r) => r.method === 'POST')).toEqual([]);
    });

    it('keeps the typed token and shows the upstream detail when the connect fails', async () => {
      const id = FIXTURE_IDS.opsOrgsUnlinked[1]!;
      const { user } = renderOrg(id);
      await waitForActions();
      await user.click(screen.getByRole('button', { name: 'Connect to Atlas' }));
      const dialog = screen.getByRole('dialog', { name: 'Connect to Atlas' });
      const field = within(dialog).getByRole('textbox', { name: 'Link-token' });
      await user.type(field, SAMPLE_LINK_TOKENS.expired);
      await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
      const alert = await within(dialog).findByRole('alert');
      expect(alert).toHaveTextContent('Could not connect this organization to Atlas');
      expect(alert).toHaveTextContent(
        'The link-token has expired. Generate a new link-token in Atlas.',
      );
      expect(alert).toHaveTextContent('LINK_TOKEN_EXPIRED');
      expect(field).toHaveValue(SAMPLE_LINK_TOKENS.expired);
      expect(badge()).toHaveTextContent('Not linked');
    });

    it('connects with the trimmed token, shows the returned status and records the change', async () => {
      const id = FIXTURE_IDS.opsOrgsUnlinked[2]!;
      const seen = recordRequests();
      const { user, router } = renderOrg(id);
      await waitForActions();
      await user.click(screen.getByRole('button', { name: 'Connect to Atlas' }));
      const dialog = screen.getByRole('dialog', { name: 'Connect to Atlas' });
      const field = within(dialog).getByRole('textbox', { name: 'Link-token' });
      await user.click(field);
      await user.paste(`  ${SAMPLE_LINK_TOKENS.valid}\n`);
      await user.click(within(dialog).getByRole('button', { name: 'Connect' }));

      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      expect(await screen.findByText('Connected to Atlas')).toBeInTheDocument();
      expect(badge()).toHaveTextContent('Not synced');
      // A change: checked fast now.
      expect(screen.getByText(/Last checked/)).toHaveTextContent('checked every 3 s');
      expect(screen.getByRole('button', { name: 'Connect to Atlas' })).toBeDisabled();
      expect(screen.getByRole('button', { name: 'Remove connection' })).toBeEnabled();
      // Recorded by the server as it passed through: the history (from its database) shows it.
      await waitFor(() =>
        expect(historyList()).toHaveTextContent('Not linked → Not synced (a change made here)'),
      );

      const posts = seen.filter((r) => r.method === 'POST');
      expect(posts.map((p) => p.path)).toEqual([connectPath.replace(':orgId', id)]);
      expect(JSON.parse(await posts[0]!.body)).toEqual({ linkToken: SAMPLE_LINK_TOKENS.valid });
      // The token goes in the body only: never a URL, never storage.
      expect(seen.every((r) => !r.path.includes(SAMPLE_LINK_TOKENS.valid))).toBe(true);
      expect(router.state.location.search).toBe('');
      expect(JSON.stringify({ ...localStorage, ...sessionStorage })).not.toContain(
        SAMPLE_LINK_TOKENS.valid,
      );
    });
  });

  describe('Remove connection', () => {
    it('asks for the org name (or ID) typed, then removes the connection', async () => {
      const id = FIXTURE_IDS.opsOrgsSynced[0]!;
      const { user } = renderOrg(id);
      await waitForActions();
      await waitFor(() =>
        expect(screen.getByRole('button', { name: 'Remove connection' })).toBeEnabled(),
      );
      await user.click(screen.getByRole('button', { name: 'Remove connection' }));
      const dialog = screen.getByRole('dialog', { name: 'Remove connection' });
      expect(dialog).toHaveTextContent(
        `${fixtureName(id)} will stop synchronizing with its Atlas organization`,
      );
      expect(dialog).toHaveTextContent('live migration that uses this link stops');
      const confirm = within(dialog).getByRole('button', { name: 'Remove connection' });
      const input = within(dialog).getByRole('textbox', { name: 'Organization name or ID' });
      expect(input).toHaveAccessibleDescription(
        `Type its name ${fixtureName(id)} or its ID to confirm.`,
      );
      expect(
        within(dialog).getByRole('button', { name: `Copy ID of ${fixtureName(id)}` }),
      ).toBeInTheDocument();
      expect(confirm).toBeDisabled();
      await user.type(input, id.slice(0, 10));
      expect(confirm).toBeDisabled();
      await user.clear(input);
      await user.type(input, fixtureName(id).slice(0, -1));
      expect(confirm).toBeDisabled();
      await user.clear(input);
      await user.type(input, ` ${fixtureName(id)} `);
      expect(confirm).toBeEnabled();
      await user.click(confirm);

      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      expect(await screen.findByText('Connection removed')).toBeInTheDocument();
      expect(badge()).toHaveTextContent('Not linked');
      expect(screen.getByRole('button', { name: 'Remove connection' })).toBeDisabled();
      expect(screen.getByRole('button', { name: 'Connect to Atlas' })).toBeEnabled();
      await waitFor(() =>
        expect(historyList()).toHaveTextContent('Synced → Not linked (a change made here)'),
      );
    });

    it('keeps the typed ID and shows the error when the removal fails', async () => {
      const id = FIXTURE_IDS.opsOrgsSynced[1]!;
      mockServer.use(
        http.delete(removePath, () =>
          HttpResponse.json(
            {
              error: 500,
              errorCode: 'UNEXPECTED_ERROR',
              detail: 'Something broke.',
              parameters: null,
            },
            { status: 500 },
          ),
        ),
      );
      const { user } = renderOrg(id);
      await waitForActions();
      await waitFor(() =>
        expect(screen.getByRole('button', { name: 'Remove connection' })).toBeEnabled(),
      );
      await user.click(screen.getByRole('button', { name: 'Remove connection' }));
      const dialog = screen.getByRole('dialog', { name: 'Remove connection' });
      const input = within(dialog).getByRole('textbox', { name: 'Organization name or ID' });
      await user.click(input);
      await user.paste(id);
      await user.click(within(dialog).getByRole('button', { name: 'Remove connection' }));
      expect(await within(dialog).findByText('Something broke.')).toBeInTheDocument();
      expect(within(dialog).getByText('The upstream failed. Try again later.')).toBeInTheDocument();
      expect(input).toHaveValue(id);
      expect(badge()).toHaveTextContent('Synced');
    });
  });

  describe('errors say what failed and what to do', () => {
    const id = FIXTURE_IDS.opsOrgSynced;
    const cases: [string, () => void, RegExp[]][] = [
      [
        '401',
        () => setDefaultScenario('unauthorized'),
        [
          /Ops Manager answered 401/,
          /refused the proxy's Ops Manager API key \(public key orglinkdemo\)/,
          /An administrator must replace the key/,
        ],
      ],
      [
        '403',
        () => setDefaultScenario('forbidden'),
        [/answered 403/, /Organization Owner role/, /grant that role to the proxy's Ops Manager/],
      ],
      ['429', () => setDefaultScenario('rate-limited'), [/answered 429/, /trying again in 3 s/]],
      [
        '500',
        () =>
          mockServer.use(
            http.get(orgPath, () =>
              HttpResponse.json({ error: 500, detail: 'Internal failure.' }, { status: 500 }),
            ),
          ),
        [/answered 500/, /Internal failure\./, /The upstream failed/],
      ],
      [
        'proxy 502',
        () => setDefaultScenario('upstream-down'),
        [
          /Ops Manager could not be reached/,
          /Check the proxy's upstream settings/,
          /Code: UPSTREAM_UNREACHABLE/,
        ],
      ],
      [
        'network',
        () => mockServer.use(http.get(orgPath, () => HttpResponse.error())),
        [/Network error/, /Check your connection/],
      ],
    ];
    it.each(cases)('%s', async (_name, arrange, expected) => {
      arrange();
      renderOrg(id);
      // The status check may fail first; the page's answer is the org's alert, which replaces it.
      const alert = await screen.findByRole('alert', { name: 'Could not load this organization' });
      for (const e of expected) expect(alert).toHaveTextContent(e);
      // Each thing is said once: no sentence of the alert repeats another.
      const sentences = (alert.textContent ?? '').split(/(?<=\.)\s*/).filter(Boolean);
      expect(new Set(sentences).size).toBe(sentences.length);
      expect((alert.textContent ?? '').match(/Organization Owner role/g)?.length ?? 0).toBeLessThan(
        2,
      );
    });

    it('a failed status check keeps the page and says why', async () => {
      mockServer.use(
        http.get(statusPath, () =>
          HttpResponse.json(
            {
              error: 403,
              errorCode: 'USER_UNAUTHORIZED',
              detail: 'Needs the Organization Owner role.',
              parameters: null,
            },
            { status: 403 },
          ),
        ),
      );
      renderOrg(id);
      expect(
        await screen.findByRole('heading', { level: 1, name: fixtureName(id) }),
      ).toBeInTheDocument();
      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('Could not check the link status');
      expect(alert).toHaveTextContent('Needs the Organization Owner role.');
      expect(alert).toHaveTextContent(
        "Ask an administrator to grant that role to the proxy's Ops Manager API key (public key orglinkdemo).",
      );
      expect(badge()).toHaveTextContent('Check failed');
      expect(screen.getByText(/the latest check failed/)).toHaveTextContent(
        /^No successful check yet · the latest check failed just now · next try in about 5 s/,
      );
    });
  });

  describe('polling, on a fake clock', () => {
    // Time is the subject here: a fake clock (advancing with real time too, so Testing Library's
    // waits still work) is moved on by hand instead of waiting seconds.
    beforeEach(() => {
      vi.useFakeTimers({
        shouldAdvanceTime: true,
        toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
      });
    });
    afterEach(() => vi.useRealTimers());

    /** Moves the fake clock on; React's updates on the way are wrapped in act(). */
    const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

    /** When (on the fake clock) each status request was made. */
    function statusRequestTimes() {
      const times: number[] = [];
      mockServer.events.on('request:start', ({ request }) => {
        if (new URL(request.url).pathname.endsWith('/migrationLink/status')) times.push(Date.now());
      });
      return times;
    }

    it('polls a NOT_SYNCED link every 3 s and records the change to SYNCED', async () => {
      // A link made just now that syncs after 2 s (the fake's clock is this fake clock).
      const id = FIXTURE_IDS.opsOrgsUnlinked[6]!;
      configureStore({ linkSyncDelayMs: 2_000 });
      opsManagerStore.createLink(id);
      const times = statusRequestTimes();
      renderOrg(id);
      await waitFor(() => expect(badge()).toHaveTextContent('Not synced'));
      expect(lastChecked()).toHaveTextContent('checked every 3 s');
      await advance(3_000);
      await waitFor(() => expect(badge()).toHaveTextContent('Synced'));
      expect(times).toHaveLength(2);
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(2_900);
      // The proxy recorded what this page's check saw; the history says who saw it.
      await waitFor(() =>
        expect(historyList()).toHaveTextContent("Not synced → Synced (seen by a viewer's check)"),
      );
      // Just changed: still fast for a while.
      expect(lastChecked()).toHaveTextContent('checked every 3 s');
    });

    it('after a failed check, keeps the last status and says when it was last confirmed', async () => {
      let calls = 0;
      mockServer.use(
        http.get(statusPath, () =>
          calls++ === 0
            ? HttpResponse.json({ status: 'NOT_SYNCED' })
            : HttpResponse.json(
                { error: 500, detail: 'Status unavailable.', parameters: null },
                { status: 500 },
              ),
        ),
      );
      renderOrg(FIXTURE_IDS.opsOrgNotSynced);
      await waitFor(() => expect(lastChecked()).toHaveTextContent('Last checked just now'));
      await advance(3_000);
      await advance(30_000);
      await waitFor(() => expect(calls).toBeGreaterThanOrEqual(2));
      const line = await screen.findByText(/^Last successful check/);
      // The status shown is the last one confirmed; the line says so, and that the newer failed.
      expect(badge()).toHaveTextContent('Not synced');
      expect(line).toHaveTextContent(/^Last successful check \d+ s ago · the latest check failed/);
      expect(line).not.toHaveTextContent(/^Last checked/);
    });

    it('a rate-limited org page counts Retry-After down and tries again by itself', async () => {
      let calls = 0;
      mockServer.use(
        http.get(orgPath, () => {
          calls++;
          return HttpResponse.json(
            {
              error: 429,
              errorCode: 'RATE_LIMITED',
              detail: 'Too many requests.',
              parameters: null,
            },
            { status: 429, headers: { 'Retry-After': '3' } },
          );
        }),
      );
      renderOrg(FIXTURE_IDS.opsOrgSynced);
      const alert = await screen.findByRole('alert', { name: 'Could not load this organization' });
      expect(within(alert).getByRole('status')).toHaveTextContent(
        'Rate limited: trying again in 3 s…',
      );
      expect(calls).toBe(1);
      await advance(1_000);
      await waitFor(() =>
        expect(within(alert).getByRole('status')).toHaveTextContent('trying again in 2 s'),
      );
      expect(calls).toBe(1);
      await advance(2_000);
      await waitFor(() => expect(calls).toBe(2));
      // Refused again: a new count, and nothing more before it ends.
      await advance(2_000);
      expect(calls).toBe(2);
      await advance(1_500);
      await waitFor(() => expect(calls).toBe(3));
    });

    it('polls at the interval /api/config gives (POLL_FAST_MS=10000)', async () => {
      mockServer.use(
        http.get(PROXY_ENDPOINTS.config, () =>
          HttpResponse.json({
            ...mockConfig(true),
            pollIntervalsMs: { fast: 10_000, slow: 60_000 },
          }),
        ),
      );
      const times = statusRequestTimes();
      renderOrg(FIXTURE_IDS.opsOrgNotSynced);
      await waitFor(() => expect(lastChecked()).toHaveTextContent('checked every 10 s'));
      expect(badge()).toHaveTextContent('Not synced');
      await advance(10_000);
      await waitFor(() => expect(times).toHaveLength(2));
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(9_900);
      await advance(10_000);
      await waitFor(() => expect(times).toHaveLength(3));
      expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(9_900);
    });
  });
});
