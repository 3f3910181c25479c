// The migration registry: every live migration started through the console, what the server's
// poller has seen of it, and the proxy's own endpoints for it (SPEC "Migrations"). The API cannot
// list migrations nor name a migration's source and target (FACTS.md), so the console records them.
// Shared by the proxy (server/live-migrations/), the SPA and the browser fakes.
import { z } from 'zod/mini';
import {
  HOSTNAME_SCHEMA_TYPES,
  MIGRATION_STATUSES,
  liveMigrationRequestSchema,
  objectId,
} from './schemas';
import { SOURCE_UPSTREAMS } from './route-table';

export const LIVE_MIGRATION_ENDPOINTS = {
  list: '/api/migrations',
  /** Route patterns (server side); the functions fill them in. */
  oneRoute: '/api/migrations/:id',
  cutoverRoute: '/api/migrations/:id/cutover',
  one: (id: string) => `/api/migrations/${encodeURIComponent(id)}`,
  cutover: (id: string) => `/api/migrations/${encodeURIComponent(id)}/cutover`,
} as const;

/** The cutover window after `readyForCutover` turns true (FACTS.md): 120 hours. */
export const CUTOVER_WINDOW_MS = 120 * 3_600_000;
/** The page warns in the window's last 24 hours. */
export const CUTOVER_WARNING_MS = 24 * 3_600_000;

/** Statuses after which nothing changes any more: the poller stops there. */
export const FINAL_MIGRATION_STATUSES = ['FAILED', 'COMPLETE', 'EXPIRED'] as const;

/** Words the pages use for each status (SPEC: New, Working, Failed, Complete, Expired). */
export const MIGRATION_STATUS_LABELS: Record<(typeof MIGRATION_STATUSES)[number], string> = {
  NEW: 'New',
  WORKING: 'Working',
  FAILED: 'Failed',
  COMPLETE: 'Complete',
  EXPIRED: 'Expired',
};

const isoTime = z.iso.datetime({ offset: true });
const name = z.nullable(z.string().check(z.maxLength(256)));

/** Names shown beside IDs. The SPA sends what it showed the user; display only, never trusted. */
export const migrationNamesSchema = z.strictObject({
  sourceOrg: z.optional(name),
  sourceProject: z.optional(name),
  atlasOrg: z.optional(name),
  atlasProject: z.optional(name),
});

/**
 * `POST /api/migrations` (Start migration): where the migration comes from and goes to, the
 * LiveMigrationRequest to send (its `source.password` is WRITE-ONLY: forwarded to Atlas, never
 * stored, logged, echoed or audited), and the validation that passed for exactly this request.
 */
export const startMigrationBodySchema = z.strictObject({
  validationId: objectId,
  sourceUpstream: z.enum(SOURCE_UPSTREAMS),
  sourceOrgId: objectId,
  atlasOrgId: objectId,
  names: z.optional(migrationNamesSchema),
  request: liveMigrationRequestSchema,
});
export type StartMigrationBody = z.infer<typeof startMigrationBodySchema>;

export const migrationErrorSchema = z.object({
  code: z.string(),
  detail: z.string(),
  httpStatus: z.nullable(z.int()),
});

/** One registered migration, as the list and the page show it. */
export const registeredMigrationSchema = z.object({
  /** The upstream's migration `_id`. */
  id: objectId,
  source: z.object({
    upstream: z.enum(SOURCE_UPSTREAMS),
    orgId: objectId,
    orgName: z.nullable(z.string()),
    projectId: objectId,
    projectName: z.nullable(z.string()),
    deployment: z.string(),
  }),
  target: z.object({
    atlasOrgId: objectId,
    atlasOrgName: z.nullable(z.string()),
    projectId: objectId,
    projectName: z.nullable(z.string()),
    cluster: z.string(),
  }),
  migrationHost: z.string(),
  options: z.object({
    hostnameSchemaType: z.enum(HOSTNAME_SCHEMA_TYPES),
    tls: z.boolean(),
    caCertificatePath: z.nullable(z.string()),
    managedAuthentication: z.boolean(),
    dropDestinationData: z.boolean(),
  }),
  startedBy: z.string(),
  startedAt: isoTime,
  /** The last status seen (null: the upstream's answer had none). */
  status: z.nullable(z.enum(MIGRATION_STATUSES)),
  lagSeconds: z.nullable(z.int()),
  readyForCutover: z.boolean(),
  /** The server still polls it (not FAILED, COMPLETE or EXPIRED). */
  active: z.boolean(),
  lastCheckedAt: z.nullable(isoTime),
  /** Why the last poll failed; null after a successful one. */
  lastError: z.nullable(migrationErrorSchema),
  /** When readyForCutover was first seen true: the cutover window's start. */
  readySince: z.nullable(isoTime),
  /** The window's length this console assumes (120 h; shorter against the simulated upstream). */
  cutoverWindowMs: z.int(),
  /** readySince + the window; null before ready. Extending it is only possible in the Atlas UI. */
  windowEndsAt: z.nullable(isoTime),
  cutoverRequestedBy: z.nullable(z.string()),
  cutoverRequestedAt: z.nullable(isoTime),
  /** When COMPLETE was first seen. */
  completedAt: z.nullable(isoTime),
  /** When a final status (FAILED, COMPLETE, EXPIRED) was first seen. */
  finishedAt: z.nullable(isoTime),
});
export type RegisteredMigration = z.infer<typeof registeredMigrationSchema>;

export const migrationStatusChangeSchema = z.object({
  at: isoTime,
  status: z.nullable(z.enum(MIGRATION_STATUSES)),
  readyForCutover: z.boolean(),
});
export type MigrationStatusChange = z.infer<typeof migrationStatusChangeSchema>;

export const lagSampleSchema = z.object({ at: isoTime, lagSeconds: z.int() });
export type LagSample = z.infer<typeof lagSampleSchema>;

/** Filters of `GET /api/migrations` (query parameters, also the page's URL). */
export const MIGRATION_FILTERS = ['status', 'source', 'orgId', 'atlasOrgId'] as const;
export type MigrationFilters = Partial<Record<(typeof MIGRATION_FILTERS)[number], string>>;
/** `status` takes a status or `active` (NEW and WORKING). */
export const MIGRATION_STATUS_FILTERS = ['active', ...MIGRATION_STATUSES] as const;

export const migrationListSchema = z.object({
  /** Newest first. */
  migrations: z.array(registeredMigrationSchema),
  generatedAt: isoTime,
  /** How often the server polls each active migration (MIGRATION_POLL_INTERVAL). */
  pollIntervalMs: z.int(),
});
export type MigrationList = z.infer<typeof migrationListSchema>;

export const migrationDetailSchema = z.object({
  migration: registeredMigrationSchema,
  /** Every status change seen, oldest first. */
  history: z.array(migrationStatusChangeSchema),
  /** Lag over time, oldest first (downsampled after the first hour: docs/architecture.md). */
  lagSamples: z.array(lagSampleSchema),
  generatedAt: isoTime,
  pollIntervalMs: z.int(),
});
export type MigrationDetail = z.infer<typeof migrationDetailSchema>;
