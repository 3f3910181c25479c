// After the e2e run: no Digest key, session secret, test password, password hash, source database
// password (a migration's write-only `source.password`) or generated link-token appears in any
// answer of the `full-stack-auth` run (except a link-token in the one answer of the manual Generate
// that made it), in its server's log lines, in its audit lines, in any "Show API call" text the run
// opened (api-calls.jsonl: commands shown to the user, placeholders only), or anywhere in its
// server's database: every column of every table (read from a copy of `data/` once the server has
// stopped), and the raw bytes of every file of its data directory (write-ahead log included, so a
// value written and deleted since still counts). The link-tokens are every token the run's
// simulated Atlas issued (issued-link-tokens.txt, SIM_LINK_TOKENS_FILE) — those of Generate and
// connect too, which no answer may ever carry — and any a Generate answered.
// Usage: tsx scripts/check-no-secrets.ts [dir]   (default artifacts/e2e-auth)
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2E_AUTH_DIR, E2E_SESSION_SECRET, E2E_USERS } from '../e2e/auth-users';
import { SAMPLE_MIGRATION_CREDENTIALS } from '../mocks/db/fixtures';
import { SIM_CLOUDMANAGER_PRIVATE_KEY, SIM_PRIVATE_KEY } from '../mocks/sim-keys';
import { auditRecordSchema } from '#contract/audit-contract';
import { routerPath, routes } from '#contract/route-table';
import { embeddedDatabaseText, type ColumnText } from './database-text';

interface Answer {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

const GENERATE = new RegExp(
  `^${routerPath(routes.createLinkToken, 'proxy').replace(/:\w+/g, '[a-f0-9]{24}')}$`,
);

export interface SecretSources {
  answers: Answer[];
  serverLog: string;
  auditLog: string;
  /** Every "Show API call" text the run showed (curl and CLI commands). */
  apiCalls: string[];
  /** Every column of the server's database, as text. */
  database: ColumnText[];
  /** Fixed secrets to look for (keys, passwords, session secret, hashes). */
  secrets: string[];
  /** Every link-token the simulated Atlas issued during the run (either path). */
  issuedTokens?: string[];
  /** The files of the run's database (its embedded data directory), by path. */
  databaseFiles?: { path: string; bytes: Buffer }[];
}

/** Problems found (empty = clean). Never prints a secret itself, only what kind leaked where. */
export function findLeaks(s: SecretSources): string[] {
  const problems: string[] = [];
  const answered = s.answers
    .filter((a) => a.method === 'POST' && GENERATE.test(a.path) && a.status < 300)
    .map((a) => (JSON.parse(a.body) as { linkToken?: string }).linkToken);
  const tokens = [...new Set([...(s.issuedTokens ?? []), ...answered])].filter(
    (t): t is string => typeof t === 'string' && t.length >= 8,
  );
  const named = [
    ...s.secrets.map((v, i) => ({ v, what: `secret #${i + 1}` })),
    ...tokens.map((v, i) => ({ v, what: `generated link-token #${i + 1}` })),
  ];
  for (const { v, what } of named) {
    if (s.serverLog.includes(v)) problems.push(`${what} appears in the server log`);
    if (s.auditLog.includes(v)) problems.push(`${what} appears in the audit log`);
    const file = (s.databaseFiles ?? []).find((f) => f.bytes.includes(v));
    if (file) problems.push(`${what} appears in the database (${file.path})`);
    s.apiCalls.forEach((text, i) => {
      if (text.includes(v)) problems.push(`${what} appears in Show API call text #${i + 1}`);
    });
    for (const column of s.database) {
      if (column.values.some((text) => text.includes(v))) {
        problems.push(`${what} appears in the database (${column.where})`);
      }
    }
  }
  for (const a of s.answers) {
    const text = `${JSON.stringify(a.headers)}\n${a.body}`;
    for (const { v, what } of named) {
      if (!text.includes(v)) continue;
      // The manual Generate's answer shows its own token once; nothing else may (not Generate
      // and connect's answer, whose token goes straight to the source and nowhere else).
      const own =
        what.startsWith('generated') &&
        a.method === 'POST' &&
        GENERATE.test(a.path) &&
        a.status < 300 &&
        a.body.includes(v);
      if (!own) problems.push(`${what} appears in the answer to ${a.method} ${a.path}`);
    }
  }
  return problems;
}

function readAnswers(file: string): Answer[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Answer);
}

