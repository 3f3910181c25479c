import { screen } from '@testing-library/react';
import { ApiError } from '@/api/api-error';
import { callUpstreamOperation } from '@/api/client';
import { renderPage } from '@/testing/render';
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
