// Typed routes of the SPA: build links through these, never by hand.
import type { SourceUpstream } from '#contract/route-table';

/** What "Link an organization" can start with (the page's address keeps it). */
export interface LinkPrefill {
  source?: SourceUpstream;
  /** The source organization's ID. */
  org?: string;
  atlasOrg?: string;
}

function withQuery(path: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const paths = {
  home: '/',
  orgs: '/orgs',
  /** An org page says which upstream the org lives on: /orgs/opsmanager/5f… or /orgs/cloudmanager/5f… */
  org: (source: SourceUpstream, orgId: string) => `/orgs/${source}/${encodeURIComponent(orgId)}`,
  link: '/link',
  /** "Link an organization", with what is already known filled in. */
  linkWith: (p: LinkPrefill) =>
    withQuery('/link', { source: p.source, org: p.org, atlasOrg: p.atlasOrg }),
  linkTokens: '/link-tokens',
  linkTokensOf: (atlasOrgId: string) => withQuery('/link-tokens', { org: atlasOrgId }),
  federations: '/federations',
  federation: (federationId: string) => `/federations/${encodeURIComponent(federationId)}`,
  migrations: '/migrations',
  migration: (id: string) => `/migrations/${encodeURIComponent(id)}`,
  /** Start migration, with what is already known (e.g. Plan a migration from a linked org). */
  newMigration: (p: LinkPrefill = {}) =>
    withQuery('/migrations/new', { source: p.source, org: p.org, atlasOrg: p.atlasOrg }),
  settings: '/settings',
  audit: '/audit',
  /** The audit records that name an organization. */
  auditOf: (id: string) => withQuery('/audit', { id }),
  signIn: '/sign-in',
} as const;
