// What an upstream's answer means when its status alone says it (FACTS.md). The SPA and the proxy
// both act on these rules, so they live here once.

/**
 * A 404 from Ops Manager or MongoDB Cloud to a lookup means "there is none": no link (link status),
 * no federation (an org's federation settings), no link-token (delete). Its errorCode is not
 * documented and varies (e.g. UNEXPECTED_ERROR), so only the status counts. The caller must know the
 * answer is the upstream's: a 404 from the proxy itself is a refused request, not "none".
 */
export function upstreamAnswerMeansNone(status: number): boolean {
  return status === 404;
}

/**
 * Removing an org link or deleting link-tokens while a live migration runs (FACTS.md): 409 with
 * this code and a detail naming the projects ("… following project ids: a, b").
 */
export const MIGRATION_BLOCKS_LINK_CODE = 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK';
