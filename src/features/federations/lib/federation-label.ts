// How a federation is named on its card, its page's heading and its page's title: one place to
// change when federations are named by their domains and identity providers.
import type { FederationSettings } from '#contract/schemas';

export function federationLabel(federationId: string): string {
  return `Federation ${federationId}`;
}

/** "contoso.com, contoso.eu", or "none". */
export function federatedDomainsText(
  settings: Pick<FederationSettings, 'federatedDomains'>,
): string {
  return settings.federatedDomains.length > 0 ? settings.federatedDomains.join(', ') : 'none';
}

/** "<id> (active)", or "none". */
export function identityProviderText(
  settings: Pick<FederationSettings, 'identityProviderId' | 'identityProviderStatus'>,
): string {
  return settings.identityProviderId
    ? `${settings.identityProviderId} (${settings.identityProviderStatus.toLowerCase()})`
    : 'none';
}
