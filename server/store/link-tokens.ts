// The link-token ledger's tables and every query on them: each link-token generated through the
// console (recorded WITHOUT its value: a 6-hex fingerprint), and each source org connected through
// the console. Written by Generate and connect (server/link/routes.ts) and by the proxy when a
// manual Generate, Delete or Connect passes through it (server/link/observe.ts); read by
// /api/link-tokens and the org page's "Linked to".
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { ConnectOrigin, LedgerOrigin } from '#contract/link-contract';
import type { Database } from './db';
import { fleetOrgs } from './fleet';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const linkTokens = pgTable('link_tokens', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  atlasOrgId: text('atlas_org_id').notNull(),
  fingerprint: text('fingerprint').notNull(),
  accessListIps: text('access_list_ips')
    .array()
    .notNull()
    .default(sql`'{}'`),
  generatedAt: at('generated_at').notNull(),
  generatedBy: text('generated_by'),
  origin: text('origin').$type<LedgerOrigin>().notNull(),
  requestId: text('request_id'),
  deletedAt: at('deleted_at'),
  deletedBy: text('deleted_by'),
});
export type LinkTokenRow = typeof linkTokens.$inferSelect;

export const linkTokenConnections = pgTable('link_token_connections', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** null: connected with a pasted link-token that was not generated through the console. */
  linkTokenId: bigint('link_token_id', { mode: 'number' }),
  upstream: text('upstream').notNull(),
  orgId: text('org_id').notNull(),
  connectedAt: at('connected_at').notNull(),
  connectedBy: text('connected_by'),
  origin: text('origin').$type<ConnectOrigin>().notNull(),
  requestId: text('request_id'),
});
export type LinkTokenConnectionRow = typeof linkTokenConnections.$inferSelect;

/** A connection with the source org's name as the fleet last listed it. */
export type NamedConnectionRow = LinkTokenConnectionRow & { orgName: string | null };

/** A ledger entry: the token's row and the orgs connected with it (oldest first). */
export interface LedgerRow {
  token: LinkTokenRow;
  connections: NamedConnectionRow[];
}

/** How many entries one Atlas org's ledger shows (newest first). */
export const LEDGER_LIMIT = 100;

export interface GeneratedToken {
  atlasOrgId: string;
  fingerprint: string;
  accessListIps: readonly string[];
  at: Date;
  by: string | null;
  origin: LedgerOrigin;
  requestId: string | null;
}

/** Records a link-token Atlas has just generated (its fingerprint, never its value). */
export async function recordGeneratedToken(db: Database, t: GeneratedToken): Promise<LinkTokenRow> {
  const [row] = await db
    .insert(linkTokens)
    .values({
      atlasOrgId: t.atlasOrgId,
      fingerprint: t.fingerprint,
      accessListIps: [...t.accessListIps],
      generatedAt: t.at,
      generatedBy: t.by,
      origin: t.origin,
      requestId: t.requestId,
    })
    .returning();
  if (!row) throw new Error('the ledger insert returned no row');
  return row;
}

export interface Connection {
  linkTokenId: number | null;
  upstream: string;
  orgId: string;
  at: Date;
  by: string | null;
  origin: ConnectOrigin;
  requestId: string | null;
}

export async function recordConnection(
  db: Database,
  c: Connection,
): Promise<LinkTokenConnectionRow> {
  const [row] = await db
    .insert(linkTokenConnections)
    .values({
      linkTokenId: c.linkTokenId,
      upstream: c.upstream,
      orgId: c.orgId,
      connectedAt: c.at,
      connectedBy: c.by,
      origin: c.origin,
      requestId: c.requestId,
    })
    .returning();
  if (!row) throw new Error('the ledger insert returned no row');
  return row;
}

/**
 * The newest link-token of the ledger with this fingerprint that Atlas still has (as far as the
 * console knows): how a manual Connect with a token copied from the Link-tokens page is matched.
 */
export async function findLiveTokenByFingerprint(
  db: Database,
  fingerprint: string,
): Promise<LinkTokenRow | null> {
  const [row] = await db
    .select()
    .from(linkTokens)
    .where(and(eq(linkTokens.fingerprint, fingerprint), isNull(linkTokens.deletedAt)))
    .orderBy(desc(linkTokens.generatedAt), desc(linkTokens.id))
    .limit(1);
  return row ?? null;
}

