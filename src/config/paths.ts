// Typed routes of the SPA: build links through these, never by hand.
export const paths = {
  home: '/',
  orgs: '/orgs',
  org: (orgId: string) => `/orgs/${encodeURIComponent(orgId)}`,
  linkTokens: '/link-tokens',
  federations: '/federations',
  federation: (federationId: string) => `/federations/${encodeURIComponent(federationId)}`,
  settings: '/settings',
  audit: '/audit',
  signIn: '/sign-in',
} as const;
