// The fingerprint of a migration request: what "the same request" means for Start migration, which
// needs a successful validation of exactly the request it starts. sha256 of the request as canonical
// JSON (keys sorted at every level, absent and null alike left out) WITHOUT its source password:
// the password is write-only and never goes into anything kept, a hash included.
import { createHash } from 'node:crypto';
import type { LiveMigrationRequest } from '#contract/schemas';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && v !== null) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

export function requestFingerprint(request: LiveMigrationRequest): string {
  const { password: _password, ...source } = request.source;
  const withoutPassword = {
    ...request,
    source,
    // false is the API's default: a request that leaves it out is the same request.
    dropDestinationData: request.dropDestinationData ?? false,
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(withoutPassword)))
    .digest('hex');
}
