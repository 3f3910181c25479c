// The ledger's rows as the link contract's answers.
import type { LedgerConnection, LedgerEntry } from '#contract/link-contract';
import type { SourceUpstream } from '#contract/route-table';
import type { LedgerRow, NamedConnectionRow } from '../store/link-tokens';

export function toLedgerConnection(c: NamedConnectionRow): LedgerConnection {
  return {
    source: c.upstream as SourceUpstream,
    orgId: c.orgId,
    orgName: c.orgName,
    connectedAt: c.connectedAt.toISOString(),
    connectedBy: c.connectedBy,
    via: c.origin,
  };
}

export function toLedgerEntry({ token: t, connections }: LedgerRow): LedgerEntry {
  return {
    id: t.id,
    atlasOrgId: t.atlasOrgId,
    fingerprint: t.fingerprint,
    accessListIps: t.accessListIps,
    generatedAt: t.generatedAt.toISOString(),
    generatedBy: t.generatedBy,
    via: t.origin,
    deletedAt: t.deletedAt?.toISOString() ?? null,
    deletedBy: t.deletedBy,
    connections: connections.map(toLedgerConnection),
  };
}
