// The link-token ledger's queries on both engines: entries without values, connections matched to
// them, deletion of all of an Atlas org's tokens at once, and which connection is in place now.
import { recordListedOrgs, recordObservation } from './fleet';
import { describeEachEngine } from '../testing/engines';
import {
  LEDGER_LIMIT,
  currentConnection,
  findLiveTokenByFingerprint,
  ledgerEntry,
  ledgerOf,
  markAtlasOrgTokensDeleted,
  recordConnection,
  recordGeneratedToken,
  type GeneratedToken,
} from './link-tokens';

const ATLAS_A = 'a1a1a1a1a1a1a1a1a1a1a1a1';
const ATLAS_B = 'b2b2b2b2b2b2b2b2b2b2b2b2';
const OM_ORG = 'c3c3c3c3c3c3c3c3c3c3c3c3';
const CM_ORG = 'd4d4d4d4d4d4d4d4d4d4d4d4';
const T0 = Date.parse('2026-03-01T10:00:00Z');
const t = (seconds: number) => new Date(T0 + seconds * 1000);

function generated(patch: Partial<GeneratedToken> = {}): GeneratedToken {
  return {
    atlasOrgId: ATLAS_A,
    fingerprint: 'abc123',
    accessListIps: [],
    at: t(0),
    by: 'olga',
    origin: 'generate',
    requestId: 'req-1',
    ...patch,
  };
}

