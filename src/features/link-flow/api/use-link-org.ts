// Generate and connect: one call to the proxy, which makes the link-token in Atlas and hands it to
// the source org's connect itself. The browser never sees the token. A failure at either step
// comes back as a LinkFlowError: which step, whether a token now exists, and the upstream's words.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, isApiError } from '@/api/api-error';
import { callProxyEndpoint } from '@/api/client';
import { ledgerQueries } from '@/api/queries/link-tokens';
import {
  LINK_ENDPOINTS,
  linkFailureSchema,
  linkResultSchema,
  type LinkFailure,
  type LinkRequest,
  type LinkResult,
} from '#contract/link-contract';
import { SOURCE_OPS, UPSTREAM_LABELS, isSourceUpstream } from '#contract/route-table';
import { linkWatchQueries } from './link-watch-queries';

/** Generate and connect failed at one step; `error` says it as the fetch layer would. */
export class LinkFlowError extends Error {
  constructor(
    readonly failure: LinkFailure,
    readonly error: ApiError,
  ) {
    super(failure.detail);
    this.name = 'LinkFlowError';
  }
}

export function isLinkFlowError(e: unknown): e is LinkFlowError {
  return e instanceof LinkFlowError;
}

/** A step's failure as the ApiError of that upstream's call (for ErrorState's words and advice). */
function asApiError(f: LinkFailure, original: ApiError): ApiError {
  const op =
    f.step === 'connect' && isSourceUpstream(f.upstream)
      ? SOURCE_OPS[f.upstream].connect
      : 'createLinkToken';
  return new ApiError({
    // No upstream status: the proxy could not get an answer (its own code says why).
    source: f.upstreamStatus === null ? 'proxy' : 'upstream',
    status: f.upstreamStatus ?? f.error,
    errorCode: f.code ?? undefined,
    detail: f.detail,
    retryAfter: original.retryAfter,
    operation: op,
    upstream: UPSTREAM_LABELS[f.upstream],
    upstreamId: f.upstream,
  });
}

export async function linkOrg(body: LinkRequest): Promise<LinkResult> {
  try {
    return await callProxyEndpoint(LINK_ENDPOINTS.link, linkResultSchema, {
      method: 'POST',
      body,
    });
  } catch (e) {
    const failure = isApiError(e) ? linkFailureSchema.safeParse(e.answer) : null;
    if (isApiError(e) && failure?.success) {
      throw new LinkFlowError(failure.data, asApiError(failure.data, e));
    }
    throw e;
  }
}

export function useLinkOrg() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: linkOrg,
    onSettled: async (_data, _error, body) => {
      // A token may exist now, and the org may be linked: what the ledger and the status say.
      await Promise.all([
        client.invalidateQueries({ queryKey: ledgerQueries.all() }),
        client.invalidateQueries({
          queryKey: linkWatchQueries.key(body.source, body.sourceOrgId),
        }),
      ]);
    },
  });
}
