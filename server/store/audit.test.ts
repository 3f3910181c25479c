// The audit trail in the database, on both engines: records written and read back whole, pages
// newest first by keyset (stable while records arrive), every filter, attempts without an outcome
// as `unknown` (unless in flight here), rows that are not valid records counted, the probe, and
// what the database sink of the audit log makes of it all.
import { sql } from 'drizzle-orm';
import type { AuditAttemptRecord, AuditOutcomeRecord, AuditRecord } from '#contract/audit-contract';
import { AuditLog } from '../access/audit-log';
import { describeEachEngine } from '../testing/engines';
import { allAuditRecords, auditPage, insertAuditRecord, probeAuditTable } from './audit';

const ORG = 'aaaaaaaaaaaaaaaaaaaaaaa1';
const FED = 'fffffffffffffffffffffff1';
const GROUP = 'bbbbbbbbbbbbbbbbbbbbbbb2';
const MIGRATION = 'ccccccccccccccccccccccc3';

const time = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();

function attempt(i: number, over: Partial<AuditAttemptRecord> = {}): AuditAttemptRecord {
  return {
    type: 'attempt',
    time: time(i),
    requestId: `req-${i}`,
    user: i % 2 ? 'Alice' : 'bob',
    role: 'operator',
    auth: 'password',
    operation: i % 2 ? 'removeLink' : 'connectOrg',
    method: i % 2 ? 'DELETE' : 'POST',
    orgId: ORG,
    address: '10.0.0.1',
    ...over,
  };
}

function outcome(i: number, over: Partial<AuditOutcomeRecord> = {}): AuditOutcomeRecord {
  return {
    ...attempt(i),
    type: 'outcome',
    outcome: 'success',
    status: 204,
    upstreamStatus: 204,
    ...over,
  };
}

