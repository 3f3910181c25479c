// The one typed database both engines give: drizzle's Postgres query builder over embedded PGlite
// or over node-postgres. Store modules take a `Database` (or a transaction, which is one too).
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

export type Database = PgDatabase<PgQueryResultHKT>;

/** `pglite`: embedded in this process, in DATA_DIR; `postgres`: a server named by DATABASE_URL. */
export type Engine = 'pglite' | 'postgres';

/** Where the data is, safe for logs and the Settings page: never a password. */
export type StoreDescription =
  | { engine: 'pglite'; dataDir: string }
  | { engine: 'postgres'; host: string; port: number; database: string };

/** Plain SQL on one connection inside one transaction: what the migration runner needs. */
export interface RawTransaction {
  /** One or more statements, no parameters, no result. */
  exec(sql: string): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}
