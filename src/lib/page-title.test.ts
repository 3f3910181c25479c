import { confirms } from './confirm-text';
import { pageTitle } from './page-title';

describe('pageTitle', () => {
  it('names what the page shows, most specific first, then the app', () => {
    expect(pageTitle('Acme Payments Prod', 'Synced')).toBe(
      'Acme Payments Prod · Synced — Orglink Console',
    );
    expect(pageTitle('Organizations (44)', null, false, '')).toBe(
      'Organizations (44) — Orglink Console',
    );
    expect(pageTitle()).toBe('Orglink Console');
  });
});

describe('confirms (typed confirmations)', () => {
  const id = '5e1d7a3b9c0f2a4b6d8e0f12';
  it('takes the exact name or the exact ID, outer spaces aside', () => {
    expect(confirms(id, id, 'Acme')).toBe(true);
    expect(confirms(' Acme ', id, 'Acme')).toBe(true);
    expect(confirms('acme', id, 'Acme')).toBe(false);
    expect(confirms(id.slice(1), id, 'Acme')).toBe(false);
    expect(confirms('', id, '')).toBe(false);
    expect(confirms('   ', id, null)).toBe(false);
  });
});
