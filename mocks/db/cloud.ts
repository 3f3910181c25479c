// The MongoDB Cloud (Atlas) side of the store: organizations, link-tokens, federations with their
// identity providers, and Atlas projects with clusters (migration targets).
import type { ConnectedOrgConfig } from '#contract/schemas';
import { OBJECT_ID_PATTERN } from '#contract/schemas';
import { createRng, type Rng } from './prng';
import {
  SEED,
  makeLinkToken,
  type AtlasProjectRecord,
  type FederationRecord,
  type LinkTokenRecord,
  type OrgRecord,
  type SeedData,
} from './seed-data';

interface CloudState {
  orgs: OrgRecord[];
  byId: Map<string, OrgRecord>;
  linkTokens: Map<string, LinkTokenRecord[]>;
  /** Tokens this fake issued (→ the Atlas org that issued it), and those since deleted. */
  issued: Map<string, string>;
  revoked: Set<string>;
  federations: FederationRecord[];
  projects: AtlasProjectRecord[];
  tokenRng: Rng;
}

let state: CloudState = {
  orgs: [],
  byId: new Map(),
  linkTokens: new Map(),
  issued: new Map(),
  revoked: new Set(),
  federations: [],
  projects: [],
  tokenRng: createRng(SEED),
};

export function seedCloud(data: SeedData): void {
  state = {
    orgs: data.cloudOrgs,
    byId: new Map(data.cloudOrgs.map((o) => [o.id, o])),
    linkTokens: data.linkTokens,
    issued: new Map(
      [...data.linkTokens.entries()].flatMap(([orgId, ts]) => ts.map((t) => [t.token, orgId])),
    ),
    revoked: new Set(),
    federations: data.federations,
    projects: data.atlasProjects,
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
  state.issued.set(token, orgId);
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

/**
 * The Atlas org a link-token connects to: the org that issued it here, else the `orgId` a
 * pasted token's base64 JSON names (real tokens carry it), else null.
 */
export function atlasOrgOfToken(token: string): string | null {
  const issuer = state.issued.get(token);
  if (issuer) return issuer;
  try {
    const doc = JSON.parse(atob(token.replace(/-/g, '+').replace(/_/g, '/'))) as unknown;
    const orgId = (doc as { orgId?: unknown } | null)?.orgId;
    return typeof orgId === 'string' && OBJECT_ID_PATTERN.test(orgId) ? orgId : null;
  } catch {
    return null;
  }
}

export function atlasProjectsOf(orgId: string): readonly AtlasProjectRecord[] {
  return state.projects.filter((p) => p.orgId === orgId);
}

export function findAtlasProject(groupId: string): AtlasProjectRecord | undefined {
  return state.projects.find((p) => p.id === groupId);
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

export type DeleteFederationResult = 'deleted' | 'not-found' | { connectedOrgs: number };

/** Deletes a federation with its identity providers and domains; refused while 2+ orgs are in it. */
export function deleteFederation(id: string): DeleteFederationResult {
  const index = state.federations.findIndex((f) => f.id === id);
  const federation = state.federations[index];
  if (!federation) return 'not-found';
  if (federation.connectedOrgs.length > 1) {
    return { connectedOrgs: federation.connectedOrgs.length };
  }
  state.federations.splice(index, 1);
  return 'deleted';
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
