import { readFileSync } from 'node:fs';
import {
  SOURCE_OPS,
  SOURCE_UPSTREAMS,
  UPSTREAMS,
  atlasApiTarget,
  atlasMediaType,
  fillPath,
  InvalidIdError,
  matchUpstreamPath,
  operationIds,
  proxyUrl,
  routerPath,
  routes,
  routeSpec,
  type OperationId,
} from './route-table';

const ORG = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const FED = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const GROUP = 'cccccccccccccccccccccccc';
const MIG = 'dddddddddddddddddddddddd';

const facts = readFileSync(new URL('../docs/contract/FACTS.md', import.meta.url), 'utf8');
const assumptions = readFileSync(
  new URL('../docs/contract/ASSUMPTIONS.md', import.meta.url),
  'utf8',
);

// Placeholder names differ ({id} vs {federationId}); their positions must not.
const shape = (s: string) => s.replace(/\{\w+\}/g, '{}');
const key = (method: string, path: string) => shape(`${method} ${path}`);

/** FACTS.md's first table: `| what | upstream | METHOD /path?query | success |`. */
const firstTable = [
  ...facts.matchAll(
    /^\| [^|]+ \| (Ops Manager|MongoDB Cloud[^|]*) \| (GET|POST|DELETE) (\/api\/[^ ?,]+)/gm,
  ),
].map((m) => ({ upstream: m[1] ?? '', key: key(m[2] ?? '', m[3] ?? '') }));

