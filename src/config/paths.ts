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
