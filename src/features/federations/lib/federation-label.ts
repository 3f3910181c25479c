// How a federation is named on its card, its page's heading, its page's title, its dialogs and
// notifications: by its federated domains and its identity providers' display names, the hex ID
// only while neither is known. The one place that decides it.
import type { FederationSettings, IdentityProvider } from '#contract/schemas';

/** What a federation is known by; the domains and providers once they have been read. */
export interface FederationNaming {
  id: string;
  /** Its federated domains (an org's federation settings say them). */
  domains?: readonly string[] | undefined;
  /** Its identity providers' display names (its identity provider list says them). */
  identityProviders?: readonly string[] | undefined;
}

/** Domains, and provider names, a label shows at most; the rest are counted ("and 2 more"). */
export const LABEL_LIST_MAX = 2;

/** The naming parts from what has been read so far (either may still be unknown). */
export function federationNaming(
  id: string,
  settings: Pick<FederationSettings, 'federatedDomains'> | undefined,
  providers: readonly Pick<IdentityProvider, 'displayName'>[] | undefined,
): FederationNaming {
  return {
    id,
    domains: settings?.federatedDomains,
    identityProviders: providers?.map((p) => p.displayName),
  };
}

/**
 * "contoso.com, contoso.eu and 1 more via Contoso Okta": its domains via its identity providers;
 * either alone when the other is unknown or empty; "Federation <id>" when neither is known.
 */
export function federationLabel(f: FederationNaming): string {
  const domains = shortList(f.domains);
  const providers = shortList(f.identityProviders);
  if (domains && providers) return `${domains} via ${providers}`;
  return domains ?? providers ?? `Federation ${f.id}`;
}

/**
 * What a typed confirmation accepts besides the ID: its first domain (a domain belongs to one
 * federation only), else its first identity provider's name; null while neither is known.
 */
export function federationName(f: FederationNaming): string | null {
  return cleaned(f.domains)[0] ?? cleaned(f.identityProviders)[0] ?? null;
}

/** "contoso.com, contoso.eu", or "none". */
export function federatedDomainsText(
  settings: Pick<FederationSettings, 'federatedDomains'>,
): string {
  return settings.federatedDomains.length > 0 ? settings.federatedDomains.join(', ') : 'none';
}

/** Trimmed, non-empty, each once, in the upstream's order. */
function cleaned(items: readonly string[] | undefined): string[] {
  return [...new Set((items ?? []).map((s) => s.trim()).filter((s) => s !== ''))];
}

function shortList(items: readonly string[] | undefined): string | null {
  const all = cleaned(items);
  if (all.length === 0) return null;
  const shown = all.slice(0, LABEL_LIST_MAX).join(', ');
  const rest = all.length - LABEL_LIST_MAX;
  return rest > 0 ? `${shown} and ${rest} more` : shown;
}
