// A proxy action that makes upstream changes itself records each of them like a forwarded mutation:
// the attempt record before the call (and no call when it cannot be written), then the outcome
// record from the answer or the proxy's error.
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '#contract/audit-contract';
import { ProxyError } from '../errors';
import { testAccess, testConfig } from '../testing/harness';
import type { UpstreamAnswer } from '../upstream-client';
import { AuditLog } from './audit-log';
import { AuditRecorder } from './audit-recorder';

const ORG = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const ATLAS_ORG = 'bbbbbbbbbbbbbbbbbbbbbbbb';

function fakeRequest(): FastifyRequest {
  return {
    id: 'req-step',
    method: 'POST',
    headers: {},
    socket: { remoteAddress: '127.0.0.1' },
    dashboardSession: { user: 'olga', role: 'operator', method: 'password' },
    log: { error: () => undefined },
  } as unknown as FastifyRequest;
}

function answer(status: number, headers: Record<string, string> = {}): UpstreamAnswer {
  return {
    status,
    headers,
    body: Buffer.from(''),
    durationMs: 1,
    roundTrips: 1,
    served: 'upstream',
  } as UpstreamAnswer;
}

/** Oldest first, as written. */
async function records(access: ReturnType<typeof testAccess>): Promise<AuditEntry[]> {
  return (await access.audit.recent({ limit: '50' })).entries.reverse();
}

describe('AuditRecorder.step', () => {
  it('records each upstream change of an action: attempt, call, outcome', async () => {
    const access = testAccess(testConfig());
    const req = fakeRequest();
    const made = await access.recorder.step(
      req,
      'createLinkToken',
      { orgId: ATLAS_ORG },
      async () => answer(201),
    );
    expect(made.status).toBe(201);
    await expect(
      access.recorder.step(req, 'connectOrg', { orgId: ORG }, async () =>
        answer(400, { 'x-error-code': 'INVALID_LINK_TOKEN' }),
      ),
    ).resolves.toMatchObject({ status: 400 });
    const lines = await records(access);
    expect(lines.map((l) => [l.operation, l.orgId, l.outcome, l.upstreamStatus, l.code])).toEqual([
      ['createLinkToken', ATLAS_ORG, 'success', 201, undefined],
      ['connectOrg', ORG, 'upstream_error', 400, 'INVALID_LINK_TOKEN'],
    ]);
    // The request's own outcome record is still to come (the action's answer).
    expect(req.audited).toBeFalsy();
  });

  it('a call cut off after sending reads as unknown, and the error goes on', async () => {
    const access = testAccess(testConfig());
    const cut = new ProxyError(502, 'OUTCOME_UNKNOWN', 'cut off', 'opsmanager');
    await expect(
      access.recorder.step(fakeRequest(), 'connectOrg', { orgId: ORG }, async () => {
        throw cut;
      }),
    ).rejects.toBe(cut);
    const [line] = await records(access);
    expect(line).toMatchObject({
      operation: 'connectOrg',
      outcome: 'unknown',
      code: 'OUTCOME_UNKNOWN',
    });
  });

  it('makes no call when the attempt record cannot be written (503)', async () => {
    const access = testAccess(testConfig());
    const broken = new AuditLog({ file: null, stdout: false, memoryOnly: true });
    broken.append = async () => {
      throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    };
    const recorder = new AuditRecorder(broken, access.identity, Date.now);
    let called = false;
    await expect(
      recorder.step(fakeRequest(), 'connectOrg', { orgId: ORG }, async () => {
        called = true;
        return answer(201);
      }),
    ).rejects.toMatchObject({ status: 503 });
    expect(called).toBe(false);
  });
});
