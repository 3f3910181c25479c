// "Show API call": what an action asks of Ops Manager or MongoDB Cloud, as the equivalent curl
// request and, where one exists, the atlas / mongocli command — built from the route table, so it
// is the call the proxy makes. Nothing secret ever goes in: keys, access tokens and link-tokens are
// placeholders, and this module is never given them (its inputs are IDs and access-list entries).
import type { LiveMigrationRequest } from '#contract/schemas';
import {
  UPSTREAM_LABELS,
  atlasMediaType,
  fillPath,
  routes,
  type HttpMethod,
  type OperationId,
  type Upstream,
} from '#contract/route-table';

/** What the reader puts in place of a secret. */
export const API_CALL_PLACEHOLDERS = Object.freeze({
  publicKey: '{PUBLIC-KEY}',
  privateKey: '{PRIVATE-KEY}',
  accessToken: '{ACCESS-TOKEN}',
  linkToken: '{LINK-TOKEN}',
  sourcePassword: '{SOURCE-DATABASE-PASSWORD}',
});

/** How the proxy reaches an upstream, from /api/config (null when not known). */
export interface ApiCallUpstream {
  baseUrl: string | null;
  authKind: 'digest' | 'oauth' | 'none';
}

/** The values an action's call is made of. None of them is a secret. */
export interface ApiCallInput {
  /** The path's IDs, e.g. `{ orgId }`. */
  params: Record<string, string>;
  /** Access-list entries for a new link-token (addresses, not secrets). */
  accessListIps?: readonly string[];
  /** A migration request as the form holds it, WITHOUT its password (a placeholder stands in). */
  migrationRequest?: Omit<LiveMigrationRequest, 'source'> & {
    source: Omit<LiveMigrationRequest['source'], 'password'>;
  };
}

export interface ApiCallText {
  /** The curl request, one option per line. */
  curl: string;
  /** The atlas / mongocli command, or null when neither has one. */
  cli: string | null;
}

/** A route as this module reads it; an Atlas v2 route may carry its resource `version`. */
interface ApiCallRoute {
  upstream: Upstream;
  method: HttpMethod;
  path: string;
  body: unknown;
  version?: string;
}

/**
 * The JSON body each operation with a body sends, secrets as placeholders. A route with a body
 * must be listed (the tests check every one is).
 */
/** A migration request (LiveMigrationRequest20240530) with placeholders where the dialog has values. */
const migrationRequestExample = ({ params, migrationRequest: r }: ApiCallInput) =>
  r
    ? {
        ...r,
        source: {
          ...r.source,
          // Whatever the form holds, the password is never put in a command.
          ...(r.source.managedAuthentication
            ? {}
            : { password: API_CALL_PLACEHOLDERS.sourcePassword }),
        },
      }
    : {
        source: {
          clusterName: '{SOURCE-DEPLOYMENT}',
          groupId: '{SOURCE-PROJECT-ID}',
          managedAuthentication: false,
          ssl: true,
          username: '{SOURCE-DATABASE-USER}',
          password: API_CALL_PLACEHOLDERS.sourcePassword,
        },
        destination: {
          clusterName: '{TARGET-CLUSTER}',
          groupId: params.groupId ?? '{ATLAS-PROJECT-ID}',
          hostnameSchemaType: 'PUBLIC',
        },
        migrationHosts: ['{MIGRATION-HOST}'],
        dropDestinationData: false,
      };

export const API_CALL_BODIES: Partial<Record<OperationId, (input: ApiCallInput) => unknown>> = {
  connectOrg: () => ({ linkToken: API_CALL_PLACEHOLDERS.linkToken }),
  connectCloudManagerOrg: () => ({ linkToken: API_CALL_PLACEHOLDERS.linkToken }),
  validateMigration: migrationRequestExample,
  createMigration: migrationRequestExample,
  createLinkToken: (input) =>
    input.accessListIps && input.accessListIps.length > 0
      ? { accessListIps: [...input.accessListIps] }
      : {},
};

/**
 * The command-line tools' way to do each operation (mongocli for Ops Manager, the Atlas CLI for
 * MongoDB Cloud), as their reference pages name the commands and options.
 */
