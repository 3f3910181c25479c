// Durability of the audit log through the real server (`tsx server/index.ts` as a child process),
// in the database (the store of record) and in the file beside it, on each engine (the embedded
// database in DATA_DIR, and a Postgres server):
//   - kill -9 right after N acknowledged changes (simulated upstream): N attempts, N outcomes;
//   - kill -9 in the middle of changes that a slow upstream is making: every change the upstream
//     made has its attempt record (written ahead), the unanswered ones read as `unknown`;
//   - SIGTERM while a slow upstream is making changes: no new requests, the ones in flight finish
//     and are answered, each with its outcome record, and the process exits 0.
// Each prints its figures (made by the upstream vs recorded) on one line.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_IDS } from '../../mocks/db/fixtures';
import { SIM_PRIVATE_KEY } from '../../mocks/sim-keys';
import {
  auditRecordSchema,
  type AuditOutcomeRecord,
  type AuditRecord,
} from '#contract/audit-contract';
import { CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { allAuditRecords } from '../store/audit';
import { openStore, type Store } from '../store/connect';
import {
  databaseEnvFor,
  describeEachEngine,
  pgliteTemplateFile,
  type EngineContext,
} from '../testing/engines';
import { proxyUrl, routes } from '#contract/route-table';
import { startDigestTestServer, type DigestTestServer } from '../testing/digest-server';
import {
  killStartedServers,
  startServerProcess,
  type ServerProcess,
} from '../testing/server-process';
import { AuditLog } from './audit-log';

let upstream: DigestTestServer | null = null;

afterEach(async () => {
  await upstream?.close();
  upstream = null;
});
afterAll(killStartedServers);

/** A fresh database on the suite's engine for a server process, and a way to read it afterwards. */
interface ServerDatabase {
  env: Record<string, string>;
  /** Opens it in this process (after the server died: the embedded one has one owner at a time). */
  open(): Promise<Store>;
}

async function serverDatabase(ctx: EngineContext): Promise<ServerDatabase> {
  if (ctx.engine === 'postgres') {
    const url = (await ctx.emptyDatabase()).url ?? '';
    return { env: { DATABASE_URL: url }, open: () => openStore({ databaseUrl: url }) };
  }
  // Seeded from a dump of an empty database (initdb in the child would take seconds) and migrated.
  const dataDir = join(mkdtempSync(join(tmpdir(), 'orglink-crash-db-')), 'data');
  const seed = new Blob([readFileSync(await pgliteTemplateFile())]);
  await (await openStore({ dataDir, seed })).close();
  return { env: { DATA_DIR: dataDir }, open: () => openStore({ dataDir }) };
}

/** The records the database holds, after the server is gone. */
async function databaseRecords(db: ServerDatabase): Promise<AuditRecord[]> {
  const store = await db.open();
  try {
    const rows = await allAuditRecords(store.db);
    expect(rows.every((r) => r.record !== null)).toBe(true);
    return rows.flatMap((r) => (r.record ? [r.record] : []));
  } finally {
    await store.close();
  }
}

/** Entries as the Audit page reads them from the database (unknown: attempts without outcome). */
async function databaseEntries(db: ServerDatabase, outcome?: 'unknown') {
  const store = await db.open();
  try {
    const log = new AuditLog({ file: null, stdout: false, database: store });
    return (await log.recent({ limit: '500', ...(outcome ? { outcome } : {}) })).entries;
  } finally {
    await store.close();
  }
}

async function startServer(
  env: Record<string, string>,
  db?: ServerDatabase,
): Promise<ServerProcess> {
  // Its own database (the embedded one belongs to one process; never the project's data/).
  const database =
    db?.env ?? (await databaseEnvFor(mkdtempSync(join(tmpdir(), 'orglink-crash-db-'))));
  return startServerProcess({ ...database, ...env });
}

function records(file: string): AuditRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => auditRecordSchema.parse(JSON.parse(l)));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const randomId = (i: number) => `${(0xa00000 + i).toString(16)}${'0'.repeat(18)}`;

/**
 * A real-looking Ops Manager (Digest) that makes each DELETE at once and answers after `delayMs`.
 * `made` holds the org IDs whose link it removed.
 */
async function slowUpstream(delayMs: number) {
  const made = new Set<string>();
  upstream = await startDigestTestServer({
    username: 'pub',
    password: 'priv',
    handler: (req, res) => {
      const orgId = /orgs\/([0-9a-f]{24})\//.exec(req.url ?? '')?.[1];
      if (req.method === 'DELETE' && orgId) made.add(orgId);
      setTimeout(() => {
        res.writeHead(req.method === 'DELETE' ? 204 : 200, { 'content-type': 'application/json' });
        res.end(req.method === 'DELETE' ? undefined : '{"results":[],"totalCount":0}');
      }, delayMs).unref();
    },
  });
  const env = {
    OPSMANAGER_URL: upstream.url,
    OPSMANAGER_PUBLIC_KEY: 'pub',
    OPSMANAGER_PRIVATE_KEY: 'priv',
    UPSTREAM_TIMEOUT_MS: '5000',
  };
  return { made, env };
}

