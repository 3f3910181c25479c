// Identity providers as the federation pages show them: by display name, their hex ID beside.
import type { IdentityProvider } from '#contract/schemas';

/**
 * The ID connected orgs and an org's federation settings name a provider by: its legacy 20-hex ID
 * when it has one (FACTS.md), else its 24-hex ID.
 */
export function identityProviderRef(p: Pick<IdentityProvider, 'id' | 'oktaIdpId'>): string {
  return p.oktaIdpId ?? p.id;
}

/** Providers by either of their IDs, for naming the one a connected org uses. */
export function providersById(
  providers: readonly IdentityProvider[] | undefined,
): Map<string, IdentityProvider> {
  const byId = new Map<string, IdentityProvider>();
  for (const p of providers ?? []) {
    byId.set(p.id, p);
    if (p.oktaIdpId) byId.set(p.oktaIdpId, p);
  }
  return byId;
}

/** "SAML, active": its protocol and, when the API says it, its status. */
export function identityProviderFacts(p: Pick<IdentityProvider, 'protocol' | 'status'>): string {
  return p.status ? `${p.protocol}, ${p.status.toLowerCase()}` : p.protocol;
}