/** The second wave's migration table: `| what | METHOD | \`/path\` | version | success |`. */
const migrationTable = [
  ...facts.matchAll(
    /^\| [^|]+ \| (GET|POST|PUT|DELETE) \| `(\/api\/[^`]+)` \| (\d{4}-\d{2}-\d{2})[^|]*\|/gm,
  ),
].map((m) => ({ key: key(m[1] ?? '', m[2] ?? ''), version: m[3] ?? '' }));

/** Operations the second wave names in prose (link-tokens v2, federations beyond removal). */
const linkTokensV2 = /`POST\|DELETE (\/api\/atlas\/v2\/[^`]+)`, version `(\d{4}-\d{2}-\d{2})`/.exec(
  facts,
);
const federationProse = [
  ...facts.matchAll(/`(GET|DELETE) (\/api\/public\/v1\.0\/federationSettings\/\{id\}[^`]*)`/g),
].map((m) => key(m[1] ?? '', m[2] ?? ''));

/** In the route table but in no FACTS table: each must be marked Assumed in ASSUMPTIONS.md. */
const ASSUMED_OPS: OperationId[] = ['listAtlasProjects', 'listClusters'];

const ours = (op: OperationId) => key(routes[op].method, routes[op].path);
const oursV1 = (op: OperationId) => {
  const v1 = routeSpec(op).v1Path;
  return v1 === undefined ? null : key(routes[op].method, v1);
};

describe('route table against FACTS.md', () => {
  it('has every row of the first table: Ops Manager rows on both sources, Cloud rows on cloud', () => {
    expect(firstTable.length).toBe(12);
    for (const row of firstTable) {
      if (row.upstream === 'Ops Manager') {
        // Cloud Manager has the same org-link operations, same shapes (FACTS.md second wave).
        const matching = operationIds.filter(
          (op) => routes[op].upstream !== 'cloud' && ours(op) === row.key,
        );
        expect(new Set(matching.map((op) => routes[op].upstream)), row.key).toEqual(
          new Set(SOURCE_UPSTREAMS),
        );
      } else {
        const matching = operationIds.filter(
          (op) =>
            routes[op].upstream === 'cloud' && (ours(op) === row.key || oursV1(op) === row.key),
        );
        expect(matching, row.key).toHaveLength(1);
      }
    }
  });

  it('has every row of the migration table, with its version', () => {
    expect(migrationTable).toHaveLength(6);
    for (const row of migrationTable) {
      const matching = operationIds.filter((op) => ours(op) === row.key);
      expect(matching, row.key).toHaveLength(1);
      const r = routes[matching[0]!];
      expect(r.upstream).toBe('cloud');
      expect(routeSpec(matching[0]!).version, row.key).toBe(row.version);
    }
  });

  it('has the link-token v2 paths with their version, and the v1.0 paths beside them', () => {
    expect(linkTokensV2).not.toBeNull();
    for (const op of ['createLinkToken', 'deleteLinkToken'] as const) {
      expect(routes[op].path).toBe(linkTokensV2?.[1]);
      expect(routes[op].version).toBe(linkTokensV2?.[2]);
      expect(routes[op].v1Path).toMatch(/^\/api\/atlas\/v1\.0\//);
    }
  });

  it('has the federation operations the second wave names', () => {
    expect(federationProse).toHaveLength(2);
    for (const k of federationProse) {
      expect(
        operationIds.filter((op) => ours(op) === k),
        k,
      ).toHaveLength(1);
    }
  });

  it('holds nothing FACTS.md does not name, except operations marked Assumed', () => {
    const named = new Set([
      ...firstTable.map((r) => r.key),
      ...migrationTable.map((r) => r.key),
      ...federationProse,
      key('POST', linkTokensV2?.[1] ?? ''),
      key('DELETE', linkTokensV2?.[1] ?? ''),
    ]);
    const unnamed = operationIds.filter(
      (op) => !named.has(ours(op)) && !named.has(oursV1(op) ?? ''),
    );
    expect(unnamed.sort()).toEqual([...ASSUMED_OPS].sort());
    for (const op of ASSUMED_OPS) {
      expect(assumptions, `${op} must be explained in ASSUMPTIONS.md`).toContain(op);
      expect(assumptions).toContain(routes[op].path);
    }
  });

  it('versions every /api/atlas/v2 route and only those', () => {
    for (const op of operationIds) {
      const r = routes[op] as { path: string; version?: string };
      expect(r.version !== undefined, op).toBe(r.path.startsWith('/api/atlas/v2/'));
      if (r.version) expect(r.version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe('source upstreams', () => {
  it('map each role to an operation of that upstream with the same method and path', () => {
    const roles = Object.keys(SOURCE_OPS.opsmanager) as (keyof typeof SOURCE_OPS.opsmanager)[];
    for (const role of roles) {
      const om = routes[SOURCE_OPS.opsmanager[role]];
      for (const source of SOURCE_UPSTREAMS) {
        const r = routes[SOURCE_OPS[source][role]];
        expect(r.upstream).toBe(source);
        expect([r.method, r.path]).toEqual([om.method, om.path]);
        expect(r.response).toBe(om.response);
        expect(r.body).toBe(om.body);
      }
    }
    expect(SOURCE_UPSTREAMS.every((s) => (UPSTREAMS as readonly string[]).includes(s))).toBe(true);
  });

  it('have summaries that tell them apart (audit labels)', () => {
    const mutations = operationIds.filter((op) => routes[op].mutation);
    const summaries = mutations.map((op) => routes[op].summary);
    expect(new Set(summaries).size).toBe(summaries.length);
  });
});

describe('route table', () => {
  it('derives proxy paths from upstream paths', () => {
    expect(routerPath(routes.getLinkStatus, 'proxy')).toBe(
      '/api/opsmanager/public/v1.0/orgs/:orgId/liveExport/migrationLink/status',
    );
    expect(routerPath(routes.getCloudManagerLinkStatus, 'proxy')).toBe(
      '/api/cloudmanager/public/v1.0/orgs/:orgId/liveExport/migrationLink/status',
    );
    expect(routerPath(routes.createLinkToken, 'upstream')).toBe(
      '/api/atlas/v2/orgs/:orgId/liveMigrations/linkTokens',
    );
    // The SPA always calls the v2 proxy path; the proxy picks the upstream path.
    expect(routerPath(routes.createLinkToken, 'proxy')).toBe(
      '/api/cloud/atlas/v2/orgs/:orgId/liveMigrations/linkTokens',
    );
    expect(proxyUrl(routes.removeConnectedOrg, { federationId: FED, orgId: ORG })).toBe(
      `/api/cloud/public/v1.0/federationSettings/${FED}/connectedOrgConfigs/${ORG}`,
    );
    expect(proxyUrl(routes.cutOverMigration, { groupId: GROUP, liveMigrationId: MIG })).toBe(
      `/api/cloud/atlas/v2/groups/${GROUP}/liveMigrations/${MIG}/cutover`,
    );
  });

  it('derives mutation from the method: PUT is a mutation', () => {
    expect(routes.cutOverMigration.method).toBe('PUT');
    expect(routes.cutOverMigration.mutation).toBe(true);
    expect(routes.getMigration.mutation).toBe(false);
    expect(routes.cutOverMigration.params).toEqual(['groupId', 'liveMigrationId']);
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

  it('matches concrete upstream paths back to their operation, v1.0 paths included', () => {
    expect(
      matchUpstreamPath(
        'DELETE',
        'cloud',
        `/api/public/v1.0/federationSettings/${FED}/connectedOrgConfigs/${ORG}`,
      ),
    ).toEqual({
      op: 'removeConnectedOrg',
      params: { federationId: FED, orgId: ORG },
      apiPath: 'path',
    });
    expect(matchUpstreamPath('GET', 'opsmanager', '/api/public/v1.0/orgs')).toEqual({
      op: 'listOrgs',
      params: {},
      apiPath: 'path',
    });
    expect(matchUpstreamPath('GET', 'cloud', '/api/public/v1.0/orgs')?.op).toBe('listCloudOrgs');
    expect(matchUpstreamPath('GET', 'cloudmanager', '/api/public/v1.0/orgs')?.op).toBe(
      'listCloudManagerOrgs',
    );
    expect(
      matchUpstreamPath('POST', 'cloud', `/api/atlas/v1.0/orgs/${ORG}/liveMigrations/linkTokens`),
    ).toEqual({ op: 'createLinkToken', params: { orgId: ORG }, apiPath: 'v1Path' });
    expect(
      matchUpstreamPath(
        'GET',
        'cloud',
        `/api/atlas/v2/groups/${GROUP}/liveMigrations/validate/${MIG}`,
      )?.op,
    ).toBe('getMigrationValidation');
    expect(
      matchUpstreamPath(
        'PUT',
        'cloud',
        `/api/atlas/v2/groups/${GROUP}/liveMigrations/${MIG}/cutover`,
      )?.op,
    ).toBe('cutOverMigration');
    expect(matchUpstreamPath('PUT', 'opsmanager', '/api/public/v1.0/orgs')).toBeNull();
    expect(matchUpstreamPath('GET', 'opsmanager', '/api/public/v1.0/orgs/ZZ')).toBeNull();
    // Ops Manager has no Atlas paths.
    expect(
      matchUpstreamPath(
        'POST',
        'opsmanager',
        `/api/atlas/v2/orgs/${ORG}/liveMigrations/linkTokens`,
      ),
    ).toBeNull();
  });

  it('picks the upstream path and version for the Atlas API generation in use', () => {
    const v2 = fillPath(routes.createLinkToken, { orgId: ORG });
    expect(atlasApiTarget(routes.createLinkToken, `${v2}?pretty=true`, 'v2')).toEqual({
      path: `${v2}?pretty=true`,
      version: '2023-01-01',
    });
    expect(atlasApiTarget(routes.createLinkToken, `${v2}?pretty=true`, 'v1.0')).toEqual({
      path: `/api/atlas/v1.0/orgs/${ORG}/liveMigrations/linkTokens?pretty=true`,
      version: null,
    });
    // v2-only operations stay on v2 with their version whatever the setting.
    const validate = fillPath(routes.validateMigration, { groupId: GROUP });
    expect(atlasApiTarget(routes.validateMigration, validate, 'v1.0')).toEqual({
      path: validate,
      version: '2024-05-30',
    });
    // Unversioned routes pass through.
    expect(atlasApiTarget(routes.listOrgs, '/api/public/v1.0/orgs', 'v2')).toEqual({
      path: '/api/public/v1.0/orgs',
      version: null,
    });
    expect(atlasMediaType('2024-05-30')).toBe('application/vnd.atlas.2024-05-30+json');
  });
});
