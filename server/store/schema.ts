// Every table the store's modules define, in one list: the test that checks the drizzle
// definitions against the schema the SQL migrations create reads it, and so does test cleanup.
import { fleetOrgs, fleetStatusChanges } from './fleet';
import { leases } from './leases';
import { linkTokenConnections, linkTokens } from './link-tokens';
import { schemaMigrations } from './migrate';
import { fleetSweeps } from './sweeps';

export const TABLES = [
  schemaMigrations,
  fleetOrgs,
  fleetStatusChanges,
  leases,
  fleetSweeps,
  linkTokens,
  linkTokenConnections,
];
