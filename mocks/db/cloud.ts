// The MongoDB Cloud side of the store: organizations, link-tokens and federations.
import type { ConnectedOrgConfig } from '#contract/schemas';
import { createRng, type Rng } from './prng';
import {
  SEED,
  makeLinkToken,
  type FederationRecord,
  type LinkTokenRecord,
  type OrgRecord,
  type SeedData,
} from './seed-data';

interface CloudState {
  orgs: OrgRecord[];
  byId: Map<string, OrgRecord>;
  linkTokens: Map<string, LinkTokenRecord[]>;
  /** Tokens this fake issued, and those since deleted (a deleted token no longer connects). */
  issued: Set<string>;
  revoked: Set<string>;
  federations: FederationRecord[];
  tokenRng: Rng;
}

let state: CloudState = {
  orgs: [],
  byId: new Map(),
  linkTokens: new Map(),
  issued: new Set(),
  revoked: new Set(),
  federations: [],
  tokenRng: createRng(SEED),
};

export function seedCloud(data: SeedData): void {
  state = {
    orgs: data.cloudOrgs,
    byId: new Map(data.cloudOrgs.map((o) => [o.id, o])),
    linkTokens: data.linkTokens,
    issued: new Set([...data.linkTokens.values()].flat().map((t) => t.token)),
    revoked: new Set(),
    federations: data.federations,
    // Tokens issued after a reset repeat, like everything else the fake makes.
    tokenRng: createRng(SEED + 7),
  };
}

export function listCloudOrgs(): readonly OrgRecord[] {
  return state.orgs;
}

export function findCloudOrg(id: string): OrgRecord | undefined {
  return state.byId.get(id);
}

export function linkTokensOf(orgId: string): readonly LinkTokenRecord[] {
  return state.linkTokens.get(orgId) ?? [];
}

/** Atlas lets an org hold several link-tokens (one per source org); this adds one. */
export function issueLinkToken(orgId: string, accessListIps: string[], now = Date.now()): string {
  const token = makeLinkToken(state.tokenRng, orgId, accessListIps);
  state.linkTokens.set(orgId, [...linkTokensOf(orgId), { token, createdAt: now, accessListIps }]);
  state.issued.add(token);
  return token;
}

/** Deletes every link-token of the org; false when it had none. */
export function deleteLinkTokens(orgId: string): boolean {
  const tokens = state.linkTokens.get(orgId);
  if (!tokens?.length) return false;
  for (const t of tokens) state.revoked.add(t.token);
  state.linkTokens.delete(orgId);
  return true;
}

export function tokenWasIssued(token: string): boolean {
  return state.issued.has(token);
}

export function tokenWasRevoked(token: string): boolean {
  return state.revoked.has(token);
}

export function listFederations(): readonly FederationRecord[] {
  return state.federations;
}

export function findFederation(id: string): FederationRecord | undefined {
  return state.federations.find((f) => f.id === id);
}

export function federationOfOrg(
  orgId: string,
): { federation: FederationRecord; config: ConnectedOrgConfig } | undefined {
  for (const federation of state.federations) {
    const config = federation.connectedOrgs.find((c) => c.orgId === orgId);
    if (config) return { federation, config };
  }
  return undefined;
}

export type RemoveConnectedOrgResult = 'removed' | 'not-connected' | 'last-org';

export function removeConnectedOrg(
  federation: FederationRecord,
  orgId: string,
): RemoveConnectedOrgResult {
  const index = federation.connectedOrgs.findIndex((c) => c.orgId === orgId);
  if (index < 0) return 'not-connected';
  if (federation.connectedOrgs.length === 1) return 'last-org';
  federation.connectedOrgs.splice(index, 1);
  return 'removed';
}
