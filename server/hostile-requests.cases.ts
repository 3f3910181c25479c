// More hostile requests for hostile-requests.test.ts (issue 14), many generated from the route
// table so a new operation is covered the day it is added: a page on a foreign host name (DNS
// rebinding) asking for every path, encoded prefixes that decode to /api, odd request framing,
// CSRF variants for every mutation, refusals that must not wait for a body, malformed HTTP.
// Each is sent as raw bytes to a loopback demo proxy (no sign-in) and must be refused in the
// proxy's JSON shape without any upstream call.
import { operationIds, proxyUrl, routes, type OperationId } from '#contract/route-table';

export interface Case {
  name: string;
  method?: string;
  path?: string;
  /** Header lines; a `host:` line here replaces the default `host: 127.0.0.1`. */
  headers?: string[];
  body?: string;
  /** Bytes sent as they are (no request line built). */
  raw?: string;
  status: number;
  /** The proxy error code expected (default: CSRF_REJECTED for 403, else REQUEST_REFUSED). */
  code?: string;
}

const O = '5dc8c511d10955d2da5fa928';
const F = '6a1d7a3b9c0f2a4b6d8e0f34';
const OM = '/api/opsmanager/public/v1.0';
const CSRF = 'x-orglink-csrf: 1';
const JSON_TYPE = 'content-type: application/json';
const EVIL = 'evil.test:8080';

/** An operation's proxy path with every ID filled in. */
function pathOf(op: OperationId): string {
  const params = Object.fromEntries(
    routes[op].params.map((p) => [p, p === 'federationId' ? F : O]),
  ) as Record<string, string>;
  return proxyUrl(routes[op], params);
}

const mutations = operationIds.filter((op) => routes[op].mutation);
const removeLink = pathOf('removeLink');

/** A page on a foreign name that resolves to 127.0.0.1 gets 421 for whatever it asks. */
const rebinding: Case[] = [
  ...operationIds.map((op): Case => ({
    name: `foreign Host: ${op}`,
    method: routes[op].method,
    path: pathOf(op),
    headers: [
      `host: ${EVIL}`,
      `origin: http://${EVIL}`,
      CSRF,
      ...(routes[op].body ? [JSON_TYPE] : []),
    ],
    ...(routes[op].body ? { body: '{}' } : {}),
    status: 421,
  })),
  ...[
    '/',
    '/index.html',
    '/orgs',
    '/assets/index-x.js',
    '/healthz',
    '/readyz',
    '/api/config',
    '/api/session',
    '/api/audit',
    '/api/unknown',
  ].map((path): Case => ({
    name: `foreign Host: ${path}`,
    path,
    headers: [`host: ${EVIL}`],
    status: 421,
  })),
  ...[
    ['%61pi', '/%61pi/opsmanager/public/v1.0/orgs'],
    ['a%70i', '/a%70i/opsmanager/public/v1.0/orgs'],
    ['%2fapi', `/%2fapi/opsmanager/public/v1.0/orgs`],
    ['unknown percent-encoding', `/%zzapi/opsmanager/public/v1.0/orgs`],
  ].map(([what, path]): Case => ({
    name: `foreign Host with an encoded prefix (${what})`,
    path,
    headers: [`host: ${EVIL}`],
    // The router refuses a path it cannot decode before any hook runs.
    status: what === 'unknown percent-encoding' ? 400 : 421,
  })),
  {
    name: 'foreign Host: DELETE through an encoded prefix',
    method: 'DELETE',
    path: removeLink.replace('/api/', '/%61pi/'),
    headers: [`host: ${EVIL}`, `origin: http://${EVIL}`, CSRF],
    status: 421,
  },
  ...[
    'localhost.',
    'sub.localhost',
    '127.0.0.1.nip.io',
    '0.0.0.0',
    '127.1',
    '2130706433',
    '[::]',
    'localhost:8080@evil.test',
    '',
  ].map((host): Case => ({
    name: `not a loopback name: Host "${host}"`,
    path: `${OM}/orgs`,
    headers: [`host: ${host}`],
    status: 421,
  })),
  {
    name: 'HTTP/1.0 without Host (no loopback name to go by)',
    raw: `GET ${OM}/orgs HTTP/1.0\r\n\r\n`,
    status: 421,
  },
];

