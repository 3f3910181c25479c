// Versioned schema migrations: plain SQL files `migrations/NNN-name.sql`, applied in order at
// start-up, all pending ones in one transaction, each recorded in `schema_migrations` with a
// checksum (an applied file that was edited afterwards is refused, not silently skipped).
// Several instances starting at once on one Postgres server take turns through a transaction-level
// advisory lock, which ends with the transaction (so it is safe on a pooled connection).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { RawTransaction } from './db';
import { StoreError } from './errors';

export const schemaMigrations = pgTable('schema_migrations', {
  version: integer('version').primaryKey(),
  name: text('name').notNull(),
  checksum: text('checksum').notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'date' }).notNull(),
});
export type SchemaMigrationRow = typeof schemaMigrations.$inferSelect;

/** Bootstrapped by the runner itself (it must exist before the first migration is recorded). */
const CREATE_SCHEMA_MIGRATIONS = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer     PRIMARY KEY,
  name       text        NOT NULL,
  checksum   text        NOT NULL,
  applied_at timestamptz NOT NULL
)`;

/** Any constant: the key of the advisory lock that serialises migrations between instances. */
const MIGRATION_LOCK_KEY = 7_311_405_221;

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  /** The file name, e.g. `001-fleet.sql`. */
  name: string;
  sql: string;
  checksum: string;
}

const FILE_PATTERN = /^(\d{3})-[a-z0-9-]+\.sql$/;

/** sha256 of the text with line endings normalised (a checkout with CRLF is the same migration). */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** Reads the migration files; versions must run 1, 2, 3 … without gaps or duplicates. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
  const out: Migration[] = [];
  for (const name of files.sort()) {
    const m = FILE_PATTERN.exec(name);
    if (!m) throw new StoreError(`Migration file ${name} is not named NNN-name.sql.`);
    const sql = readFileSync(`${dir}/${name}`, 'utf8');
    out.push({ version: Number(m[1]), name, sql, checksum: checksumOf(sql) });
  }
  out.forEach((mig, i) => {
    if (mig.version !== i + 1) {
      throw new StoreError(
        `Migration versions must run 1, 2, 3 … without gaps: found ${mig.name} at position ${i + 1}.`,
      );
    }
  });
  return out;
}

export interface MigrationResult {
  /** The schema version before and after. */
  from: number;
  to: number;
  applied: string[];
}

/**
 * Brings the schema up to the newest migration (or `upTo`, for tests that build an older version).
 * Refuses a database whose schema is newer than this code, or whose applied migrations differ
 * from the files.
 */
export async function migrate(
  transaction: <T>(fn: (tx: RawTransaction) => Promise<T>) => Promise<T>,
  migrations: readonly Migration[],
  now: () => Date = () => new Date(),
  upTo: number = migrations.length,
): Promise<MigrationResult> {
  const known = migrations.length;
  return transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(CREATE_SCHEMA_MIGRATIONS);
    const rows = await tx.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    const current = rows.reduce((max, r) => Math.max(max, Number(r.version)), 0);
    if (current > known) {
      throw new StoreError(
        `The database schema (version ${current}) is newer than this code (version ${known}): ` +
          'a newer Orglink Console has used this database. Run that version, or point DATABASE_URL ' +
          '(or DATA_DIR) at another database.',
      );
    }
    for (const row of rows) {
      const mig = migrations[Number(row.version) - 1];
      if (!mig || mig.checksum !== row.checksum) {
        throw new StoreError(
          `Migration ${row.name} was changed after it was applied to this database. Restore the ` +
            'file as released, and put schema changes in a new migration file.',
        );
      }
    }
    const applied: string[] = [];
    for (const mig of migrations.slice(current, upTo)) {
      try {
        await tx.exec(mig.sql);
      } catch (e) {
        throw new StoreError(`Migration ${mig.name} failed: ${(e as Error).message}`, { cause: e });
      }
      await tx.query(
        'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)',
        [mig.version, mig.name, mig.checksum, now()],
      );
      applied.push(mig.name);
    }
    return { from: current, to: Math.max(current, upTo), applied };
  });
}
