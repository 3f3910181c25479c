import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { mockConfig } from '../../../mocks/handlers/proxy';
import { FIXTURE_IDS, fixtureName } from '../../../mocks/db/fixtures';
import { mockServer } from '../../../mocks/node';
import type { AuditEntry } from '#contract/audit-contract';
import { PROXY_ENDPOINTS, type Session } from '#contract/proxy-contract';
import { renderPage } from '@/testing/render';
import { Page } from './audit';

const ORG = '5e1d7a3b9c0f2a4b6d8e0f12';
const FED = '6a1d7a3b9c0f2a4b6d8e0f34';

const ATLAS_ORG = FIXTURE_IDS.cloudOrgWithToken;
const entries: AuditEntry[] = [
  {
    // A second delete of a link-token: the upstream had none (404), a harmless repeat.
    time: '2026-01-02T11:00:00.000Z',
    requestId: 'req-3',
    user: 'olga',
    role: 'operator',
    auth: 'password',
    operation: 'deleteLinkToken',
    method: 'DELETE',
    orgId: ATLAS_ORG,
    outcome: 'upstream_error',
    status: 404,
    upstreamStatus: 404,
    code: 'UNEXPECTED_ERROR',
    address: '10.0.0.1',
  },
  {
    time: '2026-01-02T10:00:00.000Z',
    requestId: 'req-2',
    user: 'vera',
    role: 'viewer',
    auth: 'password',
    operation: 'removeLink',
    method: 'DELETE',
    orgId: ORG,
    outcome: 'refused',
    status: 403,
    upstreamStatus: null,
    code: 'ROLE_REQUIRED',
    address: '10.0.0.2',
  },
  {
    time: '2026-01-02T09:00:00.000Z',
    requestId: 'req-1',
    user: 'olga',
    role: 'operator',
    auth: 'password',
    operation: 'removeConnectedOrg',
    method: 'DELETE',
    orgId: ORG,
    federationId: FED,
    outcome: 'success',
    status: 204,
    upstreamStatus: 204,
    address: '10.0.0.1',
  },
];

/** The proxy's audit endpoint over `extra` + `entries`, `pageSize` at a time (cursor = index). */
function world(session: Session, extra: AuditEntry[] = [], unreadable = 0, pageSize = 100) {
  const queries: string[] = [];
  mockServer.use(
    http.get(PROXY_ENDPOINTS.config, () => HttpResponse.json({ ...mockConfig(true), session })),
    http.get(PROXY_ENDPOINTS.audit, ({ request }) => {
      const url = new URL(request.url);
      queries.push(url.search);
      const outcome = url.searchParams.get('outcome');
      const all = [...extra, ...entries].filter((e) => !outcome || e.outcome === outcome);
      const from = Number(url.searchParams.get('before') ?? 0);
      const to = from + pageSize;
      return HttpResponse.json({
        entries: all.slice(from, to),
        source: 'database',
        nextCursor: to < all.length ? String(to) : null,
        truncated: false,
        unreadable,
      });
    }),
  );
  return queries;
}