/** Every spelling of /api that a router decodes but a raw-text check would not see. */
const encodedPrefixes: Case[] = [
  ...[
    '/%61pi/opsmanager/public/v1.0/orgs',
    '/%41PI/opsmanager/public/v1.0/orgs',
    '/a%70i/opsmanager/public/v1.0/orgs',
    '/ap%69/opsmanager/public/v1.0/orgs',
    '/%61%70%69/opsmanager/public/v1.0/orgs',
    '/api/%6fpsmanager/public/v1.0/orgs',
    '/api/opsmanager/%70ublic/v1.0/orgs',
    '/api/opsmanager/public/v1%2e0/orgs',
    '/api/opsmanager/public/v1.0/%6frgs',
    '/api/cloud/atlas/v1%2E0/orgs',
    '/%2561pi/opsmanager/public/v1.0/orgs',
    '/%2fapi/opsmanager/public/v1.0/orgs',
    '/%5capi/opsmanager/public/v1.0/orgs',
    '/%2e/api/opsmanager/public/v1.0/orgs',
    '/%c0%ae/api/opsmanager/public/v1.0/orgs',
    '/%u0061pi/opsmanager/public/v1.0/orgs',
    `/api/opsmanager/public/v1.0/orgs/%35${O.slice(1)}`,
  ].map((path): Case => ({ name: `encoded path: ${path}`, path, status: 400 })),
  {
    name: 'encoded path on a change: DELETE /%61pi/… with the CSRF header',
    method: 'DELETE',
    path: removeLink.replace('/api/', '/%61pi/'),
    headers: [CSRF],
    status: 400,
  },
];

const framing: Case[] = [
  {
    name: 'absolute-form target',
    raw: `GET http://127.0.0.1${OM}/orgs HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'absolute-form target naming another host',
    raw: `GET http://evil.test${OM}/orgs HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'absolute-form DELETE',
    raw: `DELETE https://127.0.0.1${removeLink} HTTP/1.1\r\nhost: 127.0.0.1\r\n${CSRF}\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'asterisk-form target',
    raw: `OPTIONS * HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'two Host headers, the second foreign',
    raw: `GET ${OM}/orgs HTTP/1.1\r\nhost: 127.0.0.1\r\nhost: evil.test\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'two Host headers, the same',
    raw: `GET ${OM}/orgs HTTP/1.1\r\nhost: 127.0.0.1\r\nHost: 127.0.0.1\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'two Host headers on a change',
    raw: `DELETE ${removeLink} HTTP/1.1\r\nhost: 127.0.0.1\r\nhost: evil.test\r\n${CSRF}\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'HTTP/1.1 without Host',
    raw: `GET ${OM}/orgs HTTP/1.1\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'HTTP/1.1 without Host, page path',
    raw: `GET / HTTP/1.1\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'CONNECT',
    raw: `CONNECT evil.test:443 HTTP/1.1\r\nhost: evil.test:443\r\n\r\n`,
    status: 405,
  },
  {
    name: 'CONNECT to the upstream port',
    raw: `CONNECT 127.0.0.1:9101 HTTP/1.1\r\nhost: 127.0.0.1:9101\r\n\r\n`,
    status: 405,
  },
  {
    name: 'HTTP/0.9 request line',
    raw: `GET ${OM}/orgs\r\n\r\n`,
    status: 400,
  },
  {
    name: 'HTTP/2.0 in an HTTP/1 request line',
    raw: `GET ${OM}/orgs HTTP/2.0\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'unknown method token',
    raw: `FOO ${OM}/orgs HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'lower-case method',
    raw: `delete ${removeLink} HTTP/1.1\r\nhost: 127.0.0.1\r\n${CSRF}\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'obsolete line folding in a header',
    raw: `GET ${OM}/orgs HTTP/1.1\r\nhost: 127.0.0.1\r\nx-a: b\r\n c\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'NUL in a header value',
    raw: `GET ${OM}/orgs HTTP/1.1\r\nhost: 127.0.0.1\r\nx-a: b\u0000c\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'two different Content-Lengths',
    raw: `POST ${pathOf('createLinkToken')} HTTP/1.1\r\nhost: 127.0.0.1\r\n${CSRF}\r\n${JSON_TYPE}\r\ncontent-length: 2\r\ncontent-length: 3\r\nconnection: close\r\n\r\n{}`,
    status: 400,
  },
  {
    name: 'negative Content-Length',
    raw: `POST ${pathOf('createLinkToken')} HTTP/1.1\r\nhost: 127.0.0.1\r\n${CSRF}\r\n${JSON_TYPE}\r\ncontent-length: -1\r\nconnection: close\r\n\r\n{}`,
    status: 400,
  },
  {
    name: 'unknown transfer coding',
    raw: `POST ${pathOf('createLinkToken')} HTTP/1.1\r\nhost: 127.0.0.1\r\n${CSRF}\r\n${JSON_TYPE}\r\ntransfer-encoding: xchunked\r\nconnection: close\r\n\r\n{}`,
    status: 400,
  },
  {
    name: 'huge Content-Length',
    method: 'POST',
    path: pathOf('createLinkToken'),
    headers: [CSRF, JSON_TYPE, 'content-length: 1000000000000'],
    status: 413,
  },
];

