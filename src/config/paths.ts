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
  org: (orgId: string) => `/orgs/${encodeURIComponent(orgId)}`,
  /**
   * An organization of either source product. Org pages are moving to `/orgs/:source/:orgId`
   * (the board's branch), which keeps `/orgs/:orgId` as an Ops Manager org's old address: Ops
   * Manager orgs link there so the link works before and after that move.
   */
  sourceOrg: (source: SourceUpstream, orgId: string) =>
    source === 'opsmanager'
      ? `/orgs/${encodeURIComponent(orgId)}`
      : `/orgs/${encodeURIComponent(source)}/${encodeURIComponent(orgId)}`,
  link: '/link',
  /** "Link an organization", with what is already known filled in. */
  linkWith: (p: LinkPrefill) =>
    withQuery('/link', { source: p.source, org: p.org, atlasOrg: p.atlasOrg }),
  linkTokens: '/link-tokens',
  linkTokensOf: (atlasOrgId: string) => withQuery('/link-tokens', { org: atlasOrgId }),
  /** Start a migration from a linked source org (the migrations pages). */
  newMigration: (p: Required<LinkPrefill>) =>
    withQuery('/migrations/new', { source: p.source, org: p.org, atlasOrg: p.atlasOrg }),
  federations: '/federations',
  federation: (federationId: string) => `/federations/${encodeURIComponent(federationId)}`,
  settings: '/settings',
  audit: '/audit',
  /** The audit records that name an organization. */
  auditOf: (id: string) => withQuery('/audit', { id }),
  signIn: '/sign-in',
} as const;