describe('Audit page', () => {
  it('lists recent entries with who, what, target and outcome; filters go into the URL', async () => {
    const queries = world({ user: 'olga', role: 'operator', method: 'password' });
    const { user, router } = renderPage(<Page />, { path: '/audit' });
    const table = await screen.findByRole('table', { name: 'Audit log' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(4);
    // Nothing to delete is not a refusal; the org's name stands beside its ID.
    expect(rows[1]).toHaveTextContent('Nothing to delete');
    expect(rows[1]).not.toHaveTextContent('Upstream refused');
    expect(
      await within(rows[1]!).findByRole('link', {
        name: `${fixtureName(ATLAS_ORG)} (${ATLAS_ORG})`,
      }),
    ).toHaveAttribute('href', `/link-tokens?org=${ATLAS_ORG}`);
    // Date and time in the cell, with the time zone on hover.
    expect(within(rows[1]!).getByText(/2026/)).toHaveAttribute(
      'title',
      expect.stringMatching(/2026.*(GMT|UTC|[A-Z]{2,5})/),
    );
    rows.shift();
    expect(rows[1]).toHaveTextContent('vera');
    expect(rows[1]).toHaveTextContent('Remove the connection to Atlas');
    expect(rows[1]).toHaveTextContent('Refused by dashboard');
    expect(rows[1]).toHaveTextContent('ROLE_REQUIRED');
    expect(within(rows[1]!).getByRole('link', { name: ORG })).toHaveAttribute(
      'href',
      // removeLink is Ops Manager's: its org page says so in the address.
      `/orgs/opsmanager/${ORG}`,
    );
    expect(within(rows[2]!).getByRole('link', { name: FED })).toHaveAttribute(
      'href',
      `/federations/${FED}`,
    );

    await user.click(screen.getByRole('combobox', { name: 'Outcome' }));
    await user.click(await screen.findByRole('option', { name: 'Done' }));
    expect(router.state.location.search).toBe('?outcome=success');
    await screen.findByText('1 entry, newest first: all that match.');
    expect(queries.at(-1)).toBe('?outcome=success');

    await user.type(screen.getByLabelText('Organization or federation ID'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(
      screen.getByText('An ID is 24 characters: digits 0-9 and letters a-f.'),
    ).toBeInTheDocument();
    expect(router.state.location.search).toBe('?outcome=success');
  });

  it('shows an attempt of unknown outcome and says when records could not be read', async () => {
    const unknown: AuditEntry = {
      time: '2026-01-02T12:00:00.000Z',
      requestId: 'req-4',
      user: 'olga',
      role: 'operator',
      auth: 'password',
      operation: 'removeLink',
      method: 'DELETE',
      orgId: ORG,
      outcome: 'unknown',
      status: null,
      upstreamStatus: null,
      code: 'NO_OUTCOME_RECORDED',
      address: '10.0.0.1',
    };
    world({ user: 'olga', role: 'operator', method: 'password' }, [unknown], 1);
    renderPage(<Page />, { path: '/audit' });
    const table = await screen.findByRole('table', { name: 'Audit log' });
    const row = within(table).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('Unknown');
    expect(row).toHaveTextContent('check the status before retrying');
    expect(row).toHaveTextContent('NO_OUTCOME_RECORDED');
    expect(row).toHaveTextContent('—');
    expect(
      screen.getByText(/1 record could not be read .* see the database itself/),
    ).toBeInTheDocument();
  });

  it('pages through older entries; a migration names its project and migration IDs', async () => {
    const migration: AuditEntry = {
      time: '2026-01-02T13:00:00.000Z',
      requestId: 'req-5',
      user: 'olga',
      role: 'operator',
      auth: 'password',
      operation: 'createMigration',
      method: 'POST',
      groupId: '7a1d7a3b9c0f2a4b6d8e0f56',
      liveMigrationId: '8a1d7a3b9c0f2a4b6d8e0f78',
      outcome: 'success',
      status: 200,
      upstreamStatus: 200,
      address: '10.0.0.1',
    };
    const queries = world(
      { user: 'olga', role: 'operator', method: 'password' },
      [migration],
      0,
      2,
    );
    const { user } = renderPage(<Page />, { path: '/audit' });
    const table = await screen.findByRole('table', { name: 'Audit log' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(
      screen.getByText('The 2 most recent entries, newest first; older ones follow.'),
    ).toBeInTheDocument();
    const first = within(table).getAllByRole('row')[1]!;
    expect(first).toHaveTextContent('project 7a1d7a3b9c0f2a4b6d8e0f56');
    expect(first).toHaveTextContent('migration 8a1d7a3b9c0f2a4b6d8e0f78');

    await user.click(screen.getByRole('button', { name: 'Show older entries' }));
    await screen.findByText('4 entries, newest first: all that match.');
    expect(within(table).getAllByRole('row')).toHaveLength(5);
    expect(within(table).getAllByRole('row')[4]).toHaveTextContent(FED);
    expect(screen.queryByRole('button', { name: 'Show older entries' })).not.toBeInTheDocument();
    expect(queries).toEqual(['', '?before=2']);
  });

  it('tells a viewer that the operator role is needed, and asks the proxy nothing', async () => {
    const queries = world({ user: 'vera', role: 'viewer', method: 'password' });
    renderPage(<Page />, { path: '/audit' });
    expect(
      await screen.findByText('The operator role is needed to read the audit log'),
    ).toBeInTheDocument();
    expect(screen.getByText(/signed in as vera with the viewer role/)).toBeInTheDocument();
    expect(queries).toEqual([]);
  });
});
