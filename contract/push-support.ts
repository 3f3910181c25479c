// Whether push live migration supports a source deployment (FACTS.md "Push migration has moved
// on"): one home for the rule, so the Start migration page flags a deployment and the fakes' validation
// refuses it with the same reason.
import type { SourceUpstream } from './route-table';

export type PushSupport =
  { level: 'supported' } | { level: 'deprecated' | 'unsupported'; reason: string };

function parseVersion(v: string): [number, number, number] | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

/**
 * Ops Manager: deprecated as a push source, not supported for MongoDB 6.0 and later. Cloud Manager:
 * 6.0 needs 6.0.17+, 7.0 needs 7.0.13+; other versions are assumed supported (ASSUMPTIONS.md).
 */
export function pushMigrationSupport(source: SourceUpstream, mongoDBVersion: string): PushSupport {
  const v = parseVersion(mongoDBVersion);
  if (!v) {
    return { level: 'unsupported', reason: `MongoDB version "${mongoDBVersion}" is not known.` };
  }
  const [major, minor, patch] = v;
  if (source === 'opsmanager') {
    if (major >= 6) {
      return {
        level: 'unsupported',
        reason: `Push live migration from Ops Manager does not support MongoDB 6.0 and later (this deployment runs ${mongoDBVersion}). Manage it with Cloud Manager (6.0.17+ or 7.0.13+) and migrate from there.`,
      };
    }
    return {
      level: 'deprecated',
      reason:
        'Push live migration from Ops Manager is deprecated; Cloud Manager is the supported source.',
    };
  }
  const needs = major === 6 && minor === 0 ? 17 : major === 7 && minor === 0 ? 13 : null;
  if (needs !== null && patch < needs) {
    return {
      level: 'unsupported',
      reason: `Push live migration from Cloud Manager needs MongoDB ${major}.${minor}.${needs} or later (this deployment runs ${mongoDBVersion}). Upgrade it first.`,
    };
  }
  return { level: 'supported' };
}
