// The browser fakes of the proxy (mocks/handlers/proxy.ts, what `npm run dev` and the jsdom tests
// talk to) refuse a bad request exactly as the proxy does: same status, code and words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callProxyOp, type CallInput } from '../mocks/handlers/test-helpers';
import { CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { routerPath, routes, type OperationId } from '#contract/route-table';
import { startHarness, type Harness } from './testing/harness';

const ORG = '5e1d0c2b3a4f5e6d7c8b9a01';
let h: Harness;

beforeAll(async () => {
  // Refusals happen before anything is forwarded: no upstream needed.
  h = await startHarness({ upstreams: { opsmanager: null, cloudmanager: null, cloud: null } });
});
afterAll(() => h.close());

/** The same request to the real proxy (inject) as callProxyOp sends to the fake. */
async function callRealProxy(op: OperationId, input: CallInput & { csrf?: boolean }) {
  const r = routes[op];
  const url = routerPath(r, 'proxy').replace(/:(\w+)/g, (_, n: string) => input.params?.[n] ?? '');
  const headers: Record<string, string> = { ...input.headers };
  if (r.mutation && input.csrf !== false) headers[CSRF_HEADER] = CSRF_VALUE;
  let payload: string | undefined;
  if (input.body !== undefined) {
    payload = typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
    headers['content-type'] = 'application/json';
  }
  const res = await h.app.inject({ method: r.method, url, headers, payload });
  return { status: res.statusCode, json: res.json() as unknown };
}

const CASES: [string, OperationId, CallInput & { csrf?: boolean }][] = [
  ['a mutation without the CSRF header', 'removeLink', { params: { orgId: ORG }, csrf: false }],
  ['a malformed org ID', 'getOrg', { params: { orgId: 'not-an-id' } }],
  ['a malformed federation ID', 'listConnectedOrgs', { params: { federationId: 'ABC' } }],
  ['a body that is not JSON', 'connectOrg', { params: { orgId: ORG }, body: '{' }],
  ['an empty body', 'connectOrg', { params: { orgId: ORG }, body: '' }],
  [
    'a body breaking a field rule',
    'connectOrg',
    { params: { orgId: ORG }, body: { linkToken: 'x y' } },
  ],
  ['a body missing its field', 'connectOrg', { params: { orgId: ORG }, body: {} }],
  [
    'a body with an unknown field',
    'connectOrg',
    { params: { orgId: ORG }, body: { linkToken: 'abc', extra: 1 } },
  ],
];

describe('the fake proxy refuses as the proxy does', () => {
  it.each(CASES)('%s', async (_name, op, input) => {
    const real = await callRealProxy(op, input);
    const fake = await callProxyOp(op, input);
    expect(real.status).toBeGreaterThanOrEqual(400);
    const pick = (j: unknown) => {
      const { source, error, code, detail } = j as Record<string, unknown>;
      return { source, error, code, detail };
    };
    expect({ status: fake.status, ...pick(fake.json) }).toEqual({
      status: real.status,
      ...pick(real.json),
    });
  });
});