function removeLink(url: string, orgId: string) {
  return fetch(url + proxyUrl(routes.removeLink, { orgId }), {
    method: 'DELETE',
    headers: { [CSRF_HEADER]: CSRF_VALUE },
  }).then(
    (res) => ({ orgId, status: res.status }),
    () => ({ orgId, status: 0 }), // connection refused or cut
  );
}

describeEachEngine(
  'audit log durability through kill -9',
  (ctx) => {
    it('keeps an attempt and an outcome per acknowledged change after a kill -9', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'orglink-crash-'));
      const file = join(dir, 'audit.log');
      const db = await serverDatabase(ctx);
      const { child, url, output, exited } = await startServer({ AUDIT_LOG: file }, db);
      // Mutations of several kinds, some succeeding, some refused by the upstream, sent concurrently.
      const orgs = [...FIXTURE_IDS.opsOrgsSynced.slice(0, 6), FIXTURE_IDS.opsOrgUnknown];
      const cloud = FIXTURE_IDS.cloudOrgsWithoutToken.slice(0, 5);
      const requests: { method: string; path: string; body?: string }[] = [
        ...orgs.map((orgId) => ({
          method: 'DELETE',
          path: proxyUrl(routes.removeLink, { orgId }),
        })),
        ...cloud.map((orgId) => ({
          method: 'POST',
          path: proxyUrl(routes.createLinkToken, { orgId }),
          body: '{}',
        })),
        ...cloud.map((orgId) => ({
          method: 'DELETE',
          path: proxyUrl(routes.deleteLinkToken, { orgId }),
        })),
      ];
      const answers = await Promise.all(
        requests.map((r) =>
          fetch(url + r.path, {
            method: r.method,
            headers: {
              [CSRF_HEADER]: CSRF_VALUE,
              ...(r.body ? { 'content-type': 'application/json' } : {}),
            },
            body: r.body,
          }).then(async (res) => ({ status: res.status, body: await res.text() })),
        ),
      );
      // Every answer came from the upstream (not a refusal by the proxy).
      expect(answers.every((a) => a.status > 0 && !a.body.includes('"source":"proxy"'))).toBe(true);
      child.kill('SIGKILL');
      await exited;

      const all = records(file);
      expect(all.filter((r) => r.type === 'attempt')).toHaveLength(requests.length);
      expect(all.filter((r) => r.type === 'outcome')).toHaveLength(requests.length);
      const entries = (await new AuditLog({ file, stdout: false }).recent({ limit: '500' }))
        .entries;
      expect(entries).toHaveLength(requests.length);
      expect(entries.every((e) => e.user === 'demo' && e.auth === 'demo')).toBe(true);
      expect(entries.filter((e) => e.outcome === 'success').length).toBeGreaterThan(0);
      expect(entries.filter((e) => e.outcome === 'upstream_error').length).toBeGreaterThan(0);
      const tokens = answers
        .map((a) => /"linkToken":"([^"]+)"/.exec(a.body)?.[1])
        .filter((t): t is string => !!t);
      expect(tokens.length).toBe(cloud.length);
      const text = readFileSync(file, 'utf8') + output();
      for (const secret of [SIM_PRIVATE_KEY, ...tokens]) expect(text).not.toContain(secret);

      // The database (the Audit page's source) has the same: an attempt and an outcome each.
      const stored = await databaseRecords(db);
      const key = (r: AuditRecord) => `${r.type ?? 'outcome'} ${r.requestId} ${r.operation}`;
      expect(stored.map(key).sort()).toEqual(all.map(key).sort());
      const fromDb = await databaseEntries(db);
      expect(fromDb).toHaveLength(requests.length);
      expect(fromDb.map((e) => e.outcome).sort()).toEqual(entries.map((e) => e.outcome).sort());
      expect(JSON.stringify(stored)).not.toContain(SIM_PRIVATE_KEY);
      for (const t of tokens) expect(JSON.stringify(stored)).not.toContain(t);
      console.log(
        `kill -9 after ${requests.length} acknowledged changes [${ctx.engine}]: ` +
          `database ${stored.filter((r) => r.type === 'attempt').length} attempts, ` +
          `${stored.filter((r) => r.type !== 'attempt').length} outcomes; ` +
          `file ${all.filter((r) => r.type === 'attempt').length} attempts, ` +
          `${all.filter((r) => r.type !== 'attempt').length} outcomes`,
      );
    }, 120_000);

    it('kill -9 while a slow upstream makes changes: every change made has its record', async () => {
      const { made, env } = await slowUpstream(300);
      const file = join(mkdtempSync(join(tmpdir(), 'orglink-crash-')), 'audit.log');
      const db = await serverDatabase(ctx);
      const { child, url, exited } = await startServer({ ...env, AUDIT_LOG: file }, db);
      // A change every 25 ms or so; the process is killed once a few are acknowledged while
      // others are still being made (on a busy machine that takes longer: no fixed moment).
      const sent: Promise<{ orgId: string; status: number }>[] = [];
      let acked = 0;
      const sending = (async () => {
        for (let i = 0; i < 400 && child.exitCode === null && child.signalCode === null; i++) {
          sent.push(
            removeLink(url, randomId(i)).then((a) => {
              if (a.status === 204) acked++;
              return a;
            }),
          );
          await sleep(25);
        }
      })();
      for (let i = 0; i < 1200 && !(acked >= 3 && made.size > acked + 2); i++) await sleep(25);
      child.kill('SIGKILL');
      await exited;
      await sending;
      const answers = await Promise.all(sent);

      const all = records(file);
      const stored = await databaseRecords(db);
      const acknowledged = answers.filter((a) => a.status === 204).map((a) => a.orgId);
      const figures = (where: string, rs: AuditRecord[]) => {
        const attempted = new Set(rs.filter((r) => r.type === 'attempt').map((r) => r.orgId));
        const outcomes = new Set(rs.filter((r) => r.type !== 'attempt').map((r) => r.orgId));
        const madeWithoutRecord = [...made].filter((id) => !attempted.has(id));
        const ackWithoutOutcome = acknowledged.filter((id) => !outcomes.has(id));
        return {
          attempted,
          outcomes,
          madeWithoutRecord,
          ackWithoutOutcome,
          line:
            `${where} ${attempted.size} attempt records, ${outcomes.size} outcome records, ` +
            `made without a record: ${madeWithoutRecord.length}, acknowledged without an outcome: ` +
            `${ackWithoutOutcome.length}`,
        };
      };
      const inDb = figures('database', stored);
      const inFile = figures('file', all);
      console.log(
        `kill -9 during changes [${ctx.engine}]: ${sent.length} sent, ${made.size} made by the ` +
          `upstream, ${acknowledged.length} acknowledged; ${inDb.line}; ${inFile.line}`,
      );
      expect(made.size).toBeGreaterThan(0);
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const f of [inDb, inFile]) {
        expect(f.madeWithoutRecord).toEqual([]);
        // Acknowledged means its outcome was durable before the answer left.
        expect(f.ackWithoutOutcome).toEqual([]);
      }
      // Some were cut off in flight: their attempts read as unknown after the restart, from the
      // database as from the file.
      const unknown = (await new AuditLog({ file, stdout: false }).recent({ outcome: 'unknown' }))
        .entries;
      expect(unknown.length).toBe(inFile.attempted.size - inFile.outcomes.size);
      const unknownInDb = await databaseEntries(db, 'unknown');
      expect(unknownInDb.length).toBe(inDb.attempted.size - inDb.outcomes.size);
    }, 120_000);
  },
  // Each test makes the database its server needs.
  { suiteStore: false },
);

