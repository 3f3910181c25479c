// What the Link-tokens page says of an Atlas org's ledger, in one sentence.
import type { LedgerEntry } from '#contract/link-contract';

/** "2 link-tokens generated here; last used to connect Acme Payments Prod." */
export function ledgerSummary(entries: readonly LedgerEntry[]): string {
  if (entries.length === 0) return 'No link-token has been generated here for this organization.';
  const count =
    entries.length === 1
      ? '1 link-token generated here'
      : `${entries.length} link-tokens generated here`;
  const last = entries
    .flatMap((e) => e.connections)
    .sort((a, b) => Date.parse(b.connectedAt) - Date.parse(a.connectedAt))[0];
  const live = entries.filter((e) => e.deletedAt === null).length;
  const alive =
    live === entries.length
      ? ''
      : live === 0
        ? ', none of them still exists'
        : `, ${live} still ${live === 1 ? 'exists' : 'exist'}`;
  return `${count}${alive}; ${last ? `last used to connect ${last.orgName ?? last.orgId}` : 'none used to connect an organization yet'}.`;
}
