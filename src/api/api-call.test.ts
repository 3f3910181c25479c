import { SAMPLE_LINK_TOKENS } from '../../mocks/db/fixtures';
import { SIM_PRIVATE_KEY } from '../../mocks/sim-keys';
import { InvalidIdError, operationIds, routes, type OperationId } from '#contract/route-table';
import {
  API_CALL_BODIES,
  API_CALL_CLI,
  API_CALL_PLACEHOLDERS,
  apiCallText,
  baseUrlPlaceholder,
  mediaTypeOf,
} from './api-call';

const ORG = '5e1d7a3b9c0f2a4b6d8e0f12';
const FED = '6a1d7a3b9c0f2a4b6d8e0f34';
const OPS = { baseUrl: 'https://opsmanager.example.com:8443', authKind: 'digest' } as const;
const CLOUD = { baseUrl: 'https://cloud.mongodb.com', authKind: 'digest' } as const;

/** Every action a dialog offers "Show API call" for. */
const DIALOG_ACTIONS: OperationId[] = [
  'connectOrg',
  'removeLink',
  'createLinkToken',
  'deleteLinkToken',
  'removeConnectedOrg',
  'deleteFederation',
];

describe('apiCallText', () => {
  it('connect: curl with Digest placeholders, the real URL, JSON headers and a placeholder token', () => {
    const { curl, cli } = apiCallText('connectOrg', { params: { orgId: ORG } }, OPS);
    expect(curl).toBe(
      [
        'curl --digest -u "{PUBLIC-KEY}:{PRIVATE-KEY}"',
        `  -X POST "https://opsmanager.example.com:8443/api/public/v1.0/orgs/${ORG}/liveExport/migrationLink"`,
        '  -H "Accept: application/json"',
        '  -H "Content-Type: application/json"',
        `  --data '{"linkToken":"{LINK-TOKEN}"}'`,
      ].join(' \\\n'),
    );
    expect(cli).toBe(
      `mongocli ops-manager liveMigrations link create --orgId ${ORG} --linkToken {LINK-TOKEN}`,
    );
  });

  it('delete calls: -X DELETE, no body, and the CLI command of each', () => {
    const remove = apiCallText('removeLink', { params: { orgId: ORG } }, OPS);
    expect(remove.curl).toContain(
      `-X DELETE "${OPS.baseUrl}/api/public/v1.0/orgs/${ORG}/liveExport/migrationLink"`,
    );
    expect(remove.curl).not.toContain('--data');
    expect(remove.curl).not.toContain('Content-Type');
    expect(remove.cli).toBe(`mongocli ops-manager liveMigrations link delete --orgId ${ORG}`);

    expect(apiCallText('deleteLinkToken', { params: { orgId: ORG } }, CLOUD).cli).toBe(
      `atlas liveMigrations link delete --orgId ${ORG}`,
    );
    const fed = apiCallText(
      'removeConnectedOrg',
      { params: { federationId: FED, orgId: ORG } },
      CLOUD,
    );
    expect(fed.curl).toContain(
      `-X DELETE "https://cloud.mongodb.com/api/public/v1.0/federationSettings/${FED}/connectedOrgConfigs/${ORG}"`,
    );
    expect(fed.cli).toBe(
      `atlas federatedAuthentication federationSettings connectedOrgConfigs delete --federationSettingsId ${FED} --orgId ${ORG}`,
    );

    const whole = apiCallText('deleteFederation', { params: { federationId: FED } }, CLOUD);
    expect(whole.curl).toBe(
      [
        'curl --digest -u "{PUBLIC-KEY}:{PRIVATE-KEY}"',
        `  -X DELETE "https://cloud.mongodb.com/api/public/v1.0/federationSettings/${FED}"`,
        '  -H "Accept: application/json"',
      ].join(' \\\n'),
    );
    expect(whole.cli).toBe(
      `atlas api federatedAuthentication deleteFederationSetting --federationSettingsId ${FED}`,
    );
  });

  it('generate: the access list the user typed goes in the body and the CLI; none gives {}', () => {
    const ips = ['203.0.113.7', '198.51.100.0/24'];
    const withList = apiCallText(
      'createLinkToken',
      { params: { orgId: ORG }, accessListIps: ips },
      CLOUD,
    );
    expect(withList.curl).toContain(`--data '{"accessListIps":["203.0.113.7","198.51.100.0/24"]}'`);
    expect(withList.cli).toBe(
      `atlas liveMigrations link create --orgId ${ORG} --accessListIp 203.0.113.7,198.51.100.0/24`,
    );
    const without = apiCallText('createLinkToken', { params: { orgId: ORG } }, CLOUD);
    expect(without.curl).toContain(`--data '{}'`);
    expect(without.cli).toBe(`atlas liveMigrations link create --orgId ${ORG}`);
  });

  it('uses a placeholder where the proxy does not say the upstream URL, and keeps a base path', () => {
    expect(apiCallText('removeLink', { params: { orgId: ORG } }, null).curl).toContain(
      `"{OPS-MANAGER-URL}/api/public/v1.0/orgs/${ORG}/liveExport/migrationLink"`,
    );
    expect(baseUrlPlaceholder('cloud')).toBe('{MONGODB-CLOUD-URL}');
    const behindPath = { baseUrl: 'https://gw.example.com/om/', authKind: 'digest' } as const;
    expect(apiCallText('removeLink', { params: { orgId: ORG } }, behindPath).curl).toContain(
      `"https://gw.example.com/om/api/public/v1.0/orgs/${ORG}`,
    );
  });

  it('an OAuth upstream gets a bearer token placeholder instead of Digest', () => {
    const { curl } = apiCallText(
      'deleteLinkToken',
      { params: { orgId: ORG } },
      {
        baseUrl: 'https://cloud.mongodb.com',
        authKind: 'oauth',
      },
    );
    expect(curl).toContain('-H "Authorization: Bearer {ACCESS-TOKEN}"');
    expect(curl).not.toContain('--digest');
  });

  it('quotes what it does not control for the shell', () => {
    const odd = { baseUrl: 'https://x.example.com/$HOME/"q"`id`', authKind: 'digest' } as const;
    expect(apiCallText('removeLink', { params: { orgId: ORG } }, odd).curl).toContain(
      '"https://x.example.com/\\$HOME/\\"q\\"\\`id\\`/api/public/v1.0/',
    );
  });

  it('refuses an ID that is not 24 hex (nothing else can reach a path)', () => {
    expect(() => apiCallText('removeLink', { params: { orgId: 'x; rm -rf /' } }, OPS)).toThrow(
      InvalidIdError,
    );
  });

  it('has a body example for every operation with a body, and a CLI command for every dialog action', () => {
    for (const op of operationIds) {
      if (routes[op].body !== null) expect(API_CALL_BODIES[op], op).toBeTypeOf('function');
    }
    for (const op of DIALOG_ACTIONS) expect(API_CALL_CLI[op], op).toBeTypeOf('function');
  });

  it('sends the versioned Atlas media type for a route that carries a version', () => {
    expect(mediaTypeOf({ version: '2023-01-01' })).toBe('application/vnd.atlas.2023-01-01+json');
    expect(mediaTypeOf({})).toBe('application/json');
    for (const op of operationIds) {
      const r: { path: string; version?: string } = routes[op];
      if (!r.version) continue;
      const params = Object.fromEntries(routes[op].params.map((p) => [p, ORG]));
      expect(apiCallText(op, { params }, CLOUD).curl).toContain(
        `-H "Accept: application/vnd.atlas.${r.version}+json"`,
      );
    }
  });

  it('never holds a secret: keys and link-tokens are placeholders whatever the input', () => {
    for (const op of DIALOG_ACTIONS) {
      const params = Object.fromEntries(routes[op].params.map((p) => [p, ORG]));
      const { curl, cli } = apiCallText(op, { params, accessListIps: ['10.0.0.1'] }, OPS);
      const text = `${curl}\n${cli}`;
      expect(text).not.toContain(SIM_PRIVATE_KEY);
      expect(text).not.toContain(SAMPLE_LINK_TOKENS.valid);
      expect(text).toContain(API_CALL_PLACEHOLDERS.privateKey);
    }
  });
});