describe('audit log durability through SIGTERM', () => {
  it('SIGTERM while a slow upstream makes changes: they finish, are answered and recorded', async () => {
    const { made, env } = await slowUpstream(1500);
    const file = join(mkdtempSync(join(tmpdir(), 'orglink-term-')), 'audit.log');
    const { child, url, output, exited } = await startServer({ ...env, AUDIT_LOG: file });
    const ids = Array.from({ length: 10 }, (_, i) => randomId(100 + i));
    const inFlight = ids.map((id) => removeLink(url, id));
    // Every change has reached the upstream (which takes 1.5 s to answer): now stop.
    for (let i = 0; i < 200 && made.size < ids.length; i++) await sleep(25);
    expect(made.size).toBe(ids.length);
    const stoppedAt = Date.now();
    child.kill('SIGTERM');
    await sleep(200);
    // No new work once stopping: the listener is closed.
    const late = await removeLink(url, randomId(999));
    const answers = await Promise.all(inFlight);
    const { code } = await exited;
    const exitMs = Date.now() - stoppedAt;

    const all = records(file);
    const outcomes = all.filter((r): r is AuditOutcomeRecord => r.type === 'outcome');
    const recorded = new Set(outcomes.map((r) => r.orgId));
    const answered = answers.filter((a) => a.status === 204).length;
    console.log(
      `SIGTERM during changes: ${ids.length} in flight, ${made.size} made by the upstream, ` +
        `${answered} answered 204, ${recorded.size} recorded with an outcome; ` +
        `late request ${late.status === 0 ? 'refused (connection refused)' : `answered ${late.status}`}; ` +
        `exit code ${code} after ${exitMs} ms`,
    );
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 204));
    expect([...made].filter((id) => !recorded.has(id))).toEqual([]);
    expect(outcomes.every((r) => r.outcome === 'success')).toBe(true);
    expect(late.status === 0 || late.status === 503).toBe(true);
    expect(made.has(randomId(999))).toBe(false);
    expect(code).toBe(0);
    expect(output()).toContain('"how":"clean"');
  }, 120_000);
});
