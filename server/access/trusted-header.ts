// Sign-in by a company SSO proxy in front of the dashboard: it authenticates the user and passes the
// name in a header (TRUST_USER_HEADER). The header is believed only when the TCP peer — the socket's
// address, never X-Forwarded-For — is one of TRUSTED_PROXIES. Roles: operators are named in
// TRUSTED_OPERATORS, or are members of one of TRUSTED_OPERATOR_GROUPS listed in the groups header
// (TRUSTED_GROUPS_HEADER); everyone else the SSO proxy lets through is a viewer.
import { BlockList, isIP } from 'node:net';
import type { Role } from '#contract/proxy-contract';
import { normalizeAddress } from '../address-group';
import { USERNAME_PATTERN } from './users-file';

export interface TrustedHeaderConfig {
  /** Lower-case header name carrying the user name, e.g. `x-forwarded-user`. */
  userHeader: string;
  /** Addresses and CIDR ranges of the SSO proxy, as written in TRUSTED_PROXIES. */
  proxies: string[];
  operators: string[];
  groupsHeader: string | null;
  operatorGroups: string[];
}

export type TrustedHeaderResult =
  | { kind: 'none' } // no header: fall back to other sign-in methods
  | { kind: 'untrusted'; address: string } // header from an address not in TRUSTED_PROXIES
  | { kind: 'invalid'; reason: string } // trusted peer, unusable value
  | { kind: 'user'; user: string; role: Role };

// One home for address normalisation (connection caps and the sign-in throttle use it too).
export { normalizeAddress } from '../address-group';

/** Parses TRUSTED_PROXIES entries; returns the problems found (an empty list when all are fine). */
export function buildTrustList(entries: string[]): { list: BlockList; problems: string[] } {
  const list = new BlockList();
  const problems: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    const [addr = '', bitsText] = entry.split('/');
    const family = isIP(normalizeAddress(addr));
    if (family === 0) {
      problems.push(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
      continue;
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bitsText === undefined) {
      list.addAddress(normalizeAddress(addr), type);
      continue;
    }
    const bits = Number(bitsText);
    const max = family === 4 ? 32 : 128;
    if (!/^\d+$/.test(bitsText) || bits > max) {
      problems.push(`TRUSTED_PROXIES: "${entry}" has a bad prefix length`);
      continue;
    }
    // Trusting a whole internet (or most of it) would let anyone claim to be anyone.
    if (bits < (family === 4 ? 8 : 32)) {
      problems.push(`TRUSTED_PROXIES: "${entry}" is too wide; list the SSO proxy's own addresses`);
      continue;
    }
    list.addSubnet(normalizeAddress(addr), bits, type);
  }
  return { list, problems };
}

export function createTrustedHeaderAuth(config: TrustedHeaderConfig) {
  const { list, problems } = buildTrustList(config.proxies);
  if (problems.length) throw new Error(problems.join('; '));
  const operators = new Set(config.operators.map((u) => u.toLowerCase()));
  const operatorGroups = new Set(config.operatorGroups);

  function isTrusted(peer: string | undefined): boolean {
    if (!peer) return false;
    const addr = normalizeAddress(peer);
    const family = isIP(addr);
    if (family === 0) return false;
    return list.check(addr, family === 4 ? 'ipv4' : 'ipv6');
  }

  return {
    isTrusted,
    /** `headers` as node gives them (lower-case names); `peer` = request.socket.remoteAddress. */
    authenticate(
      headers: Record<string, string | string[] | undefined>,
      peer: string | undefined,
    ): TrustedHeaderResult {
      const raw = headers[config.userHeader];
      if (raw === undefined) return { kind: 'none' };
      if (!isTrusted(peer)) return { kind: 'untrusted', address: peer ?? 'unknown' };
      // Two copies of the header mean someone appended one: believe neither.
      if (Array.isArray(raw)) return { kind: 'invalid', reason: 'the user header was sent twice' };
      const user = raw.trim();
      if (!USERNAME_PATTERN.test(user)) {
        return { kind: 'invalid', reason: 'the user header does not hold a valid user name' };
      }
      let role: Role = operators.has(user.toLowerCase()) ? 'operator' : 'viewer';
      if (role === 'viewer' && config.groupsHeader) {
        const g = headers[config.groupsHeader];
        const groups = (Array.isArray(g) ? g.join(',') : (g ?? ''))
          .split(/[,;\s]+/)
          .filter(Boolean);
        if (groups.some((x) => operatorGroups.has(x))) role = 'operator';
      }
      return { kind: 'user', user, role };
    },
  };
}
export type TrustedHeaderAuth = ReturnType<typeof createTrustedHeaderAuth>;