/** Every file under `dir` (none when it does not exist). */
function readTree(dir: string): { path: string; bytes: Buffer }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return { path, bytes: readFileSync(path) };
    });
}

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? E2E_AUTH_DIR);
  const files = ['responses.jsonl', 'server.log', 'audit.log', 'api-calls.jsonl'].map((f) =>
    join(dir, f),
  );
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length) {
    console.error(`check-no-secrets: missing ${missing.join(', ')} (run the e2e suite first)`);
    process.exit(1);
  }
  const [responses = '', serverLog = '', auditLog = '', apiCallsFile = ''] = files;
  const apiCalls = readFileSync(apiCallsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text);
  const answers = readAnswers(responses);
  const audit = readFileSync(auditLog, 'utf8');
  const lines = audit.split('\n').filter(Boolean);
  const bad = lines.filter((l) => !auditRecordSchema.safeParse(JSON.parse(l)).success);
  let database: ColumnText[] = [];
  try {
    database = await embeddedDatabaseText(join(dir, 'data'));
  } catch (e) {
    console.error(`check-no-secrets: cannot read the server's database: ${(e as Error).message}`);
    process.exit(1);
  }
  const dbAudit = database.find((c) => c.where === 'audit_records.request_id')?.values.length ?? 0;
  const dbValues = database.reduce((n, c) => n + c.values.length, 0);
  const usersFile = JSON.parse(readFileSync('e2e/users.e2e.json', 'utf8')) as {
    users: { passwordHash: string }[];
  };
  // Written by the run's simulated upstream (SIM_LINK_TOKENS_FILE); absent if it issued none.
  const issuedFile = join(dir, 'issued-link-tokens.txt');
  const issuedTokens = existsSync(issuedFile)
    ? readFileSync(issuedFile, 'utf8').split('\n').filter(Boolean)
    : [];
  // The run's embedded PostgreSQL (DATA_DIR=<dir>/data), byte for byte.
  const databaseFiles = readTree(join(dir, 'data'));
  const problems = findLeaks({
    answers,
    serverLog: readFileSync(serverLog, 'utf8'),
    auditLog: audit,
    apiCalls,
    database,
    databaseFiles,
    issuedTokens,
    secrets: [
      SIM_PRIVATE_KEY,
      SIM_CLOUDMANAGER_PRIVATE_KEY,
      // Source database passwords the e2e migration journeys type: write-only, never shown again.
      SAMPLE_MIGRATION_CREDENTIALS.password,
      SAMPLE_MIGRATION_CREDENTIALS.wrongPassword,
      E2E_SESSION_SECRET,
      ...Object.values(E2E_USERS).map((u) => u.password),
      ...usersFile.users.map((u) => u.passwordHash),
    ],
  });
  if (lines.length === 0) problems.push('the audit log is empty: the e2e run changed nothing?');
  // The database holds every record the file does (the file is written beside it).
  if (dbAudit < lines.length) {
    problems.push(`the database has ${dbAudit} audit records, the file ${lines.length}`);
  }
  if (bad.length) problems.push(`${bad.length} audit line(s) do not match the audit record schema`);
  if (answers.length === 0) problems.push('no answers were recorded');
  if (databaseFiles.length === 0) problems.push('no database files were found under data/');
  if (apiCalls.length === 0) problems.push('no Show API call text was recorded');
  if (problems.length) {
    console.error(`check-no-secrets: FAILED\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log(
    `check-no-secrets: ok (${answers.length} answers, ${lines.length} audit lines, ` +
      `${apiCalls.length} API call texts, ${issuedTokens.length} issued link-tokens, server log ` +
      `checked, database: ${database.length} columns, ${dbValues} values, ${dbAudit} audit ` +
      `records, ${databaseFiles.length} files)`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
