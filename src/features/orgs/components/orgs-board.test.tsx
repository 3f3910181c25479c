import { act, screen, waitFor, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { FIXTURE_IDS, fixtureName } from '../../../../mocks/db/fixtures';
import { mockServer } from '../../../../mocks/node';
import { setDefaultScenario } from '../../../../mocks/scenarios';
import { routerPath, routes } from '#contract/route-table';
import { renderPage } from '@/testing/render';
import { OrgsBoard } from './orgs-board';

const statusPath = routerPath(routes.getLinkStatus, 'proxy');
const listPath = routerPath(routes.listOrgs, 'proxy');
const SEEDED = { total: 44, synced: 15, notSynced: 8, notLinked: 21 };

// jsdom has no layout: give the scroll container a height so the virtualizer renders rows.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get: () => 600,
  });
});
afterAll(() => {
  delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
});
afterEach(() => mockServer.events.removeAllListeners());

function renderBoard(search = '') {
  return renderPage(<OrgsBoard />, { path: '/orgs', route: `/orgs${search}` });
}

function table() {
  return screen.getByRole('table', { name: 'Organizations' });
}

/** The link-status calls in flight right now, and the most there ever were. */
function trackStatusCalls() {
  const s = { inFlight: 0, max: 0, total: 0 };
  const ids = new Set<string>();
  mockServer.events.on('request:start', ({ request, requestId }) => {
    if (!new URL(request.url).pathname.endsWith('/migrationLink/status')) return;
    ids.add(requestId);
    s.inFlight++;
    s.total++;
    s.max = Math.max(s.max, s.inFlight);
  });
  mockServer.events.on('response:mocked', ({ requestId }) => {
    if (ids.delete(requestId)) s.inFlight--;
  });
  return s;
}

/** The table row of an org (its accessible name starts with the org's name). */
function rowOf(orgId: string) {
  return within(table()).getByRole('row', { name: new RegExp(`^${fixtureName(orgId)} ${orgId}`) });
}

function legendCount(label: string): string {
  const list = screen.getByRole('list', { name: 'Organizations per link status' });
  const item = within(list)
    .getAllByRole('listitem')
    .find((li) => li.textContent?.startsWith(label));
  return item?.textContent?.replace(label, '') ?? '';
}

