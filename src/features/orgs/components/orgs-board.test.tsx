import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { FIXTURE_IDS, fixtureName } from '../../../../mocks/db/fixtures';
import { setStoreClock } from '../../../../mocks/db/store';
import { FAKE_QUEUE_MS, FAKE_SWEEP_MS } from '../../../../mocks/db/fleet';
import { mockConfig } from '../../../../mocks/handlers/proxy';
import { mockServer } from '../../../../mocks/node';
import { setDefaultScenario } from '../../../../mocks/scenarios';
import { FLEET_ENDPOINTS, fleetSchema } from '#contract/fleet-contract';
import { PROXY_ENDPOINTS } from '#contract/proxy-contract';
import { routerPath, routes } from '#contract/route-table';
import { renderPage } from '@/testing/render';
import { parseCsv } from '@/testing/parse-csv';
import { OrgsBoard } from './orgs-board';

const statusPath = routerPath(routes.getLinkStatus, 'proxy');
/** The seed: 44 Ops Manager orgs (15 synced, 8 not, 21 unlinked), 14 Cloud Manager (5, 3, 6). */
const SEEDED = { total: 58, synced: 20, notSynced: 11, notLinked: 27, cloudManager: 14 };

afterEach(() => mockServer.events.removeAllListeners());

function renderBoard(search = '') {
  return renderPage(<OrgsBoard />, { path: '/orgs', route: `/orgs${search}` });
}

function table() {
  return screen.getByRole('table', { name: 'Organizations' });
}

/** The table row of an org (its accessible name starts with the org's name and ID). */
function rowOf(orgId: string) {
  return within(table()).getByRole('row', { name: new RegExp(`^${fixtureName(orgId)} ${orgId}`) });
}

function shownNames(): string[] {
  return within(table())
    .queryAllByRole('link')
    .map((a) => a.textContent ?? '');
}

function legendCount(label: string): string {
  const list = screen.getByRole('list', { name: 'Organizations per link status' });
  const item = within(list)
    .getAllByRole('listitem')
    .find((li) => li.textContent?.startsWith(label));
  return item?.textContent?.replace(label, '') ?? '';
}

/** Every request the board makes, as `METHOD /path`. */
function trackRequests() {
  const seen: string[] = [];
  mockServer.events.on('request:start', ({ request }) => {
    seen.push(`${request.method} ${new URL(request.url).pathname}`);
  });
  return seen;
}

/** The fleet the fakes serve, read as the SPA reads it. */
async function serverFleet() {
  const res = await fetch(new URL(FLEET_ENDPOINTS.fleet, window.location.origin));
  return fleetSchema.parse(await res.json());
}

