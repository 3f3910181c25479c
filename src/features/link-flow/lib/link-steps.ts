// Generate and connect as the two calls a reader would make by hand, in order (Show API call).
// Placeholders only: the link-token of step 1 goes into step 2 as {LINK-TOKEN}. Built once both
// organizations are chosen (the paths need their IDs).
import type { ApiCallStep } from '@/components/show-api-call';
import { SOURCE_OPS, UPSTREAM_LABELS, type SourceUpstream } from '#contract/route-table';

export function linkApiSteps(
  source: SourceUpstream,
  sourceOrgId: string,
  atlasOrgId: string,
  accessListIps: readonly string[],
): ApiCallStep[] {
  return [
    {
      op: 'createLinkToken',
      input: { params: { orgId: atlasOrgId }, accessListIps },
      title: 'Generate a link-token in Atlas (the answer holds it)',
    },
    {
      op: SOURCE_OPS[source].connect,
      input: { params: { orgId: sourceOrgId } },
      title: `Connect the ${UPSTREAM_LABELS[source]} organization with that link-token`,
    },
  ];
}