/**
 * Atlas deletes all of an org's link-tokens at once (the API names no token): every entry of the
 * org not yet marked is marked deleted. `by` null: found gone (Atlas had none to delete).
 */
export async function markAtlasOrgTokensDeleted(
  db: Database,
  atlasOrgId: string,
  at: Date,
  by: string | null,
): Promise<number> {
  const rows = await db
    .update(linkTokens)
    .set({ deletedAt: at, deletedBy: by })
    .where(and(eq(linkTokens.atlasOrgId, atlasOrgId), isNull(linkTokens.deletedAt)))
    .returning({ id: linkTokens.id });
  return rows.length;
}

/** The connections of some tokens, each with its org's name, oldest first. */
async function connectionsOf(db: Database, tokenIds: number[]): Promise<NamedConnectionRow[]> {
  if (tokenIds.length === 0) return [];
  const c = linkTokenConnections;
  const rows = await db
    .select({ connection: c, orgName: fleetOrgs.name })
    .from(c)
    .leftJoin(fleetOrgs, and(eq(fleetOrgs.upstream, c.upstream), eq(fleetOrgs.orgId, c.orgId)))
    .where(inArray(c.linkTokenId, tokenIds))
    .orderBy(asc(c.connectedAt), asc(c.id));
  return rows.map((r) => ({ ...r.connection, orgName: r.orgName }));
}

async function withConnections(db: Database, tokens: LinkTokenRow[]): Promise<LedgerRow[]> {
  const connections = await connectionsOf(
    db,
    tokens.map((t) => t.id),
  );
  return tokens.map((token) => ({
    token,
    connections: connections.filter((c) => c.linkTokenId === token.id),
  }));
}

/** One Atlas org's ledger, newest first (at most LEDGER_LIMIT entries). */
export async function ledgerOf(db: Database, atlasOrgId: string): Promise<LedgerRow[]> {
  const tokens = await db
    .select()
    .from(linkTokens)
    .where(eq(linkTokens.atlasOrgId, atlasOrgId))
    .orderBy(desc(linkTokens.generatedAt), desc(linkTokens.id))
    .limit(LEDGER_LIMIT);
  return withConnections(db, tokens);
}

export async function ledgerEntry(db: Database, id: number): Promise<LedgerRow | null> {
  const [token] = await db.select().from(linkTokens).where(eq(linkTokens.id, id));
  if (!token) return null;
  const [entry] = await withConnections(db, [token]);
  return entry ?? null;
}

export interface CurrentConnection {
  connection: LinkTokenConnectionRow;
  /** The ledger entry of its token; null when the token was not generated here. */
  token: LedgerRow | null;
}

/**
 * The connection made through this console that is in place now for one source org: the newest
 * one after which the fleet has seen no "not linked" (a remove, or an unlink outside the console,
 * ends it). null: none (linked outside this console, or not linked at all).
 */
export async function currentConnection(
  db: Database,
  upstream: string,
  orgId: string,
): Promise<CurrentConnection | null> {
  const c = linkTokenConnections;
  const result = await db.execute(sql`
    SELECT ${c.id} AS id FROM ${c}
    WHERE ${c.upstream} = ${upstream} AND ${c.orgId} = ${orgId}
      AND NOT EXISTS (
        SELECT 1 FROM fleet_status_changes s
        WHERE s.upstream = ${c.upstream} AND s.org_id = ${c.orgId}
          AND s.new_status = 'NOT_LINKED' AND s.changed_at > ${c.connectedAt})
      AND NOT EXISTS (
        SELECT 1 FROM fleet_orgs f
        WHERE f.upstream = ${c.upstream} AND f.org_id = ${c.orgId}
          AND f.link_status = 'NOT_LINKED' AND f.link_status_since > ${c.connectedAt})
    ORDER BY ${c.connectedAt} DESC, ${c.id} DESC
    LIMIT 1`);
  const id = (result as unknown as { rows: { id: number | string }[] }).rows[0]?.id;
  if (id === undefined) return null;
  const [connection] = await db
    .select()
    .from(c)
    .where(eq(c.id, Number(id)));
  if (!connection) return null;
  const token =
    connection.linkTokenId === null ? null : await ledgerEntry(db, connection.linkTokenId);
  return { connection, token };
}