describe('Organizations board', () => {
  it("is complete at first paint: every source org with the server's status, before any check", async () => {
    // Rows' own checks held back: what shows comes from /api/fleet alone.
    mockServer.use(http.get(statusPath, () => new Promise<Response>(() => {})));
    const requests = trackRequests();
    renderBoard();
    expect(await screen.findByText(`${SEEDED.total} organizations`)).toBeInTheDocument();
    expect(legendCount('Synced')).toBe(String(SEEDED.synced));
    expect(legendCount('Not synced')).toBe(String(SEEDED.notSynced));
    expect(legendCount('Not linked')).toBe(String(SEEDED.notLinked));
    expect(legendCount('Not checked')).toBe('0');
    const t = table();
    expect(t).toHaveAttribute('aria-rowcount', String(SEEDED.total + 1));
    expect(
      within(t)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Organization', 'Source', 'Link status', 'Since', 'Last checked', 'Last error']);
    // Windowed: only the rows in view (and a few more) are in the DOM.
    expect(within(t).getAllByRole('row').length).toBeLessThan(SEEDED.total);
    expect(requests.filter((r) => r.startsWith('GET /api/fleet'))).toEqual(['GET /api/fleet']);
    expect(requests.some((r) => r.endsWith('/orgs'))).toBe(false);
  });

  it('links each row to its org page under its source, and says since when', async () => {
    const { user } = renderBoard('?q=acme');
    await screen.findByText(/^Showing \d+ of 58 organizations$/);
    const id = FIXTURE_IDS.opsOrgNotSynced;
    const link = within(table()).getByRole('link', { name: fixtureName(id) });
    expect(link).toHaveAttribute('href', `/orgs/opsmanager/${id}`);
    const row = rowOf(id);
    expect(within(row).getByText('Not synced')).toBeInTheDocument();
    expect(within(row).getByText('Ops Manager')).toBeInTheDocument();
    // The fake server has watched since the seeded links were made (May 2024): days.
    const since = within(row).getAllByRole('cell')[3];
    expect(since).toHaveTextContent(/^Not synced for \d+ d$/);
    expect(within(since as HTMLElement).getByTitle(/2024/)).toHaveAttribute(
      'datetime',
      '2024-05-14T09:30:00.000Z',
    );
    expect(
      within(row).getByRole('button', { name: `Copy ID of ${fixtureName(id)}` }),
    ).toBeInTheDocument();

    await user.clear(screen.getByRole('searchbox', { name: 'Search organizations' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search organizations' }), 'zenith');
    const cm = FIXTURE_IDS.cmOrgSynced;
    await waitFor(() => expect(shownNames()).toContain(fixtureName(cm)));
    expect(within(table()).getByRole('link', { name: fixtureName(cm) })).toHaveAttribute(
      'href',
      `/orgs/cloudmanager/${cm}`,
    );
  });

  it('opens a shared link to exactly the orgs the server knows, and writes filters back', async () => {
    const fleet = await serverFleet();
    const expected = fleet.orgs
      .filter((o) => o.status === 'SYNCED' && o.name?.toLowerCase().includes('acme'))
      .map((o) => o.name);
    expect(expected.length).toBeGreaterThan(0);
    const { user, router } = renderBoard('?q=acme&status=synced');
    expect(await screen.findByRole('searchbox', { name: 'Search organizations' })).toHaveValue(
      'acme',
    );
    await waitFor(() => expect(shownNames()).toEqual(expected));
    const status = screen.getByRole('radiogroup', { name: 'Status filter' });
    expect(within(status).getByRole('radio', { name: 'Synced' })).toBeChecked();
    // One vocabulary: the filter names the states exactly as the summary (and the badges) do.
    const legend = within(screen.getByRole('list', { name: 'Organizations per link status' }))
      .getAllByRole('listitem')
      .map((li) => li.textContent?.replace(/\d+$/, '') ?? '');
    expect(within(status).getAllByRole('radio')).toHaveLength(legend.length + 1);
    for (const state of ['All', ...legend]) {
      expect(within(status).getByRole('radio', { name: state })).toBeInTheDocument();
    }
    await user.click(within(status).getByRole('radio', { name: 'Not linked' }));
    await waitFor(() => expect(router.state.location.search).toBe('?q=acme&status=not-linked'));
    const source = screen.getByRole('radiogroup', { name: 'Source' });
    await user.click(within(source).getByRole('radio', { name: 'Cloud Manager' }));
    await waitFor(() =>
      expect(router.state.location.search).toBe('?q=acme&status=not-linked&source=cloudmanager'),
    );
    await user.click(within(status).getByRole('radio', { name: 'All' }));
    await waitFor(() => expect(router.state.location.search).toBe('?q=acme&source=cloudmanager'));
  });

  it('filters by source', async () => {
    renderBoard('?source=cloudmanager');
    expect(
      await screen.findByText(`Showing ${SEEDED.cloudManager} of ${SEEDED.total} organizations`),
    ).toBeInTheDocument();
    for (const cell of within(table()).getAllByRole('cell', { name: /Manager$/ })) {
      expect(cell).toHaveTextContent('Cloud Manager');
    }
  });

  it("a row's own live answer wins over the server's older record, in the row and the summary", async () => {
    const id = FIXTURE_IDS.opsOrgSynced;
    mockServer.use(
      http.get(statusPath, ({ params }) =>
        params.orgId === id ? HttpResponse.json({ status: 'NOT_SYNCED' }) : undefined,
      ),
    );
    renderBoard('?q=acme');
    await screen.findByText(/^Showing \d+ of 58 organizations$/);
    await waitFor(() => expect(within(rowOf(id)).getByText('Not synced')).toBeInTheDocument());
    await waitFor(() => expect(legendCount('Synced')).toBe(String(SEEDED.synced - 1)));
    expect(legendCount('Not synced')).toBe(String(SEEDED.notSynced + 1));
  });

  it('shows a failed live check in the row, with why', async () => {
    setDefaultScenario('forbidden');
    renderBoard('?q=acme');
    await screen.findByRole('table', { name: 'Organizations' });
    expect(
      await within(rowOf(FIXTURE_IDS.opsOrgSynced)).findByText('Check failed: 403 forbidden'),
    ).toBeInTheDocument();
    await waitFor(() => expect(Number(legendCount('Check failed'))).toBeGreaterThan(0));
  });

  it("Check now asks the server to sweep and follows the server's progress to the end", async () => {
    let now = Date.parse('2026-02-01T12:00:00.000Z');
    setStoreClock(() => now);
    const requests = trackRequests();
    const { user } = renderBoard();
    const button = await screen.findByRole('button', { name: 'Check now' });
    expect(screen.getByText(/^Last check: done/)).toBeInTheDocument();
    await user.click(button);
    expect(requests).toContain('POST /api/fleet/sweep');
    expect(
      await screen.findByText('Waiting for the server to start the check (asked by demo)…'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Check now' })).toBeDisabled();
    // Half-way through the fake server's sweep.
    now += FAKE_QUEUE_MS + FAKE_SWEEP_MS / 2;
    const bar = await screen.findByRole('progressbar', { name: 'Check progress' });
    expect(bar).toHaveAttribute('aria-valuemax', String(SEEDED.total));
    expect(bar).toHaveAttribute('aria-valuenow', String(SEEDED.total / 2));
    expect(screen.getByText(/^Checked 29 of 58 — asked by demo/)).toBeInTheDocument();
    now += FAKE_SWEEP_MS;
    expect(await screen.findByText('Checked 58 of 58 — done (asked by demo).')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Check now' })).toBeEnabled();
    // The finished sweep is news: the board reads the fleet again.
    await waitFor(() =>
      expect(requests.filter((r) => r === 'GET /api/fleet').length).toBeGreaterThanOrEqual(2),
    );
  });

  it('a viewer sees Check now disabled, with the reason', async () => {
    mockServer.use(
      http.get(PROXY_ENDPOINTS.config, () =>
        HttpResponse.json({
          ...mockConfig(true),
          signInRequired: true,
          session: { user: 'vera', role: 'viewer', method: 'password' },
        }),
      ),
    );
    renderBoard();
    const button = await screen.findByRole('button', { name: 'Check now' });
    await waitFor(() => expect(button).toBeDisabled());
    expect(button).toHaveAccessibleDescription(
      'Check now: Your role is viewer: the operator role is needed for this action.',
    );
  });

  it('Export CSV downloads exactly the rows as filtered', async () => {
    const blobs: Blob[] = [];
    const names: string[] = [];
    const create = vi.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:orglink-test';
    });
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      names.push(this.download);
    });
    onTestFinished(() => click.mockRestore());

    const { user } = renderBoard('?q=a&source=opsmanager&status=not-synced');
    await screen.findByText(/^Showing \d+ of 58 organizations$/);
    const shown = within(table())
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.getAttribute('data-org-key'));
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(blobs).toHaveLength(1));
    expect(names[0]).toMatch(/^organizations-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...records] = parseCsv(await (blobs[0] as Blob).text());
    expect(header).toEqual([
      'Source',
      'Name',
      'ID',
      'Status',
      'Since',
      'Last checked',
      'Last error',
    ]);
    expect(records.map((r) => `opsmanager:${r[2]}`)).toEqual(shown);
    for (const r of records) {
      expect(r[0]).toBe('Ops Manager');
      expect(r[3]).toBe('Not synced');
      expect(r[4]).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    const fleet = await serverFleet();
    const expected = fleet.orgs.filter(
      (o) =>
        o.upstream === 'opsmanager' &&
        o.status === 'NOT_SYNCED' &&
        (o.name?.toLowerCase().includes('a') || o.orgId.includes('a')),
    );
    expect(records.map((r) => r[2])).toEqual(expected.map((o) => o.orgId));
  });

  it('says what failed and what to do when the dashboard server cannot answer', async () => {
    mockServer.use(
      http.get(FLEET_ENDPOINTS.fleet, () =>
        HttpResponse.json(
          {
            source: 'proxy',
            error: 500,
            code: 'INTERNAL',
            detail: 'The dashboard server failed; see its log.',
          },
          { status: 500 },
        ),
      ),
    );
    renderBoard();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the organizations from the dashboard server');
    expect(alert).toHaveTextContent('The dashboard server failed; see its log.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('explains a network failure', async () => {
    mockServer.use(http.get(FLEET_ENDPOINTS.fleet, () => HttpResponse.error()));
    renderBoard();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Network error');
    expect(alert).toHaveTextContent('Check your connection');
  });
});
