import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import {
  LIVE_MIGRATION_ENDPOINTS,
  type MigrationList,
  type RegisteredMigration,
} from '#contract/live-migrations-contract';
import { MIGRATION_BLOCKS_LINK_CODE } from '#contract/upstream-answers';
import { ApiError } from '@/api/api-error';
import { callUpstreamOperation } from '@/api/client';
import { renderPage } from '@/testing/render';
import { mockServer } from '../../mocks/node';
import { ErrorState } from './error-state';

describe('ErrorState', () => {
  it('says an ID refused in the browser is the input’s fault, not the dashboard server’s', async () => {
    const error = await callUpstreamOperation('getOrg', { params: { orgId: 'not-an-id' } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    renderPage(<ErrorState error={error} title="Could not load this organization" />);
    const alert = screen.getByRole('alert', { name: 'Could not load this organization' });
    expect(alert).toHaveTextContent('What you entered is not valid');
    expect(alert).toHaveTextContent(
      'The organization ID is not valid. An ID is 24 characters: digits 0-9 and letters a-f.',
    );
    expect(alert).toHaveTextContent('Correct what you entered and try again. Nothing was sent.');
    expect(alert).not.toHaveTextContent(/Dashboard server|Code:|REQUEST_REFUSED/);
  });
});

describe('ErrorState: a link an active migration holds (409)', () => {
  const PROJECT = 'cd0000000000000000000009';
  const refusal = new ApiError({
    source: 'upstream',
    status: 409,
    errorCode: MIGRATION_BLOCKS_LINK_CODE,
    detail: `Cannot delete organization link while there is active migration in following project ids: ${PROJECT}`,
  });
  const migration: RegisteredMigration = {
    id: 'ab0000000000000000000001',
    source: {
      upstream: 'opsmanager',
      orgId: 'ef0000000000000000000001',
      orgName: 'Acme',
      projectId: 'ef0000000000000000000002',
      projectName: 'payments',
      deployment: 'payments-rs',
    },
    target: {
      atlasOrgId: 'ef0000000000000000000003',
      atlasOrgName: 'Acme Atlas',
      projectId: PROJECT,
      projectName: 'prod',
      cluster: 'payments-prod',
    },
    migrationHost: 'mh1.example.net',
    options: {
      hostnameSchemaType: 'PUBLIC',
      tls: true,
      caCertificatePath: null,
      managedAuthentication: false,
      dropDestinationData: false,
    },
    startedBy: 'olga',
    startedAt: '2026-11-30T06:00:00.000Z',
    status: 'WORKING',
    lagSeconds: 12,
    readyForCutover: false,
    active: true,
    lastCheckedAt: '2026-11-30T06:01:00.000Z',
    lastError: null,
    readySince: null,
    cutoverWindowMs: 120 * 3_600_000,
    windowEndsAt: null,
    cutoverRequestedBy: null,
    cutoverRequestedAt: null,
    completedAt: null,
    finishedAt: null,
  };
  const answerWith = (migrations: RegisteredMigration[]) =>
    mockServer.use(
      http.get(LIVE_MIGRATION_ENDPOINTS.list, () =>
        HttpResponse.json({
          migrations,
          generatedAt: '2026-11-30T06:01:00.000Z',
          pollIntervalMs: 30_000,
        } satisfies MigrationList),
      ),
    );

  it('explains why and links to the migration this console started', async () => {
    answerWith([migration]);
    renderPage(<ErrorState error={refusal} title="Could not remove the link" />);
    const alert = screen.getByRole('alert', { name: 'Could not remove the link' });
    expect(
      await within(alert).findByText(/A live migration through this link is still running/),
    ).toBeInTheDocument();
    const link = await within(alert).findByRole('link', { name: 'payments-rs → payments-prod' });
    expect(link).toHaveAttribute('href', '/migrations/ab0000000000000000000001');
    expect(alert).toHaveTextContent('(started by olga)');
  });

  it('says so when this console did not start it', async () => {
    answerWith([
      { ...migration, target: { ...migration.target, projectId: 'cd00000000000000000000ff' } },
    ]);
    renderPage(<ErrorState error={refusal} title="Could not remove the link" />);
    const alert = screen.getByRole('alert', { name: 'Could not remove the link' });
    expect(await within(alert).findByText(/This console did not start it/)).toBeInTheDocument();
    expect(within(alert).queryByRole('link')).toBeNull();
  });
});