// The machine running these may be busy: a full board takes a few seconds in jsdom (the web
// project's testTimeout allows for it).
describe('Organizations board', () => {
  it('lists every org in a table whose names link to the org page, with live statuses', async () => {
    renderBoard();
    expect(await screen.findByText(`${SEEDED.total} organizations`)).toBeInTheDocument();
    const t = table();
    expect(t).toHaveAttribute('aria-rowcount', String(SEEDED.total + 1));
    expect(
      within(t)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Organization', 'ID', 'Link status']);
    // Virtualized: only the rows in view (and a few more) are in the DOM.
    const rows = within(t).getAllByRole('row');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(SEEDED.total);

    const id = FIXTURE_IDS.opsOrgNotSynced;
    const link = within(t).getByRole('link', { name: fixtureName(id) });
    expect(link).toHaveAttribute('href', `/orgs/${id}`);
    const row = rowOf(id);
    expect(row).toHaveAttribute('aria-rowindex');
    expect(within(row).getAllByText(id).length).toBeGreaterThan(0);
    expect(
      within(row).getByRole('button', { name: `Copy ID of ${fixtureName(id)}` }),
    ).toBeInTheDocument();
    expect(await within(row).findByText('Not synced')).toBeInTheDocument();

    expect(await within(rowOf(FIXTURE_IDS.opsOrgSynced)).findByText('Synced')).toBeInTheDocument();
    expect(
      await within(rowOf(FIXTURE_IDS.opsOrgUnlinked)).findByText('Not linked'),
    ).toBeInTheDocument();
    // The summary counts what the cache knows; the rest are "not yet checked".
    await waitFor(() => expect(Number(legendCount('Not checked'))).toBeLessThan(SEEDED.total));
  });

  it('searches by name or ID and keeps the search in the URL', async () => {
    const { user, router } = renderBoard();
    const search = await screen.findByRole('searchbox', { name: 'Search organizations' });
    await user.type(search, 'globex');
    await waitFor(() => expect(router.state.location.search).toBe('?q=globex'));
    expect(
      await screen.findByText(`Showing 2 of ${SEEDED.total} organizations`),
    ).toBeInTheDocument();
    const names = within(table())
      .getAllByRole('link')
      .map((a) => a.textContent);
    expect(names).toEqual(['Globex Billing Prod', 'Globex Billing QA']);

    const id = FIXTURE_IDS.opsOrgUnlinked;
    await user.clear(search);
    await user.click(search);
    await user.paste(id.slice(-8));
    await waitFor(() => expect(router.state.location.search).toBe(`?q=${id.slice(-8)}`));
    expect(within(table()).getByRole('link', { name: fixtureName(id) })).toBeInTheDocument();

    await user.clear(search);
    await user.click(search);
    await user.paste('no such org at all');
    expect(
      await screen.findByText('No organizations match the search and filter.'),
    ).toBeInTheDocument();
  });

  it('opens with the search and status filter of a shared URL, and writes the filter back', async () => {
    const { user, router } = renderBoard('?q=acme&status=not-linked');
    expect(await screen.findByRole('searchbox', { name: 'Search organizations' })).toHaveValue(
      'acme',
    );
    const filter = screen.getByRole('radiogroup', { name: 'Status filter' });
    expect(within(filter).getByRole('radio', { name: 'Not linked' })).toBeChecked();
    // One vocabulary: the filter names the states exactly as the summary (and the badges) do.
    const legend = within(screen.getByRole('list', { name: 'Organizations per link status' }))
      .getAllByRole('listitem')
      .map((li) => li.textContent?.replace(/\d+$/, '') ?? '');
    expect(within(filter).getAllByRole('radio')).toHaveLength(legend.length + 1);
    for (const state of ['All', ...legend]) {
      expect(within(filter).getByRole('radio', { name: state })).toBeInTheDocument();
    }
    expect(legend).toEqual(['Synced', 'Not synced', 'Not linked', 'Check failed', 'Not checked']);
    // No status is known yet, so nothing can match; Check now covers the orgs the search matches.
    expect(
      await screen.findByText('3 more not checked yet may match: use Check now to include them.'),
    ).toBeInTheDocument();
    expect(screen.getByText('No checked organization has this status yet.')).toBeInTheDocument();
    expect(
      screen.getByText('Checks the 3 organizations that match the search', { exact: false }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Check now' }));
    await waitFor(() =>
      expect(
        within(table())
          .getAllByRole('link')
          .map((a) => a.textContent),
      ).toEqual(['Acme Payments Dev']),
    );
    await user.click(within(filter).getByRole('radio', { name: 'Synced' }));
    await waitFor(() => expect(router.state.location.search).toBe('?q=acme&status=synced'));
    await waitFor(() =>
      expect(
        within(table())
          .getAllByRole('link')
          .map((a) => a.textContent),
      ).toEqual(['Acme Payments Prod']),
    );
    await user.click(within(filter).getByRole('radio', { name: 'All' }));
    await waitFor(() => expect(router.state.location.search).toBe('?q=acme'));
  });

  it('Check now checks every listed org with at most 4 requests in flight, then the summary is complete', async () => {
    mockServer.use(
      http.get(statusPath, async () => {
        await delay(15);
      }),
    );
    // In the "not checked" view rows do not check themselves, so every call here is Check now's.
    const { user } = renderBoard('?status=unchecked');
    const calls = trackStatusCalls();
    await user.click(await screen.findByRole('button', { name: 'Check now' }));
    expect(screen.getByRole('button', { name: 'Cancel check' })).toBeInTheDocument();
    const progress = screen.getByRole('progressbar', { name: 'Check progress' });
    expect(progress).toHaveAttribute('aria-valuemax', String(SEEDED.total));
    expect(
      await screen.findByText(
        `Checked ${SEEDED.total} of ${SEEDED.total} — done`,
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(progress).toHaveAttribute('aria-valuenow', String(SEEDED.total));
    expect(calls.total).toBe(SEEDED.total);
    expect(calls.max).toBeLessThanOrEqual(4);
    expect(calls.max).toBeGreaterThan(1);
    await waitFor(() => expect(legendCount('Not checked')).toBe('0'));
    expect(legendCount('Synced')).toBe(String(SEEDED.synced));
    expect(legendCount('Not synced')).toBe(String(SEEDED.notSynced));
    expect(legendCount('Not linked')).toBe(String(SEEDED.notLinked));
    expect(
      screen.getByRole('img', { name: /Link status of 44 organizations/ }),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Last check:/)).toHaveTextContent(/^Last check: \d/);
  });

  it('Check now pauses for Retry-After on a 429, then finishes', async () => {
    // Time is the subject: the pause runs on a fake clock (advancing with real time too, so the
    // clicks and waits still work), moved past Retry-After by hand.
    vi.useFakeTimers({
      shouldAdvanceTime: true,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    onTestFinished(() => void vi.useRealTimers());
    let refused = false;
    mockServer.use(
      http.get(statusPath, () => {
        if (refused) return undefined;
        refused = true;
        return HttpResponse.json(
          { error: 429, errorCode: 'RATE_LIMITED', detail: 'Too many requests.', parameters: null },
          // Long enough that the pause cannot end before the test sees it, however busy the machine.
          { status: 429, headers: { 'Retry-After': '30' } },
        );
      }),
    );
    const { user } = renderBoard('?status=unchecked');
    await user.click(await screen.findByRole('button', { name: 'Check now' }));
    expect(await screen.findByText(/Paused for (30|29) s \(rate limited\)/)).toBeInTheDocument();
    expect(screen.queryByText(/— done$/)).not.toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(
      await screen.findByText(
        `Checked ${SEEDED.total} of ${SEEDED.total} — done`,
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/\d+ failed/)).not.toBeInTheDocument();
    expect(screen.queryByText(/Paused for/)).not.toBeInTheDocument();
  });

  it('Check now can be cancelled', async () => {
    mockServer.use(
      http.get(statusPath, async () => {
        await delay(50);
      }),
    );
    const { user } = renderBoard('?status=unchecked');
    await user.click(await screen.findByRole('button', { name: 'Check now' }));
    await user.click(screen.getByRole('button', { name: 'Cancel check' }));
    expect(await screen.findByText(/— cancelled$/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Check now' })).toBeEnabled();
  });

  it('shows a failed check in the row, with why', async () => {
    setDefaultScenario('forbidden');
    renderBoard();
    await screen.findByRole('table', { name: 'Organizations' });
    expect(
      await within(rowOf(FIXTURE_IDS.opsOrgSynced)).findByText('Check failed: 403 forbidden'),
    ).toBeInTheDocument();
    await waitFor(() => expect(Number(legendCount('Check failed'))).toBeGreaterThan(0));
  });

  it('says what failed and what to do when the list cannot be read', async () => {
    setDefaultScenario('upstream-down');
    renderBoard();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the Ops Manager organizations');
    // In words first; the code small, beside.
    expect(within(alert).getByText('Ops Manager could not be reached')).toBeInTheDocument();
    expect(within(alert).getByText('Code: UPSTREAM_UNREACHABLE')).toBeInTheDocument();
    expect(alert).toHaveTextContent("Check the proxy's upstream settings");
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('explains a 401 from the upstream', async () => {
    mockServer.use(http.get(listPath, () => new HttpResponse(null, { status: 401 })));
    renderBoard();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Ops Manager answered 401');
    // Which key, whose job it is, and where to see it (the key's public part from /api/config).
    await waitFor(() =>
      expect(alert).toHaveTextContent(
        "Ops Manager refused the proxy's Ops Manager API key (public key orglinkdemo). An administrator must replace the key in the proxy's settings; Settings shows when each key was last accepted.",
      ),
    );
  });

  it('explains a network failure', async () => {
    mockServer.use(http.get(listPath, () => HttpResponse.error()));
    renderBoard();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Network error');
    expect(alert).toHaveTextContent('Check your connection');
  });
});