/** The CSRF rule, for every mutation and in the ways a browser page could try. */
const csrf: Case[] = [
  ...mutations.flatMap((op): Case[] => {
    const body = routes[op].body ? { body: '{}' } : {};
    const type = routes[op].body ? [JSON_TYPE] : [];
    const base = { method: routes[op].method, path: pathOf(op), ...body, status: 403 };
    return [
      { ...base, name: `${op} without the CSRF header`, headers: type },
      {
        ...base,
        name: `${op} from another origin`,
        headers: [CSRF, ...type, 'origin: http://evil.test'],
      },
      {
        ...base,
        name: `${op} from another site`,
        headers: [CSRF, ...type, 'sec-fetch-site: cross-site'],
      },
    ];
  }),
  ...[
    'null',
    'http://127.0.0.1.evil.test',
    'http://127.0.0.1:1',
    'http://127.0.0.1@evil.test',
    'ftp://127.0.0.1',
    'chrome-extension://127.0.0.1',
    'file://',
    'not a url',
  ].map((origin): Case => ({
    name: `removeLink with Origin "${origin}"`,
    method: 'DELETE',
    path: removeLink,
    headers: [CSRF, `origin: ${origin}`],
    status: 403,
  })),
  {
    name: 'removeLink over TLS from the plain-http page of the same name',
    method: 'DELETE',
    path: removeLink,
    headers: [CSRF, 'origin: http://127.0.0.1', 'x-forwarded-proto: https'],
    status: 403,
  },
  ...['same-site', 'none'].map((site): Case => ({
    name: `removeLink with Sec-Fetch-Site: ${site}`,
    method: 'DELETE',
    path: removeLink,
    headers: [CSRF, `sec-fetch-site: ${site}`],
    status: 403,
  })),
  ...['0', 'true', 'yes'].map((value): Case => ({
    name: `removeLink with the CSRF header set to "${value}"`,
    method: 'DELETE',
    path: removeLink,
    headers: [`x-orglink-csrf: ${value}`],
    status: 403,
  })),
  {
    name: 'sign-in without the CSRF header',
    method: 'POST',
    path: '/api/session',
    headers: [JSON_TYPE],
    body: '{"username":"a","password":"b"}',
    status: 403,
  },
  {
    name: 'sign-in from another origin',
    method: 'POST',
    path: '/api/session',
    headers: [CSRF, JSON_TYPE, 'origin: http://evil.test'],
    body: '{"username":"a","password":"b"}',
    status: 403,
  },
];

/** Refused at once: the body they announce never comes, and the answer must not wait for it. */
const beforeBody: Case[] = [
  {
    name: 'change without the CSRF header, body never sent',
    raw: `POST ${pathOf('connectOrg')} HTTP/1.1\r\nhost: 127.0.0.1\r\n${JSON_TYPE}\r\ncontent-length: 500\r\n\r\n`,
    status: 403,
  },
  {
    name: 'change from another origin, chunked body never sent',
    raw: `POST ${pathOf('createLinkToken')} HTTP/1.1\r\nhost: 127.0.0.1\r\n${CSRF}\r\norigin: http://evil.test\r\n${JSON_TYPE}\r\ntransfer-encoding: chunked\r\n\r\n`,
    status: 403,
  },
  {
    name: 'change with Expect: 100-continue and no CSRF header',
    raw: `POST ${pathOf('connectOrg')} HTTP/1.1\r\nhost: 127.0.0.1\r\n${JSON_TYPE}\r\nexpect: 100-continue\r\ncontent-length: 500\r\n\r\n`,
    status: 403,
  },
  {
    name: 'sign-in without the CSRF header, body never sent',
    raw: `POST /api/session HTTP/1.1\r\nhost: 127.0.0.1\r\n${JSON_TYPE}\r\ncontent-length: 500\r\n\r\n`,
    status: 403,
  },
  {
    name: 'change on a foreign Host, body never sent',
    raw: `POST ${pathOf('connectOrg')} HTTP/1.1\r\nhost: ${EVIL}\r\n${CSRF}\r\n${JSON_TYPE}\r\ncontent-length: 500\r\n\r\n`,
    status: 421,
  },
];

/** The proxy's own endpoints, asked the wrong way. */
const ownEndpoints: Case[] = [
  { name: 'audit with an unknown filter', path: '/api/audit?token=x', status: 400 },
  { name: 'audit with a bad ID', path: '/api/audit?id=nope', status: 400 },
  { name: 'audit with a huge limit', path: '/api/audit?limit=99999', status: 400 },
  {
    name: 'DELETE on /api/config',
    method: 'DELETE',
    path: '/api/config',
    headers: [CSRF],
    status: 404,
  },
  {
    name: 'PUT on /api/session',
    method: 'PUT',
    path: '/api/session',
    headers: [CSRF],
    status: 404,
  },
  {
    name: 'sign-in where none is configured',
    method: 'POST',
    path: '/api/session',
    headers: [CSRF, JSON_TYPE],
    body: '{"username":"a","password":"b"}',
    status: 404,
  },
  { name: 'POST on a page', method: 'POST', path: '/orgs', headers: [CSRF], status: 405 },
  { name: 'DELETE on a page', method: 'DELETE', path: '/', headers: [CSRF], status: 405 },
];

export const extraCases: Case[] = [
  ...rebinding,
  ...encodedPrefixes,
  ...framing,
  ...csrf,
  ...beforeBody,
  ...ownEndpoints,
];
