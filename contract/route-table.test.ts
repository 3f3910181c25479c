import { readFileSync } from 'node:fs';
import {
  fillPath,
  InvalidIdError,
  matchUpstreamPath,
  operationIds,
  proxyUrl,
  routerPath,
  routes,
} from './route-table';

const ORG = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const FED = 'bbbbbbbbbbbbbbbbbbbbbbbb';

// Placeholder names differ ({id} vs {federationId}); their positions must not.
const shape = (s: string) => s.replace(/\{\w+\}/g, '{}');

describe('route table', () => {
  it('names every operation of the FACTS table exactly once', () => {
    const facts = readFileSync(new URL('../docs/contract/FACTS.md', import.meta.url), 'utf8');
    const factRows = [...facts.matchAll(/\| (GET|POST|DELETE) (\/api\/[^ ?,]+)/g)].map((m) =>
      shape(`${m[1]} ${m[2]}`),
    );
    const ours = operationIds.map((op) => shape(`${routes[op].method} ${routes[op].path}`));
    expect(new Set(factRows)).toEqual(new Set(ours));
    expect(factRows).toHaveLength(ours.length);
  });

  it('derives proxy paths from upstream paths', () => {
    expect(routerPath(routes.getLinkStatus, 'proxy')).toBe(
      '/api/opsmanager/public/v1.0/orgs/:orgId/liveExport/migrationLink/status',
    );
    expect(routerPath(routes.createLinkToken, 'upstream')).toBe(
      '/api/atlas/v1.0/orgs/:orgId/liveMigrations/linkTokens',
    );
    expect(proxyUrl(routes.removeConnectedOrg, { federationId: FED, orgId: ORG })).toBe(
      `/api/cloud/public/v1.0/federationSettings/${FED}/connectedOrgConfigs/${ORG}`,
    );
  });

  it('refuses anything but 24 lowercase hex digits as an ID', () => {
    for (const bad of [
      '',
      'AAAAAAAAAAAAAAAAAAAAAAAA',
      `${ORG}0`,
      '../../admin',
      `${ORG.slice(1)}%`,
    ]) {
      expect(() => fillPath(routes.getOrg, { orgId: bad })).toThrow(InvalidIdError);
    }
    expect(() => fillPath(routes.removeConnectedOrg, { federationId: FED })).toThrow(
      InvalidIdError,
    );
  });

  it('matches concrete upstream paths back to their operation', () => {
    expect(
      matchUpstreamPath(
        'DELETE',
        'cloud',
        `/api/public/v1.0/federationSettings/${FED}/connectedOrgConfigs/${ORG}`,
      ),
    ).toEqual({ op: 'removeConnectedOrg', params: { federationId: FED, orgId: ORG } });
    expect(matchUpstreamPath('GET', 'opsmanager', '/api/public/v1.0/orgs')).toEqual({
      op: 'listOrgs',
      params: {},
    });
    expect(matchUpstreamPath('GET', 'cloud', '/api/public/v1.0/orgs')?.op).toBe('listCloudOrgs');
    expect(matchUpstreamPath('PUT', 'opsmanager', '/api/public/v1.0/orgs')).toBeNull();
    expect(matchUpstreamPath('GET', 'opsmanager', '/api/public/v1.0/orgs/ZZ')).toBeNull();
  });
});
