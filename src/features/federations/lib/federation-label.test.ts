import { describe, expect, it } from 'vitest';
import {
  federatedDomainsText,
  federationLabel,
  federationName,
  federationNaming,
} from './federation-label';

const ID = '6293c47236cd9e51e335d098';

describe('federationLabel', () => {
  it('names a federation by its domains via its identity providers', () => {
    expect(
      federationLabel({ id: ID, domains: ['acme-payments.com'], identityProviders: ['Acme Okta'] }),
    ).toBe('acme-payments.com via Acme Okta');
  });

  it('shows two of each at most and counts the rest', () => {
    expect(
      federationLabel({
        id: ID,
        domains: ['contoso.com', 'contoso.eu', 'contoso-retail.com', 'contoso.de'],
        identityProviders: ['Contoso Okta', 'Contoso Entra ID', 'Contoso Ping'],
      }),
    ).toBe('contoso.com, contoso.eu and 2 more via Contoso Okta, Contoso Entra ID and 1 more');
  });

  it('uses what is known: domains alone, providers alone, else the ID', () => {
    expect(federationLabel({ id: ID, domains: ['globex.com'] })).toBe('globex.com');
    expect(federationLabel({ id: ID, domains: ['globex.com'], identityProviders: [] })).toBe(
      'globex.com',
    );
    expect(federationLabel({ id: ID, domains: [], identityProviders: ['Globex Entra ID'] })).toBe(
      'Globex Entra ID',
    );
    expect(federationLabel({ id: ID })).toBe(`Federation ${ID}`);
    expect(federationLabel({ id: ID, domains: [], identityProviders: [] })).toBe(
      `Federation ${ID}`,
    );
  });

  it('counts a name once and leaves blank ones out', () => {
    expect(
      federationLabel({
        id: ID,
        domains: [' initech.com ', 'initech.com', ''],
        identityProviders: ['Initech Ping', 'Initech Ping', '  '],
      }),
    ).toBe('initech.com via Initech Ping');
  });

  it('is built from the settings and the identity provider list as they arrive', () => {
    const settings = { federatedDomains: ['wonka.com'] };
    expect(federationLabel(federationNaming(ID, undefined, undefined))).toBe(`Federation ${ID}`);
    expect(federationLabel(federationNaming(ID, settings, undefined))).toBe('wonka.com');
    expect(
      federationLabel(federationNaming(ID, settings, [{ displayName: 'Wonka Entra ID' }])),
    ).toBe('wonka.com via Wonka Entra ID');
  });
});

describe('federationName', () => {
  it('is what a typed confirmation accepts: the first domain, else the first provider', () => {
    expect(
      federationName({
        id: ID,
        domains: ['acme-payments.com', 'acme.io'],
        identityProviders: ['Acme Okta'],
      }),
    ).toBe('acme-payments.com');
    expect(federationName({ id: ID, domains: [], identityProviders: [' Acme Okta '] })).toBe(
      'Acme Okta',
    );
    expect(federationName({ id: ID })).toBeNull();
  });
});

describe('federatedDomainsText', () => {
  it('lists every domain, or says none', () => {
    expect(federatedDomainsText({ federatedDomains: ['a.com', 'b.com', 'c.com'] })).toBe(
      'a.com, b.com, c.com',
    );
    expect(federatedDomainsText({ federatedDomains: [] })).toBe('none');
  });
});
