// Every value of every column of every table of an embedded database, as text: what the
// no-secrets check greps after the e2e run (keys, passwords, the session secret, link-tokens must
// appear in none). The data directory is never opened in place: its lock is taken (so a server
// still running on it is reported, not raced), it is copied, the lock is released, and the copy is
// opened (PGlite replays the copy's log if its server was killed) and deleted afterwards.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { embeddedDbDir } from '../server/store/connect';
import { StoreLockedError } from '../server/store/errors';
import { lockDataDir } from '../server/store/lock';

export interface ColumnText {
  /** `table.column` */
  where: string;
  /** Its non-null values, as text. */
  values: string[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The data directory's lock, once its server has let go: `npm test` runs this right after the e2e
 * run, whose servers may still be shutting down. Still held after `waitMs`: the StoreLockedError.
 */
async function lockWhenFree(dbDir: string, waitMs: number) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return lockDataDir(dbDir);
    } catch (e) {
      if (!(e instanceof StoreLockedError) || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** The text of every column of every table in `DATA_DIR`'s embedded database. */
export async function embeddedDatabaseText(
  dataDir: string,
  { waitMs = 30_000 } = {},
): Promise<ColumnText[]> {
  const dbDir = embeddedDbDir(dataDir);
  if (!existsSync(dbDir)) throw new Error(`no embedded database in ${dbDir}`);
  const copy = join(mkdtempSync(join(tmpdir(), 'orglink-db-text-')), 'db');
  const lock = await lockWhenFree(dbDir, waitMs);
  try {
    cpSync(dbDir, copy, { recursive: true });
  } finally {
    lock.release();
  }
  const pg = await PGlite.create(copy);
  try {
    const columns = await pg.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
    const out: ColumnText[] = [];
    for (const { table_name: table, column_name: column } of columns.rows) {
      const rows = await pg.query<{ v: string }>(
        `SELECT ${quote(column)}::text AS v FROM ${quote(table)} WHERE ${quote(column)} IS NOT NULL`,
      );
      out.push({ where: `${table}.${column}`, values: rows.rows.map((r) => r.v) });
    }
    return out;
  } finally {
    await pg.close();
    rmSync(join(copy, '..'), { recursive: true, force: true });
  }
}
