import type { LedgerEntry } from '#contract/link-contract';

/**
 * What deleting does to organizations already connected: in one plain line (the fakes, like the
 * v2 spec, delete the link's API key with the token, so those links read NOT_SYNCED from then on).
 */
export function connectedOrgsLine(ledger: LedgerEntry[] | null): string {
  const connected = (ledger ?? [])
    .filter((e) => e.deletedAt === null)
    .flatMap((e) => e.connections)
    .map((c) => c.orgName ?? c.orgId);
  const names = [...new Set(connected)];
  const who =
    names.length === 0
      ? 'Organizations already connected with one of its link-tokens'
      : `${names.join(', ')} and any other organization connected with one of its link-tokens`;
  return `${who} stay linked but stop syncing: they read Not synced from then on, and need a new link-token to sync again.`;
}
