// Registry rows in the words of #contract/live-migrations-contract.
import type {
  LagSample,
  MigrationStatusChange,
  RegisteredMigration,
} from '#contract/live-migrations-contract';
import type {
  LagSampleRow,
  LiveMigrationRow,
  LiveMigrationStatusChangeRow,
} from '../store/live-migrations';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toRegisteredMigration(r: LiveMigrationRow): RegisteredMigration {
  return {
    id: r.migrationId,
    source: {
      upstream: r.sourceUpstream,
      orgId: r.sourceOrgId,
      orgName: r.sourceOrgName,
      projectId: r.sourceProjectId,
      projectName: r.sourceProjectName,
      deployment: r.sourceDeployment,
    },
    target: {
      atlasOrgId: r.atlasOrgId,
      atlasOrgName: r.atlasOrgName,
      projectId: r.atlasProjectId,
      projectName: r.atlasProjectName,
      cluster: r.targetCluster,
    },
    migrationHost: r.migrationHost,
    options: {
      hostnameSchemaType: r.hostnameSchemaType,
      tls: r.tls,
      caCertificatePath: r.caCertificatePath,
      managedAuthentication: r.managedAuthentication,
      dropDestinationData: r.dropDestinationData,
    },
    startedBy: r.startedBy,
    startedAt: r.startedAt.toISOString(),
    status: r.status,
    lagSeconds: r.lagSeconds,
    readyForCutover: r.readyForCutover,
    active: r.finishedAt === null,
    lastCheckedAt: iso(r.lastCheckedAt),
    lastError: r.lastErrorCode
      ? {
          code: r.lastErrorCode,
          detail: r.lastErrorDetail ?? '',
          httpStatus: r.lastErrorHttpStatus,
        }
      : null,
    readySince: iso(r.readySince),
    cutoverWindowMs: r.cutoverWindowMs,
    windowEndsAt: r.readySince
      ? new Date(r.readySince.getTime() + r.cutoverWindowMs).toISOString()
      : null,
    cutoverRequestedBy: r.cutoverRequestedBy,
    cutoverRequestedAt: iso(r.cutoverRequestedAt),
    completedAt: iso(r.completedAt),
    finishedAt: iso(r.finishedAt),
  };
}

export function toStatusChange(r: LiveMigrationStatusChangeRow): MigrationStatusChange {
  return {
    at: r.observedAt.toISOString(),
    status: r.status,
    readyForCutover: r.readyForCutover,
  };
}

export function toLagSample(r: LagSampleRow): LagSample {
  return { at: r.sampledAt.toISOString(), lagSeconds: r.lagSeconds };
}