describeEachEngine('audit records', (ctx) => {
  const write = async (...records: AuditRecord[]) => {
    for (const r of records) await insertAuditRecord(ctx.store.db, r);
  };
  const ids = (rows: { record: AuditRecord | null }[]) =>
    rows.map((r) => `${r.record?.type}:${r.record?.requestId}`);

  it('keeps every field of a record, in the order written', async () => {
    const full = outcome(1, {
      federationId: FED,
      groupId: GROUP,
      liveMigrationId: MIGRATION,
      code: 'UPSTREAM_SAID_NO',
      upstreamStatus: 409,
      status: 409,
      outcome: 'upstream_error',
    });
    const pathOnly: AuditOutcomeRecord = {
      ...outcome(2, { outcome: 'refused', status: 404, upstreamStatus: null }),
      operation: null,
      path: '/api/nope',
      user: null,
      role: null,
      auth: null,
    };
    delete pathOnly.orgId;
    await write(attempt(1), full, pathOnly);
    const all = await allAuditRecords(ctx.store.db);
    expect(all.map((r) => r.record)).toEqual([attempt(1), full, pathOnly]);
    expect(all.map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it('pages newest first by keyset; new records do not shift older pages', async () => {
    for (let i = 1; i <= 7; i++) await write(attempt(i), outcome(i));
    const first = await auditPage(ctx.store.db, { limit: 3 });
    expect(ids(first.rows)).toEqual(['outcome:req-7', 'outcome:req-6', 'outcome:req-5']);
    expect(first.more).toBe(true);
    // Meanwhile a new change is recorded: the next page still starts after req-5.
    await write(attempt(8), outcome(8));
    const second = await auditPage(ctx.store.db, { limit: 3, before: first.rows[2]!.id });
    expect(ids(second.rows)).toEqual(['outcome:req-4', 'outcome:req-3', 'outcome:req-2']);
    const third = await auditPage(ctx.store.db, { limit: 3, before: second.rows[2]!.id });
    expect(ids(third.rows)).toEqual(['outcome:req-1']);
    expect(third.more).toBe(false);
  });

  it('an attempt without its outcome is an entry (unknown), unless in flight here', async () => {
    await write(attempt(1), outcome(1), attempt(2), attempt(3));
    // A proxy action's steps share one request id: each attempt pairs with its own operation.
    await write(
      attempt(4, { requestId: 'req-act', operation: 'sweepNow' }),
      attempt(5, { requestId: 'req-act', operation: 'createLinkToken' }),
      outcome(5, { requestId: 'req-act', operation: 'createLinkToken' }),
    );
    const page = await auditPage(ctx.store.db, { limit: 50, inFlight: ['req-3'] });
    expect(ids(page.rows)).toEqual([
      'outcome:req-act',
      'attempt:req-act',
      'attempt:req-2',
      'outcome:req-1',
    ]);
    const unknown = await auditPage(ctx.store.db, { limit: 50, outcome: 'unknown' });
    expect(ids(unknown.rows)).toEqual(['attempt:req-act', 'attempt:req-3', 'attempt:req-2']);
    expect(unknown.rows[0]?.record?.operation).toBe('sweepNow');
  });

  it('filters by user (part, any case), operation, outcome, any ID and time', async () => {
    await write(
      outcome(1),
      outcome(2, { outcome: 'refused', status: 403, upstreamStatus: null }),
      outcome(3, { orgId: undefined, federationId: FED }),
      outcome(4, { orgId: undefined, groupId: GROUP, operation: 'createLiveMigration' }),
      outcome(5, { orgId: undefined, groupId: GROUP, liveMigrationId: MIGRATION }),
      outcome(6, { user: 'al_ice%' }),
    );
    const q = async (f: Parameters<typeof auditPage>[1]) =>
      ids((await auditPage(ctx.store.db, f)).rows).map((s) => s.split(':')[1]);
    expect(await q({ limit: 50, user: 'ALI' })).toEqual(['req-5', 'req-3', 'req-1']);
    // Wildcards in the search text are plain characters.
    expect(await q({ limit: 50, user: 'l_ice%' })).toEqual(['req-6']);
    expect(await q({ limit: 50, operation: 'connectOrg' })).toEqual(['req-6', 'req-2']);
    expect(await q({ limit: 50, outcome: 'refused' })).toEqual(['req-2']);
    expect(await q({ limit: 50, id: FED })).toEqual(['req-3']);
    expect(await q({ limit: 50, id: GROUP })).toEqual(['req-5', 'req-4']);
    expect(await q({ limit: 50, id: MIGRATION.toUpperCase().toLowerCase() })).toEqual(['req-5']);
    expect(await q({ limit: 50, id: ORG })).toEqual(['req-6', 'req-2', 'req-1']);
    expect(await q({ limit: 50, since: new Date(time(5)) })).toEqual(['req-6', 'req-5']);
  });

  it('rows that are not valid records come back as such (counted, not dropped)', async () => {
    await write(outcome(1));
    await ctx.store.db.execute(sql`INSERT INTO audit_records
      (type, recorded_at, request_id, role, method, address, outcome, status)
      VALUES ('outcome', now(), 'bad', 'superuser', 'GET', '10.0.0.9', 'success', 200)`);
    const page = await auditPage(ctx.store.db, { limit: 10 });
    expect(page.rows.map((r) => r.record?.requestId ?? null)).toEqual([null, 'req-1']);
    const log = new AuditLog({ file: null, stdout: false, database: ctx.store });
    const list = await log.recent({});
    expect(list).toMatchObject({ source: 'database', unreadable: 1, truncated: false });
    expect(list.entries.map((e) => e.requestId)).toEqual(['req-1']);
  });

  it('the probe really writes, and adds no record', async () => {
    await probeAuditTable(ctx.store.db, new Date('2026-01-01T00:00:00Z'));
    await probeAuditTable(ctx.store.db, new Date('2026-01-01T00:00:01Z'));
    const r = (await ctx.store.db.execute(sql`SELECT probed_at FROM audit_probe`)) as unknown as {
      rows: { probed_at: string | Date }[];
    };
    expect(r.rows.map((x) => new Date(x.probed_at).toISOString())).toEqual([
      '2026-01-01T00:00:01.000Z',
    ]);
    expect(await allAuditRecords(ctx.store.db)).toEqual([]);
  });

  it('through the audit log: written to the database, read a page at a time', async () => {
    const log = new AuditLog({ file: null, stdout: false, database: ctx.store });
    for (let i = 1; i <= 5; i++) {
      await log.append(attempt(i));
      await log.append(outcome(i));
    }
    // In flight in this process: not an entry yet; another instance's reader says unknown.
    await log.append(attempt(6));
    const first = await log.recent({ limit: '2' });
    expect(first.entries.map((e) => e.requestId)).toEqual(['req-5', 'req-4']);
    expect(first.nextCursor).toMatch(/^\d+$/);
    const next = await log.recent({ limit: '2', before: first.nextCursor ?? '' });
    expect(next.entries.map((e) => e.requestId)).toEqual(['req-3', 'req-2']);
    const other = new AuditLog({ file: null, stdout: false, database: await ctx.openSecond() });
    expect((await other.recent({ outcome: 'unknown' })).entries).toEqual([
      expect.objectContaining({ requestId: 'req-6', code: 'NO_OUTCOME_RECORDED' }),
    ]);
    expect(await log.probe()).toBe(true);
  });

  it('two writers at once lose nothing', async () => {
    const second = await ctx.openSecond();
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        insertAuditRecord(i % 2 ? second.db : ctx.store.db, outcome(i)),
      ),
    );
    expect(await allAuditRecords(ctx.store.db)).toHaveLength(60);
  });
});
