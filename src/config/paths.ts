// Typed routes of the SPA: build links through these, never by hand.
export const paths = {
  home: '/',
  orgs: '/orgs',
  org: (orgId: string) => `/orgs/${encodeURIComponent(orgId)}`,
  linkTokens: '/link-tokens',
  federations: '/federations',
  federation: (federationId: string) => `/federations/${encodeURIComponent(federationId)}`,
  migrations: '/migrations',
  migration: (id: string) => `/migrations/${encodeURIComponent(id)}`,
  newMigration: (q: { source?: string; org?: string; atlasOrg?: string } = {}) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v) search.set(k, v);
    const s = search.toString();
    return `/migrations/new${s ? `?${s}` : ''}`;
  },
  settings: '/settings',
  audit: '/audit',
  signIn: '/sign-in',
} as const;
