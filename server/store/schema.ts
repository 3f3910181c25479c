// Every table the store's modules define, in one list: the test that checks the drizzle
// definitions against the schema the SQL migrations create reads it, and so does test cleanup.
import { auditProbe, auditRecords } from './audit';
import { fleetOrgs, fleetStatusChanges } from './fleet';
import { leases } from './leases';
import {
  liveMigrationLagSamples,
  liveMigrationStatusChanges,
  liveMigrationValidations,
  liveMigrations,
} from './live-migrations';
import { linkTokenConnections, linkTokens } from './link-tokens';
import { schemaMigrations } from './migrate';
import { sessionRevocations } from './revocations';
import { fleetSweeps } from './sweeps';
import { signInThrottle } from './throttle';

export const TABLES = [
  schemaMigrations,
  fleetOrgs,
  fleetStatusChanges,
  leases,
  fleetSweeps,
  auditRecords,
  auditProbe,
  sessionRevocations,
  signInThrottle,
  liveMigrations,
  liveMigrationStatusChanges,
  liveMigrationLagSamples,
  liveMigrationValidations,
  linkTokens,
  linkTokenConnections,
];
