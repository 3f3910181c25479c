// What "Link an organization" starts with, read from its address (`?source=&org=&atlasOrg=`):
// the org page, the board and the Link-tokens page send the user here with what they know.
import { isSourceUpstream, type SourceUpstream } from '#contract/route-table';
import { OBJECT_ID_PATTERN } from '#contract/schemas';

export interface LinkChoice {
  /** The source org, when both its product and ID are known and well formed. */
  source: { upstream: SourceUpstream; orgId: string } | null;
  atlasOrgId: string | null;
  /** What in the address could not be used, in words (shown, never silently dropped). */
  problems: string[];
}

export function readLinkChoice(params: URLSearchParams): LinkChoice {
  const problems: string[] = [];
  const source = params.get('source');
  const org = params.get('org');
  const atlasOrg = params.get('atlasOrg');
  let chosen: LinkChoice['source'] = null;
  if (source !== null || org !== null) {
    if (source === null || !isSourceUpstream(source)) {
      problems.push('The source product in the address is not Ops Manager or Cloud Manager.');
    } else if (org === null || !OBJECT_ID_PATTERN.test(org)) {
      problems.push('The source organization ID in the address is not valid.');
    } else {
      chosen = { upstream: source, orgId: org };
    }
  }
  let atlasOrgId: string | null = null;
  if (atlasOrg !== null) {
    if (OBJECT_ID_PATTERN.test(atlasOrg)) atlasOrgId = atlasOrg;
    else problems.push('The Atlas organization ID in the address is not valid.');
  }
  return { source: chosen, atlasOrgId, problems };
}

/** A Select value for a source org: its product and ID. */
export function sourceValue(upstream: SourceUpstream, orgId: string): string {
  return `${upstream}:${orgId}`;
}

export function parseSourceValue(
  value: string,
): { upstream: SourceUpstream; orgId: string } | null {
  const [upstream = '', orgId = ''] = value.split(':');
  return isSourceUpstream(upstream) && OBJECT_ID_PATTERN.test(orgId) ? { upstream, orgId } : null;
}
