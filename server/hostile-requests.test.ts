// Hostile requests, sent as raw bytes over TCP so nothing normalises them on the way: every one is
// refused in the proxy's error shape, and the upstream sees nothing at all. The cases below and the
// generated ones in hostile-requests.cases.ts (issue 14: rebinding, encoded prefixes, framing, CSRF
// for every mutation, refusals before the body); the run prints how many reached the upstream.
import { connect } from 'node:net';
import { proxyErrorSchema } from '#contract/proxy-contract';
import { extraCases, type Case } from './hostile-requests.cases';
import { findKeyLeaks, findSecrets, startSimHarness, type SimHarness } from './testing/sim-harness';

const O = '5dc8c511d10955d2da5fa928';
const OM = '/api/opsmanager/public/v1.0';
const CL = '/api/cloud/public/v1.0';
const ATLAS = '/api/cloud/atlas/v2';
const CSRF = 'x-orglink-csrf: 1';
const JSON_TYPE = 'content-type: application/json';
const TOKEN = 'eyJ2IjoxLCJvcmdJZCI6IjY1ZjAwMDAwMDAwMDAwMDAwMDAwMDAwMSJ9';
const connectPath = `${OM}/orgs/${O}/liveExport/migrationLink`;

const cases: Case[] = [
  // Traversal, encoded slashes, dot segments, empty segments.
  { name: 'dot-dot segment', path: `${OM}/orgs/../orgs`, status: 400 },
  { name: 'single-dot segment', path: `${OM}/./orgs`, status: 400 },
  { name: 'encoded dot-dot', path: `${OM}/orgs/%2e%2e/orgs`, status: 400 },
  { name: 'encoded dot-dot uppercase', path: `${OM}/orgs/%2E%2E%2Fadmin`, status: 400 },
  { name: 'dot-dot with encoded slashes', path: `${OM}/orgs/..%2f..%2fadmin`, status: 400 },
  {
    name: 'encoded slashes inside an ID',
    path: `${OM}/orgs/${O}%2fliveExport%2fmigrationLink%2fstatus`,
    status: 400,
  },
  { name: 'encoded backslash', path: `${OM}/orgs/${O}%5c..%5cx`, status: 400 },
  { name: 'raw backslash', path: `${OM}/orgs/${O}\\..\\x`, status: 400 },
  { name: 'double-encoded slash', path: `${OM}/orgs/${O}%252fx`, status: 400 },
  {
    name: 'dot-dot inside an operation path',
    path: `${OM}/orgs/${O}/liveExport/x/../migrationLink/status`,
    status: 400,
  },
  {
    name: 'dot-dot across upstreams',
    path: '/api/opsmanager/../cloud/public/v1.0/orgs',
    status: 400,
  },
  { name: 'double slash inside', path: `${OM}//orgs`, status: 400 },
  { name: 'leading double slash', path: `//api/opsmanager/public/v1.0/orgs`, status: 400 },
  { name: 'trailing slash', path: `${OM}/orgs/${O}/`, status: 404 },
  { name: 'matrix parameter', path: `${OM}/orgs/${O};x=1`, status: 400 },
  { name: 'encoded NUL', path: `${OM}/orgs/${O}%00`, status: 400 },
  { name: 'encoded CRLF in the path', path: `${OM}/orgs%0d%0aHost:%20evil`, status: 400 },
  { name: 'bad percent-encoding', path: `${OM}/orgs/%zz${O}`, status: 400 },
  { name: 'over-long parameter', path: `${OM}/orgs/${'a'.repeat(300)}`, status: 414 },
  { name: 'upper-case API prefix', path: `/API/opsmanager/public/v1.0/orgs`, status: 404 },

  // IDs.
  { name: 'upper-case hex ID', path: `${OM}/orgs/ABCDEF0123456789ABCDEF01`, status: 400 },
  { name: 'short ID', path: `${OM}/orgs/0123`, status: 400 },
  { name: 'long ID', path: `${OM}/orgs/${O}ab`, status: 400 },
  { name: 'non-hex ID', path: `${OM}/orgs/zzzzzzzzzzzzzzzzzzzzzzzz`, status: 400 },
  { name: 'ID with encoded space', path: `${OM}/orgs/%20${O.slice(1)}`, status: 400 },
  { name: 'ID with a newline', path: `${OM}/orgs/${O}%0a`, status: 400 },
  {
    name: 'legacy 20-hex ID where 24 are needed',
    path: `${CL}/orgs/${O.slice(0, 20)}/federationSettings`,
    status: 400,
  },
  {
    name: 'bad federation ID',
    path: `${CL}/federationSettings/not-an-id/connectedOrgConfigs`,
    status: 400,
  },
  {
    name: 'bad connected org ID on DELETE',
    method: 'DELETE',
    path: `${CL}/federationSettings/${O}/connectedOrgConfigs/${O.toUpperCase()}`,
    headers: [CSRF],
    status: 400,
  },
  { name: 'ID in the query instead', path: `${OM}/orgs?orgId=${O}`, status: 400 },

  // Unknown routes and methods.
  { name: 'unknown resource', path: `${OM}/groups`, status: 404 },
  { name: 'unknown sub-resource', path: `${OM}/orgs/${O}/users`, status: 404 },
  { name: 'Atlas path not in the table', path: `${ATLAS}/groups`, status: 404 },
  { name: 'upstream path without proxy prefix', path: '/api/atlas/v1.0/orgs', status: 404 },
  { name: 'upstream path nested', path: '/api/opsmanager/api/public/v1.0/orgs', status: 404 },
  {
    name: 'Ops Manager operation on the Cloud prefix',
    path: `${CL}/orgs/${O}/liveExport/migrationLink/status`,
    status: 404,
  },
  { name: 'unknown API', path: '/api/unknown', status: 404 },
  { name: 'PUT on an org', method: 'PUT', path: `${OM}/orgs/${O}`, headers: [CSRF], status: 405 },
  { name: 'PATCH on a link', method: 'PATCH', path: connectPath, headers: [CSRF], status: 405 },
  {
    name: 'DELETE on an org',
    method: 'DELETE',
    path: `${OM}/orgs/${O}`,
    headers: [CSRF],
    status: 405,
  },
  {
    name: 'POST on the org list',
    method: 'POST',
    path: `${OM}/orgs`,
    headers: [CSRF, JSON_TYPE],
    body: '{}',
    status: 405,
  },
  { name: 'HEAD on the org list', method: 'HEAD', path: `${OM}/orgs`, status: 405 },
  {
    name: 'OPTIONS preflight',
    method: 'OPTIONS',
    path: connectPath,
    headers: ['origin: https://evil.example'],
    status: 405,
  },
  { name: 'TRACE', method: 'TRACE', path: `${OM}/orgs`, status: 405 },
  { name: 'GET on a POST-only path', path: connectPath, status: 405 },

  // Query parameters.
  { name: 'unknown parameter', path: `${OM}/orgs?foo=1`, status: 400 },
  { name: 'duplicate parameter', path: `${OM}/orgs?pageNum=1&pageNum=2`, status: 400 },
  { name: 'itemsPerPage above 500', path: `${OM}/orgs?itemsPerPage=501`, status: 400 },
  { name: 'itemsPerPage zero', path: `${OM}/orgs?itemsPerPage=0`, status: 400 },
  { name: 'negative pageNum', path: `${OM}/orgs?pageNum=-1`, status: 400 },
  { name: 'envelope not boolean', path: `${OM}/orgs?envelope=yes`, status: 400 },
  { name: 'envelope without value', path: `${OM}/orgs?envelope`, status: 400 },
  { name: 'paging on a single org', path: `${OM}/orgs/${O}?pageNum=1`, status: 400 },
  {
    name: 'CRLF in a parameter value',
    path: `${OM}/orgs?pretty=true%0d%0aX-Injected:1`,
    status: 400,
  },
  { name: 'upstream-only parameter', path: `${OM}/orgs?includeCount=true`, status: 400 },
  { name: 'array-style parameter', path: `${OM}/orgs?itemsPerPage[]=1`, status: 400 },
  { name: 'prototype key', path: `${OM}/orgs?__proto__=x`, status: 400 },

  // Bodies.
  {
    name: 'text/plain body',
    method: 'POST',
    path: connectPath,
    headers: [CSRF, 'content-type: text/plain'],
    body: `{"linkToken":"${TOKEN}"}`,
    status: 415,
  },
  {
    name: 'form body',
    method: 'POST',
    path: connectPath,
    headers: [CSRF, 'content-type: application/x-www-form-urlencoded'],
    body: `linkToken=${TOKEN}`,
    status: 415,
  },
  {
    name: 'no content type',
    method: 'POST',
    path: connectPath,
    headers: [CSRF],
    body: `{"linkToken":"${TOKEN}"}`,
    status: 415,
  },
  {
    name: 'invalid JSON',
    method: 'POST',
    path: connectPath,
    headers: [CSRF, JSON_TYPE],
    body: '{linkToken:',
    status: 400,
  },
  {
    name: 'empty JSON body',
    method: 'POST',
    path: connectPath,
    headers: [CSRF, JSON_TYPE],
    body: '',
    status: 400,
  },
  {
    name: 'JSON array',
    method: 'POST',
    path: connectPath,
    headers: [CSRF, JSON_TYPE],
    body: '[]',
    status: 400,
  },
  {
    name: 'extra field',
    method: 'POST',
    path: connectPath,
    headers: [CSRF, JSON_TYPE],
    body: `{"linkToken":"${TOKEN}","orgId":"${O}"}`,
    status: 400,
  },
  {
    name: 'token with a space',
    method: 'POST',
    path: connectPath,
    headers: [CSRF, JSON_TYPE],
    body: '{"linkToken":"abcdefgh ijklmnopqrstuv"}',
    status: 400,
  },
  {
    name: '__proto__ in the body',
    method: 'POST',
    path: connectPath,
    headers: [CSRF, JSON_TYPE],
    body: `{"__proto__":{"admin":true},"linkToken":"${TOKEN}"}`,
    status: 400,
  },
  {
    name: 'oversize body',
    method: 'POST',
    path: connectPath,
    headers: [CSRF, JSON_TYPE],
    body: `{"linkToken":"${'a'.repeat(40_000)}"}`,
    status: 413,
  },
  {
    name: 'oversize chunked body',
    raw:
      `POST ${connectPath} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n${CSRF}\r\n${JSON_TYPE}\r\ntransfer-encoding: chunked\r\n\r\n` +
      `9c40\r\n${'a'.repeat(40_000)}\r\n0\r\n\r\n`,
    status: 413,
  },
  {
    name: 'bad IP in access list',
    method: 'POST',
    path: `${ATLAS}/orgs/${O}/liveMigrations/linkTokens`,
    headers: [CSRF, JSON_TYPE],
    body: '{"accessListIps":["999.1.1.1"]}',
    status: 400,
  },
  {
    name: 'access list too long',
    method: 'POST',
    path: `${ATLAS}/orgs/${O}/liveMigrations/linkTokens`,
    headers: [CSRF, JSON_TYPE],
    body: JSON.stringify({
      accessListIps: Array.from({ length: 201 }, (_, i) => `10.0.${i >> 8}.${i & 255}`),
    }),
    status: 400,
  },
  {
    name: 'body on DELETE',
    method: 'DELETE',
    path: connectPath,
    headers: [CSRF, JSON_TYPE],
    body: '{}',
    status: 400,
  },
  { name: 'body on GET', path: `${OM}/orgs`, headers: [JSON_TYPE], body: '{"a":1}', status: 400 },

  // Method overrides.
  {
    name: 'X-HTTP-Method-Override on POST',
    method: 'POST',
    path: connectPath,
    headers: [CSRF, JSON_TYPE, 'x-http-method-override: DELETE'],
    body: `{"linkToken":"${TOKEN}"}`,
    status: 400,
  },
  {
    name: 'X-HTTP-Method-Override on GET',
    path: `${OM}/orgs`,
    headers: ['x-http-method-override: DELETE'],
    status: 400,
  },
  {
    name: 'X-HTTP-Method on GET',
    path: `${OM}/orgs/${O}`,
    headers: ['x-http-method: DELETE'],
    status: 400,
  },
  {
    name: 'X-Method-Override on GET',
    path: `${OM}/orgs`,
    headers: ['x-method-override: POST'],
    status: 400,
  },
  {
    name: '_method parameter',
    method: 'POST',
    path: `${connectPath}?_method=DELETE`,
    headers: [CSRF, JSON_TYPE],
    body: `{"linkToken":"${TOKEN}"}`,
    status: 400,
  },

  // CSRF.
  {
    name: 'mutation without the CSRF header',
    method: 'POST',
    path: connectPath,
    headers: [JSON_TYPE],
    body: `{"linkToken":"${TOKEN}"}`,
    status: 403,
  },
  {
    name: 'mutation from another origin',
    method: 'DELETE',
    path: connectPath,
    headers: [CSRF, 'origin: https://evil.example'],
    status: 403,
  },
  {
    name: 'mutation from another site',
    method: 'DELETE',
    path: connectPath,
    headers: [CSRF, 'sec-fetch-site: cross-site'],
    status: 403,
  },

  // Malformed HTTP: CRLF and friends never reach a route.
  {
    name: 'CRLF injected into the request line',
    raw: `GET ${OM}/orgs\r\nX-Injected: 1 HTTP/1.1\r\nhost: x\r\n\r\n`,
    status: 400,
  },
  {
    name: 'bare CR in a header value',
    raw: `GET ${OM}/orgs HTTP/1.1\r\nhost: x\r\nx-a: b\rc\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'bare LF header line ending with a space name',
    raw: `GET ${OM}/orgs HTTP/1.1\r\nhost: x\r\nbad header: y\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'space in the path',
    raw: `GET ${OM}/orgs /x HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`,
    status: 400,
  },
  {
    name: 'oversize headers',
    raw: `GET ${OM}/orgs HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\nconnection: close\r\n\r\n`,
    status: 431,
  },
  {
    name: 'conflicting Content-Length and chunked',
    raw: `POST ${connectPath} HTTP/1.1\r\nhost: x\r\n${CSRF}\r\n${JSON_TYPE}\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n0\r\n\r\n`,
    status: 400,
  },
];

