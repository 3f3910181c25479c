// Live migrations in the store: which source projects an Atlas org can migrate, validation jobs
// and migrations, and their lifecycles. Nothing here is stored as a status: every answer is
// computed from when a record was made and the store's clock (clock.ts), so tests drive time and
// get the same answer every run. A record never holds the source's username or password.
import { pushMigrationSupport } from '#contract/push-support';
import type { SourceUpstream } from '#contract/route-table';
import type {
  AvailableProject,
  LiveMigrationRequest,
  MigrationStatus,
  ValidationStatus,
} from '#contract/schemas';
import { storeNow } from './clock';
import { findAtlasProject } from './cloud';
import { SOURCE_STORES } from './cloudmanager';
import { getStoreConfig } from './config';
import { createIdFactory, createRng } from './prng';
import { SEED, type SourceDeploymentRecord, type SourceProjectRecord } from './seed-data';
import { linkStatus } from './source-orgs';

/** How a migration behaves, fixed when it is created (the scenario of the create call). */
export type MigrationBehavior = 'normal' | 'fails' | 'lag-spike' | 'short-window';

/** Lag when a migration starts WORKING (seconds); it falls to a few seconds over the catch-up. */
export const INITIAL_LAG_S = 3600;
/** A short-window migration's cutover window (the migration-window-short scenario). */
export const SHORT_WINDOW_MS = 15_000;
/** A failing migration fails this far into its catch-up. */
export const FAIL_AT_FRACTION = 0.5;
/** A lag spike rises from 35 % of the catch-up, peaks at 50 % (+150 % of the initial lag), ends at 65 %. */
export const SPIKE = Object.freeze({ from: 0.35, peak: 0.5, to: 0.65, height: 1.5 });

export interface ValidationRecord {
  id: string;
  groupId: string;
  sourceGroupId: string;
  createdAt: number;
  pendingMs: number;
  /** Why it fails, in plain words; null = it succeeds. */
  failure: string | null;
}

export interface MigrationRecord {
  id: string;
  /** The destination Atlas project. */
  groupId: string;
  atlasOrgId: string;
  source: { upstream: SourceUpstream; orgId: string; groupId: string; clusterName: string };
  destinationCluster: string;
  migrationHosts: string[];
  dropDestinationData: boolean;
  createdAt: number;
  behavior: MigrationBehavior;
  /** The store's timings when it was created (later configureStore calls do not change it). */
  timings: { newMs: number; catchUpMs: number; cutoverMs: number; windowMs: number };
  cutoverAt: number | null;
}

export type MigrationPhase =
  'new' | 'catching-up' | 'ready' | 'cutting-over' | 'complete' | 'failed' | 'expired';

export interface MigrationView {
  status: MigrationStatus;
  lagTimeSeconds: number | null;
  readyForCutover: boolean;
  phase: MigrationPhase;
  /** When readyForCutover first turned true and when the window runs out (null before). */
  readyAt: number;
  windowEndsAt: number;
}

let validations = new Map<string, ValidationRecord>();
let migrations = new Map<string, MigrationRecord>();
let newId = createIdFactory(createRng(SEED + 11), 2025, 2025);

export function resetMigrations(): void {
  validations = new Map();
  migrations = new Map();
  // IDs made after a reset repeat, like everything else the fake makes.
  newId = createIdFactory(createRng(SEED + 11), 2025, 2025);
}

// ---------- what an Atlas org can migrate ----------

export interface AvailableSource {
  upstream: SourceUpstream;
  orgId: string;
  project: SourceProjectRecord;
}

/**
 * The source projects of every source org (either product) whose link points at this Atlas org
 * and reads SYNCED: a link that does not sync offers nothing to migrate (Assumed).
 */
export function availableSources(atlasOrgId: string, now = storeNow()): AvailableSource[] {
  const out: AvailableSource[] = [];
  for (const [upstream, store] of Object.entries(SOURCE_STORES) as [
    SourceUpstream,
    (typeof SOURCE_STORES)[SourceUpstream],
  ][]) {
    for (const [orgId, link] of store.allLinks()) {
      if (link.atlasOrgId !== atlasOrgId || linkStatus(link, now) !== 'SYNCED') continue;
      for (const project of store.projectsOf(orgId)) out.push({ upstream, orgId, project });
    }
  }
  return out;
}

export function availableProjectJson(p: SourceProjectRecord): AvailableProject {
  return {
    projectId: p.id,
    name: p.name,
    migrationHosts: [...p.migrationHosts],
    deployments: p.deployments.map((d) => ({ ...d })),
  };
}

// ---------- validation ----------

