// The browser fakes' link-token ledger: what the proxy's database keeps (server/store/link-tokens.ts)
// for `npm run dev` and the `mock` e2e project, in memory, reset with the store. Same rules: no
// token value, a 6-hex fingerprint; deleting removes all of an Atlas org's tokens.
import type { ConnectOrigin, LedgerEntry, LedgerOrigin, LinkedTo } from '#contract/link-contract';
import type { SourceUpstream } from '#contract/route-table';
import { SOURCE_STORES } from './cloudmanager';
import { linkStatus } from './source-orgs';

interface FakeConnection {
  source: SourceUpstream;
  orgId: string;
  connectedAt: number;
  connectedBy: string | null;
  via: ConnectOrigin;
}

interface FakeEntry {
  id: number;
  atlasOrgId: string;
  fingerprint: string;
  accessListIps: string[];
  generatedAt: number;
  generatedBy: string | null;
  via: LedgerOrigin;
  deletedAt: number | null;
  deletedBy: string | null;
  connections: FakeConnection[];
}

let entries: FakeEntry[] = [];
/** Connections with a pasted token the ledger does not know. */
let unmatched: FakeConnection[] = [];
let nextId = 1;

export function resetLedger(): void {
  entries = [];
  unmatched = [];
  nextId = 1;
}

/** The first 6 hex digits of a token's SHA-256, as the proxy computes it. */
export async function fingerprintOf(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest)]
    .slice(0, 3)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

export function recordGenerated(
  e: Omit<FakeEntry, 'id' | 'deletedAt' | 'deletedBy' | 'connections'>,
): number {
  const id = nextId++;
  entries.push({ ...e, id, deletedAt: null, deletedBy: null, connections: [] });
  return id;
}

/** A connection, to the newest live entry with the fingerprint (or to none). */
export function recordConnection(fingerprint: string | null, c: FakeConnection): void {
  const entry =
    fingerprint === null
      ? undefined
      : [...entries].reverse().find((e) => e.fingerprint === fingerprint && e.deletedAt === null);
  if (entry) entry.connections.push(c);
  else unmatched.push(c);
}

export function recordConnectionTo(id: number, c: FakeConnection): void {
  const entry = entries.find((e) => e.id === id);
  if (entry) entry.connections.push(c);
}

export function markDeleted(atlasOrgId: string, at: number, by: string | null): void {
  for (const e of entries) {
    if (e.atlasOrgId === atlasOrgId && e.deletedAt === null) {
      e.deletedAt = at;
      e.deletedBy = by;
    }
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

function toEntry(e: FakeEntry): LedgerEntry {
  return {
    id: e.id,
    atlasOrgId: e.atlasOrgId,
    fingerprint: e.fingerprint,
    accessListIps: [...e.accessListIps],
    generatedAt: iso(e.generatedAt),
    generatedBy: e.generatedBy,
    via: e.via,
    deletedAt: e.deletedAt === null ? null : iso(e.deletedAt),
    deletedBy: e.deletedBy,
    connections: e.connections.map((c) => ({
      source: c.source,
      orgId: c.orgId,
      orgName: SOURCE_STORES[c.source].find(c.orgId)?.name ?? null,
      connectedAt: iso(c.connectedAt),
      connectedBy: c.connectedBy,
      via: c.via,
    })),
  };
}

export function ledgerEntryById(id: number): LedgerEntry | null {
  const e = entries.find((x) => x.id === id);
  return e ? toEntry(e) : null;
}

/** Newest first. */
export function ledgerOf(atlasOrgId: string): LedgerEntry[] {
  return entries
    .filter((e) => e.atlasOrgId === atlasOrgId)
    .sort((a, b) => b.generatedAt - a.generatedAt || b.id - a.id)
    .map(toEntry);
}

/**
 * What the console knows of a source org's link. The fake reads the link itself where the proxy
 * reads its fleet database: a connection counts while the link it made is still there.
 */
export function linkedTo(source: SourceUpstream, orgId: string, now: number): LinkedTo {
  const link = SOURCE_STORES[source].getLink(orgId);
  const candidates = [
    ...entries.flatMap((e) => e.connections.map((c) => ({ c, e }))),
    ...unmatched.map((c) => ({ c, e: null })),
  ].filter(
    ({ c }) =>
      c.source === source && c.orgId === orgId && link && c.connectedAt >= link.connectedAt,
  );
  const newest = candidates.sort((a, b) => b.c.connectedAt - a.c.connectedAt)[0];
  return {
    source,
    orgId,
    status: link ? linkStatus(link, now) : SOURCE_STORES[source].find(orgId) ? 'NOT_LINKED' : null,
    statusSince: link ? iso(link.connectedAt) : null,
    connection: newest
      ? {
          connectedAt: iso(newest.c.connectedAt),
          connectedBy: newest.c.connectedBy,
          via: newest.c.via,
          token: newest.e ? toEntry(newest.e) : null,
        }
      : null,
  };
}
