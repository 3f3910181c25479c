// A new link reads NOT_SYNCED until the source has reached Atlas with it; usually within a minute
// or two. Past that, say what to check instead of waiting in silence.
export const LONG_NOT_SYNCED_MS = 3 * 60_000;

export interface NotSyncedAdvice {
  /** Whether waiting longer is still normal. */
  long: boolean;
  /** What to check, when it is long. */
  checks: string[];
}

export function notSyncedAdvice(
  elapsedMs: number,
  accessListIps: readonly string[],
): NotSyncedAdvice {
  if (elapsedMs < LONG_NOT_SYNCED_MS) return { long: false, checks: [] };
  return {
    long: true,
    checks: [
      'The source (Ops Manager or Cloud Manager) can reach Atlas: outbound HTTPS to cloud.mongodb.com is allowed from its servers.',
      accessListIps.length > 0
        ? `The link-token's access list (${accessListIps.join(', ')}) includes the addresses the source connects from.`
        : 'No access list was set, so the link-token accepts any address: the access list is not the cause.',
      "Nobody deleted the Atlas organization's link-tokens since (the Link-tokens page lists them): a deleted link-token's links never sync.",
      'The Atlas organization still exists and its API key has the Organization Owner role.',
    ],
  };
}