export interface RequestVerdict {
  /** Why the request would fail, in plain words (never naming the username or password). */
  failure: string | null;
  source: AvailableSource | null;
  deployment: SourceDeploymentRecord | null;
}

const GB = 1024 ** 3;

/**
 * The checks a validation job runs, in this order; the first that fails is the errorMessage. The
 * triggers are deterministic (mocks/README.md): a source not linked (SYNCED) to this Atlas org,
 * an unknown source cluster, a source push migration does not support, a migration host that is
 * not one of the source project's, `ssl` that does not match the source's TLS, missing
 * credentials or a password containing "wrong", a target cluster smaller than the source's data.
 */
export function judgeRequest(
  atlasOrgId: string,
  body: LiveMigrationRequest,
  targetDiskGB: number,
  now = storeNow(),
): RequestVerdict {
  const none = { source: null, deployment: null };
  const source = availableSources(atlasOrgId, now).find(
    (s) => s.project.id === body.source.groupId,
  );
  if (!source) {
    return {
      ...none,
      failure: `Source project ${body.source.groupId} is not available for migration to this Atlas organization: its organization is not linked to it, or the link is not synced.`,
    };
  }
  const deployment = source.project.deployments.find((d) => d.name === body.source.clusterName);
  if (!deployment) {
    return {
      source,
      deployment: null,
      failure: `Source cluster "${body.source.clusterName}" was not found in source project "${source.project.name}".`,
    };
  }
  const fail = (failure: string): RequestVerdict => ({ source, deployment, failure });
  const support = pushMigrationSupport(source.upstream, deployment.mongoDBVersion);
  if (support.level === 'unsupported') return fail(support.reason);
  const host = body.migrationHosts[0] ?? '';
  if (!source.project.migrationHosts.includes(host)) {
    return fail(
      `Migration host ${host} is unreachable: it is not a migration host of source project "${source.project.name}", or its MongoDB Agent is not running.`,
    );
  }
  if (deployment.tlsEnabled !== body.source.ssl) {
    return fail(
      deployment.tlsEnabled
        ? `The source cluster "${deployment.name}" requires TLS, but the request has TLS (ssl) turned off.`
        : `The source cluster "${deployment.name}" does not use TLS, but the request has TLS (ssl) turned on.`,
    );
  }
  if (body.source.managedAuthentication && !deployment.managed) {
    return fail(
      `The source cluster "${deployment.name}" is not managed by automation: turn managed authentication off and give a username and password.`,
    );
  }
  if (!body.source.managedAuthentication) {
    if (!body.source.username || !body.source.password) {
      return fail(
        'The source cluster needs a username and password (managed authentication is off).',
      );
    }
    if (/wrong/i.test(body.source.password)) {
      return fail('Authentication to the source cluster failed: check the username and password.');
    }
  }
  if (targetDiskGB * GB < deployment.dbSizeBytes) {
    const need = Math.ceil(deployment.dbSizeBytes / GB);
    return fail(
      `Not enough disk on the target: cluster "${body.destination.clusterName}" has ${targetDiskGB} GB, the source holds about ${need} GB.`,
    );
  }
  return { source, deployment, failure: null };
}

export function createValidation(
  groupId: string,
  sourceGroupId: string,
  failure: string | null,
  now = storeNow(),
): ValidationRecord {
  const record: ValidationRecord = {
    id: newId(),
    groupId,
    sourceGroupId,
    createdAt: now,
    pendingMs: getStoreConfig().validationMs,
    failure,
  };
  validations.set(record.id, record);
  return record;
}

export function findValidation(groupId: string, id: string): ValidationRecord | undefined {
  const v = validations.get(id);
  return v?.groupId === groupId ? v : undefined;
}

export function validationView(
  v: ValidationRecord,
  now = storeNow(),
): { status: ValidationStatus; errorMessage: string | null } {
  if (now - v.createdAt < v.pendingMs) return { status: 'PENDING', errorMessage: null };
  return v.failure === null
    ? { status: 'SUCCESS', errorMessage: null }
    : { status: 'FAILED', errorMessage: v.failure };
}

// ---------- migrations ----------

export function createMigrationRecord(
  input: Omit<MigrationRecord, 'id' | 'createdAt' | 'timings' | 'cutoverAt'>,
  now = storeNow(),
): MigrationRecord {
  const c = getStoreConfig();
  const record: MigrationRecord = {
    ...input,
    migrationHosts: [...input.migrationHosts],
    id: newId(),
    createdAt: now,
    timings: {
      newMs: c.migrationNewMs,
      catchUpMs: Math.max(1, c.migrationCatchUpMs),
      cutoverMs: c.migrationCutoverMs,
      windowMs:
        input.behavior === 'short-window'
          ? Math.min(SHORT_WINDOW_MS, c.cutoverWindowMs)
          : c.cutoverWindowMs,
    },
    cutoverAt: null,
  };
  migrations.set(record.id, record);
  return record;
}

