// One line of what matters about a source deployment for a migration.
import type { AvailableDeployment } from '#contract/schemas';

const GB = 1024 ** 3;

function sizeText(bytes: number | undefined): string {
  if (bytes === undefined) return 'size unknown';
  return bytes >= GB
    ? `${Math.round(bytes / GB)} GB`
    : `${Math.max(1, Math.round(bytes / 1024 ** 2))} MB`;
}

export function deploymentFacts(d: AvailableDeployment): string {
  return [
    `MongoDB ${d.mongoDBVersion}`,
    sizeText(d.dbSizeBytes),
    d.tlsEnabled ? 'TLS' : 'no TLS',
    d.sharded ? `sharded (${d.shardsSize ?? '?'} shards)` : 'replica set',
    d.managed ? 'managed by automation' : 'not managed',
    d.agentVersion ? `agent ${d.agentVersion}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}
