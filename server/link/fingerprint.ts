// A link-token's fingerprint: the first 6 hex digits of its SHA-256. Enough to tell a handful of
// one org's tokens apart and to match a pasted token to the ledger; nothing to learn the token
// from. The token itself stays in memory for the one call that needs it.
import { createHash } from 'node:crypto';
import { FINGERPRINT_LENGTH } from '#contract/link-contract';

export function fingerprintOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex').slice(0, FINGERPRINT_LENGTH);
}