describeEachEngine('link-token ledger', (ctx) => {
  it('lists an Atlas org’s tokens newest first, each with the orgs it connected and their names', async () => {
    const db = ctx.store.db;
    await recordListedOrgs(db, 'opsmanager', [{ id: OM_ORG, name: 'Acme Payments Prod' }], t(-60));
    const first = await recordGeneratedToken(
      db,
      generated({ accessListIps: ['203.0.113.7', '10.0.0.0/8'] }),
    );
    const second = await recordGeneratedToken(
      db,
      generated({ fingerprint: 'def456', at: t(60), origin: 'link', by: 'ivan' }),
    );
    await recordGeneratedToken(db, generated({ atlasOrgId: ATLAS_B, fingerprint: 'ffffff' }));
    await recordConnection(db, {
      linkTokenId: second.id,
      upstream: 'opsmanager',
      orgId: OM_ORG,
      at: t(61),
      by: 'ivan',
      origin: 'link',
      requestId: 'req-2',
    });
    await recordConnection(db, {
      linkTokenId: second.id,
      upstream: 'cloudmanager',
      orgId: CM_ORG,
      at: t(90),
      by: 'olga',
      origin: 'connect',
      requestId: 'req-3',
    });

    const ledger = await ledgerOf(db, ATLAS_A);
    expect(ledger.map((e) => e.token.fingerprint)).toEqual(['def456', 'abc123']);
    expect(ledger[1]?.token).toMatchObject({
      id: first.id,
      accessListIps: ['203.0.113.7', '10.0.0.0/8'],
      generatedAt: t(0),
      generatedBy: 'olga',
      origin: 'generate',
      deletedAt: null,
    });
    expect(ledger[1]?.connections).toEqual([]);
    expect(
      ledger[0]?.connections.map((c) => [c.upstream, c.orgId, c.orgName, c.connectedBy, c.origin]),
    ).toEqual([
      ['opsmanager', OM_ORG, 'Acme Payments Prod', 'ivan', 'link'],
      ['cloudmanager', CM_ORG, null, 'olga', 'connect'],
    ]);
    expect((await ledgerOf(db, ATLAS_B)).map((e) => e.token.fingerprint)).toEqual(['ffffff']);
    expect((await ledgerEntry(db, second.id))?.connections).toHaveLength(2);
    expect(await ledgerEntry(db, 999_999)).toBeNull();
  });

  it('stores no token value: only the 6-hex fingerprint, and refuses anything longer', async () => {
    const db = ctx.store.db;
    await expect(
      recordGeneratedToken(db, generated({ fingerprint: 'eyJ2IjoxLCJvcmdJZCI6' })),
    ).rejects.toThrow();
    await expect(recordGeneratedToken(db, generated({ atlasOrgId: 'nope' }))).rejects.toThrow();
    expect(await ledgerOf(db, ATLAS_A)).toEqual([]);
  });

  it('deleting marks every live token of that Atlas org only; a fingerprint then matches none', async () => {
    const db = ctx.store.db;
    await recordGeneratedToken(db, generated({ fingerprint: 'aaaaaa' }));
    await recordGeneratedToken(db, generated({ fingerprint: 'bbbbbb', at: t(10) }));
    await recordGeneratedToken(db, generated({ atlasOrgId: ATLAS_B, fingerprint: 'aaaaaa' }));
    expect((await findLiveTokenByFingerprint(db, 'aaaaaa'))?.atlasOrgId).toBe(ATLAS_B);

    expect(await markAtlasOrgTokensDeleted(db, ATLAS_A, t(100), 'olga')).toBe(2);
    // Already marked: a second delete (Atlas's 404) changes nothing.
    expect(await markAtlasOrgTokensDeleted(db, ATLAS_A, t(200), null)).toBe(0);
    const ledger = await ledgerOf(db, ATLAS_A);
    expect(ledger.map((e) => [e.token.deletedAt, e.token.deletedBy])).toEqual([
      [t(100), 'olga'],
      [t(100), 'olga'],
    ]);
    expect(await findLiveTokenByFingerprint(db, 'bbbbbb')).toBeNull();
    expect((await findLiveTokenByFingerprint(db, 'aaaaaa'))?.atlasOrgId).toBe(ATLAS_B);
  });

  it('the newest of two live tokens with one fingerprint is the one matched', async () => {
    const db = ctx.store.db;
    await recordGeneratedToken(db, generated({ fingerprint: 'cccccc', at: t(0) }));
    const newer = await recordGeneratedToken(
      db,
      generated({ fingerprint: 'cccccc', at: t(5), atlasOrgId: ATLAS_B }),
    );
    expect((await findLiveTokenByFingerprint(db, 'cccccc'))?.id).toBe(newer.id);
  });

  it('shows at most the newest LEDGER_LIMIT entries of an org', async () => {
    const db = ctx.store.db;
    for (let i = 0; i <= LEDGER_LIMIT; i++) {
      await recordGeneratedToken(db, generated({ at: t(i) }));
    }
    const ledger = await ledgerOf(db, ATLAS_A);
    expect(ledger).toHaveLength(LEDGER_LIMIT);
    expect(ledger[0]?.token.generatedAt).toEqual(t(LEDGER_LIMIT));
  });

  it('the connection in place: the newest one with no "not linked" seen after it', async () => {
    const db = ctx.store.db;
    expect(await currentConnection(db, 'opsmanager', OM_ORG)).toBeNull();
    const token = await recordGeneratedToken(db, generated({ origin: 'link' }));
    await recordObservation(db, {
      upstream: 'opsmanager',
      orgId: OM_ORG,
      at: t(5),
      seen: 'sweep',
      result: { status: 'NOT_LINKED' },
    });
    await recordConnection(db, {
      linkTokenId: token.id,
      upstream: 'opsmanager',
      orgId: OM_ORG,
      at: t(10),
      by: 'olga',
      origin: 'link',
      requestId: 'r',
    });
    await recordObservation(db, {
      upstream: 'opsmanager',
      orgId: OM_ORG,
      at: t(10),
      seen: 'mutation',
      result: { status: 'NOT_SYNCED' },
    });
    const now = await currentConnection(db, 'opsmanager', OM_ORG);
    expect(now?.connection).toMatchObject({ connectedBy: 'olga', origin: 'link' });
    expect(now?.token?.token.id).toBe(token.id);
    // The same org ID on the other source product is another org.
    expect(await currentConnection(db, 'cloudmanager', OM_ORG)).toBeNull();

    // Removed (seen as not linked): the record no longer describes the link.
    await recordObservation(db, {
      upstream: 'opsmanager',
      orgId: OM_ORG,
      at: t(20),
      seen: 'mutation',
      result: { status: 'NOT_LINKED' },
    });
    expect(await currentConnection(db, 'opsmanager', OM_ORG)).toBeNull();

    // Connected again with a pasted token not generated here.
    await recordConnection(db, {
      linkTokenId: null,
      upstream: 'opsmanager',
      orgId: OM_ORG,
      at: t(30),
      by: 'ivan',
      origin: 'connect',
      requestId: 'r2',
    });
    const again = await currentConnection(db, 'opsmanager', OM_ORG);
    expect(again?.connection).toMatchObject({ connectedBy: 'ivan', linkTokenId: null });
    expect(again?.token).toBeNull();
  });
});