export function findMigration(groupId: string, id: string): MigrationRecord | undefined {
  const m = migrations.get(id);
  return m?.groupId === groupId ? m : undefined;
}

/** Every migration record (for tests: proves no credential is ever kept). */
export function allMigrationRecords(): readonly (MigrationRecord | ValidationRecord)[] {
  return [...migrations.values(), ...validations.values()];
}

/**
 * The lifecycle, as a function of time:
 *   NEW (newMs) → WORKING, lag falling from INITIAL_LAG_S (catchUpMs; a lag-spike migration
 *   rises mid-way; a failing one turns FAILED half-way) → WORKING + readyForCutover, lag 1–3 s,
 *   for the cutover window (windowMs) → EXPIRED; or, after a cutover inside the window,
 *   WORKING without lag (cutoverMs) → COMPLETE.
 */
export function migrationView(m: MigrationRecord, now = storeNow()): MigrationView {
  const { newMs, catchUpMs, cutoverMs, windowMs } = m.timings;
  const readyAt = m.createdAt + newMs + catchUpMs;
  const windowEndsAt = readyAt + windowMs;
  const at = (
    phase: MigrationPhase,
    status: MigrationStatus,
    lagTimeSeconds: number | null = null,
    readyForCutover = false,
  ): MigrationView => ({ status, lagTimeSeconds, readyForCutover, phase, readyAt, windowEndsAt });

  const t = now - m.createdAt;
  if (t < newMs) return at('new', 'NEW');
  const w = t - newMs;
  if (m.behavior === 'fails' && w >= catchUpMs * FAIL_AT_FRACTION) return at('failed', 'FAILED');
  if (m.cutoverAt !== null) {
    return now < m.cutoverAt + cutoverMs
      ? at('cutting-over', 'WORKING')
      : at('complete', 'COMPLETE');
  }
  if (w < catchUpMs) return at('catching-up', 'WORKING', catchUpLag(w / catchUpMs, m.behavior));
  if (now >= windowEndsAt) return at('expired', 'EXPIRED');
  // Caught up: a small lag that moves a little, second by second.
  return at('ready', 'WORKING', 1 + (Math.floor((w - catchUpMs) / 1000) % 3), true);
}

function catchUpLag(progress: number, behavior: MigrationBehavior): number {
  let lag = INITIAL_LAG_S * (1 - progress) + 5;
  if (behavior === 'lag-spike' && progress >= SPIKE.from && progress < SPIKE.to) {
    const rise =
      progress < SPIKE.peak
        ? (progress - SPIKE.from) / (SPIKE.peak - SPIKE.from)
        : (SPIKE.to - progress) / (SPIKE.to - SPIKE.peak);
    lag += INITIAL_LAG_S * SPIKE.height * rise;
  }
  return Math.round(lag);
}

/** NEW and WORKING (the cutover phase included) hold the org link: removing it gets 409. */
export function isActive(view: MigrationView): boolean {
  return view.status === 'NEW' || view.status === 'WORKING';
}

export type CutoverResult = 'accepted' | { refused: string };

/** A cutover is accepted only while WORKING and ready for cutover. */
export function requestCutover(m: MigrationRecord, now = storeNow()): CutoverResult {
  const view = migrationView(m, now);
  if (view.phase === 'ready') {
    m.cutoverAt = now;
    return 'accepted';
  }
  const why: Record<Exclude<MigrationPhase, 'ready'>, string> = {
    new: 'it has not started replicating yet',
    'catching-up': `it is not ready for cutover yet (lag ${view.lagTimeSeconds ?? '?'} s)`,
    'cutting-over': 'its cutover is already under way',
    complete: 'it is already complete',
    failed: 'it failed; start a new migration',
    expired: 'its cutover window expired; start a new migration',
  };
  return { refused: `Migration ${m.id} cannot be cut over: ${why[view.phase]}.` };
}

/** Destination projects of the active migrations that hold a link (for the 409's detail). */
export function activeMigrationProjects(
  holds: (m: MigrationRecord) => boolean,
  now = storeNow(),
): string[] {
  const ids = new Set<string>();
  for (const m of migrations.values()) {
    if (holds(m) && isActive(migrationView(m, now))) ids.add(m.groupId);
  }
  return [...ids];
}

/** The Atlas org of a destination project, or undefined when no such project exists. */
export function atlasOrgOfProject(groupId: string): string | undefined {
  return findAtlasProject(groupId)?.orgId;
}