export const API_CALL_CLI: Partial<Record<OperationId, (input: ApiCallInput) => string>> = {
  connectOrg: ({ params }) =>
    `mongocli ops-manager liveMigrations link create --orgId ${params.orgId} --linkToken ${API_CALL_PLACEHOLDERS.linkToken}`,
  removeLink: ({ params }) =>
    `mongocli ops-manager liveMigrations link delete --orgId ${params.orgId}`,
  getLinkStatus: ({ params }) =>
    `mongocli ops-manager liveMigrations link describe --orgId ${params.orgId}`,
  createLinkToken: ({ params, accessListIps }) =>
    `atlas liveMigrations link create --orgId ${params.orgId}` +
    (accessListIps && accessListIps.length > 0 ? ` --accessListIp ${accessListIps.join(',')}` : ''),
  deleteLinkToken: ({ params }) => `atlas liveMigrations link delete --orgId ${params.orgId}`,
  // Atlas CLI `atlas liveMigrations …` (its reference: validation create, create, describe, cutover).
  validateMigration: (input) =>
    `atlas liveMigrations validation create ${migrationCliOptions(input)}`,
  getMigrationValidation: ({ params }) =>
    `atlas liveMigrations validation describe --validationId ${params.validationId} --projectId ${params.groupId}`,
  createMigration: (input) => `atlas liveMigrations create ${migrationCliOptions(input)}`,
  getMigration: ({ params }) =>
    `atlas liveMigrations describe --liveMigrationId ${params.liveMigrationId} --projectId ${params.groupId}`,
  cutOverMigration: ({ params }) =>
    `atlas liveMigrations cutover --liveMigrationId ${params.liveMigrationId} --projectId ${params.groupId}`,
  removeConnectedOrg: ({ params }) =>
    `atlas federatedAuthentication federationSettings connectedOrgConfigs delete --federationSettingsId ${params.federationId} --orgId ${params.orgId}`,
  // The Atlas CLI has no `federationSettings delete`; its generated `atlas api` command calls the
  // same operation (Atlas Admin API v2 deleteFederationSetting).
  deleteFederation: ({ params }) =>
    `atlas api federatedAuthentication deleteFederationSetting --federationSettingsId ${params.federationId}`,
};

/** The options validation create and create share, from the form (password a placeholder). */
function migrationCliOptions({ params, migrationRequest: r }: ApiCallInput): string {
  const parts = [
    `--clusterName ${r?.destination.clusterName ?? '{TARGET-CLUSTER}'}`,
    `--migrationHost ${r?.migrationHosts[0] ?? '{MIGRATION-HOST}'}`,
    `--sourceClusterName ${r?.source.clusterName ?? '{SOURCE-DEPLOYMENT}'}`,
    `--sourceProjectId ${r?.source.groupId ?? '{SOURCE-PROJECT-ID}'}`,
    `--projectId ${params.groupId ?? '{ATLAS-PROJECT-ID}'}`,
  ];
  if (r?.source.ssl ?? true) parts.push('--sourceSsl');
  if (r?.source.caCertificatePath)
    parts.push(`--sourceCACertificatePath ${r.source.caCertificatePath}`);
  if (r?.source.managedAuthentication) parts.push('--sourceManagedAuthentication');
  else {
    parts.push(
      `--sourceUsername ${r?.source.username || '{SOURCE-DATABASE-USER}'}`,
      `--sourcePassword ${API_CALL_PLACEHOLDERS.sourcePassword}`,
    );
  }
  if (r?.dropDestinationData) parts.push('--drop');
  return parts.join(' ');
}

/** `{OPS-MANAGER-URL}`: where the reader puts the upstream's address when the proxy does not say. */
export function baseUrlPlaceholder(upstream: Upstream): string {
  return `{${UPSTREAM_LABELS[upstream].toUpperCase().replace(/[^A-Z0-9]+/g, '-')}-URL}`;
}

/** The Accept / Content-Type of a call: Atlas v2 routes name their resource version. */
export function mediaTypeOf(route: { version?: string }): string {
  return route.version ? atlasMediaType(route.version) : 'application/json';
}

/** A double-quoted shell word: `"`, `\`, `$` and backquote escaped. */
function dq(s: string): string {
  return `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** A single-quoted shell word. */
function sq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The curl request and CLI command for one operation. Throws on an ID that is not 24 hex. */
export function apiCallText(
  op: OperationId,
  input: ApiCallInput,
  upstream: ApiCallUpstream | null,
): ApiCallText {
  const route: ApiCallRoute = routes[op];
  const base = (upstream?.baseUrl ?? baseUrlPlaceholder(route.upstream)).replace(/\/+$/, '');
  const url = base + fillPath(routes[op], input.params);
  const media = mediaTypeOf(route);
  const auth =
    upstream?.authKind === 'oauth'
      ? `-H ${dq(`Authorization: Bearer ${API_CALL_PLACEHOLDERS.accessToken}`)}`
      : `--digest -u ${dq(`${API_CALL_PLACEHOLDERS.publicKey}:${API_CALL_PLACEHOLDERS.privateKey}`)}`;
  const lines = [`curl ${auth}`];
  lines.push(route.method === 'GET' ? `  ${dq(url)}` : `  -X ${route.method} ${dq(url)}`);
  lines.push(`  -H ${dq(`Accept: ${media}`)}`);
  if (route.body !== null) {
    const body = API_CALL_BODIES[op];
    if (!body) throw new Error(`${op} has a body but no example in API_CALL_BODIES`);
    lines.push(`  -H ${dq(`Content-Type: ${media}`)}`);
    lines.push(`  --data ${sq(JSON.stringify(body(input)))}`);
  }
  return { curl: lines.join(' \\\n'), cli: API_CALL_CLI[op]?.(input) ?? null };
}
