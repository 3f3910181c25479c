// Vitest global setup of the `node` project: one throwaway Postgres server for the whole run
// (each store suite creates its own database on it), instead of one server per test file.
// Without the server binaries nothing starts; the suites then skip (or fail on CI) with the reason.
import type { TestProject } from 'vitest/node';
import { postgresUnavailableReason, startPostgresServer } from './postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the run's test Postgres server; null without the binaries. */
    postgresAdminUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  if (postgresUnavailableReason()) {
    project.provide('postgresAdminUrl', null);
    return;
  }
  const server = await startPostgresServer();
  project.provide('postgresAdminUrl', server.url);
  return () => server.stop();
}