cases.push(...extraCases);

function toRaw(c: Case): string {
  if (c.raw) return c.raw;
  const own = c.headers ?? [];
  const lines = [`${c.method ?? 'GET'} ${c.path} HTTP/1.1`];
  if (!own.some((l) => /^host:/i.test(l))) lines.push('host: 127.0.0.1');
  lines.push('connection: close', ...own);
  if (c.body !== undefined) lines.push(`content-length: ${Buffer.byteLength(c.body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${c.body ?? ''}`;
}

function send(port: number, raw: string): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => (chunks.length ? undefined : reject(e)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        head,
        body: split < 0 ? '' : text.slice(split + 4),
      });
    });
    socket.setTimeout(5000, () => socket.destroy());
    socket.write(raw);
  });
}

let h: SimHarness;
let port: number;

beforeAll(async () => {
  h = await startSimHarness();
  port = Number(new URL(h.url).port);
  h.sim.resetStats();
});
afterAll(async () => {
  await h.close();
});

it(`has at least 150 hostile requests (${cases.length})`, () => {
  expect(cases.length).toBeGreaterThanOrEqual(150);
  expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
});

describe.each(cases)('$name', (c) => {
  it(`is refused with ${c.status} in the proxy's shape`, async () => {
    const res = await send(port, toRaw(c));
    expect(res.status, res.head + res.body).toBe(c.status);
    if (c.method === 'HEAD') return; // no body on HEAD
    const body = proxyErrorSchema.parse(JSON.parse(res.body));
    expect(body.code).toBe(c.code ?? (c.status === 403 ? 'CSRF_REJECTED' : 'REQUEST_REFUSED'));
    expect(res.head.toLowerCase()).toContain("content-security-policy: default-src 'self'");
    h.answers.push(res.head + res.body);
  });
});

it('sent nothing upstream for any of them', () => {
  const reached = h.sim.stats.requests;
  const calls = h.app.upstreams.opsmanager!.stats.calls + h.app.upstreams.cloud!.stats.calls;
  console.log(
    `hostile-request suite: ${cases.length} cases, ${reached} reached the upstream ` +
      `(${calls} upstream calls made by the proxy)`,
  );
  expect(reached).toBe(0);
  expect(calls).toBe(0);
});

it('logged each refusal without a key or a link-token', () => {
  expect(h.logs.length).toBeGreaterThan(40);
  expect(findSecrets([...h.logs, ...h.answers], [TOKEN])).toEqual([]);
  expect(findKeyLeaks(h)).toEqual([]);
});

it('still forwards the well-formed request', async () => {
  const res = await send(
    port,
    toRaw({ name: 'ok', path: `${OM}/orgs?itemsPerPage=1`, status: 200 }),
  );
  expect(res.status).toBe(200);
  expect(h.sim.stats.byOperation.listOrgs).toBe(1);
});
