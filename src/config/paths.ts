// Typed routes of the SPA: build links through these, never by hand.
import type { SourceUpstream } from '#contract/route-table';

export const paths = {
  home: '/',
  orgs: '/orgs',
  /** An org page says which upstream the org lives on: /orgs/opsmanager/5f… or /orgs/cloudmanager/5f… */
  org: (source: SourceUpstream, orgId: string) => `/orgs/${source}/${encodeURIComponent(orgId)}`,
  linkTokens: '/link-tokens',
  federations: '/federations',
  federation: (federationId: string) => `/federations/${encodeURIComponent(federationId)}`,
  settings: '/settings',
  audit: '/audit',
  signIn: '/sign-in',
} as const;
