// The audit log on a full filesystem (a 256 KiB tmpfs, filled up): changes are refused with 503 and
// never forwarded, /readyz says not ready, a record cut short by the full disk leaves no torn line,
// and all works again once there is room. Needs permission to mount a tmpfs (root here; not in
// most CI containers): without it the test says why and is skipped.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecordSchema } from '#contract/audit-contract';
import { CSRF_HEADER, CSRF_VALUE } from '#contract/proxy-contract';
import { proxyUrl, routes } from '#contract/route-table';
import { startDigestTestServer, type DigestTestServer } from '../testing/digest-server';
import { digestUpstream, startHarness, testConfig, type Harness } from '../testing/harness';
import { createAccess, type Access } from './access';

const dir = mkdtempSync(join(tmpdir(), 'orglink-fulldisk-'));
let mounted = false;
let reason = '';
let upstream: DigestTestServer;
let h: Harness;
let access: Access;
const made = new Set<string>();

beforeAll(async () => {
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', dir], {
    encoding: 'utf8',
  });
  mounted = m.status === 0;
  reason = mounted ? '' : (m.stderr || m.error?.message || `mount exited ${m.status}`).trim();
  if (!mounted) return;
  upstream = await startDigestTestServer({
    username: 'pub',
    password: 'priv',
    handler: (req, res) => {
      const orgId = /orgs\/([0-9a-f]{24})\//.exec(req.url ?? '')?.[1];
      if (req.method === 'DELETE' && orgId) made.add(orgId);
      res.writeHead(req.method === 'DELETE' ? 204 : 200, { 'content-type': 'application/json' });
      res.end(req.method === 'DELETE' ? undefined : '{"results":[],"totalCount":0}');
    },
  });
  const config = testConfig({
    simulated: false,
    upstreams: {
      opsmanager: digestUpstream('opsmanager', upstream.url, 'pub', 'priv'),
      cloudmanager: null,
      cloud: null,
    },
  });
  access = createAccess({
    auth: { ...config.auth, auditFile: join(dir, 'audit.log'), auditStdout: false },
    simulated: false,
  });
  access.audit.open();
  h = await startHarness(config, { access });
});

afterAll(async () => {
  if (!mounted) return;
  await h.close();
  await upstream.close();
  spawnSync('umount', ['-l', dir]);
  rmSync(dir, { recursive: true, force: true });
});

const orgId = (i: number) => `${(0xb00000 + i).toString(16)}${'0'.repeat(18)}`;

function removeLink(i: number) {
  return h.app.inject({
    method: 'DELETE',
    url: proxyUrl(routes.removeLink, { orgId: orgId(i) }),
    headers: { [CSRF_HEADER]: CSRF_VALUE },
  });
}

/** Writes a filler file until the filesystem refuses (ENOSPC); returns its path. */
function fill(): string {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(4096, 0x78);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  return filler;
}

describe('audit log on a full filesystem', () => {
  it('refuses changes it cannot record, forwards none of them, and recovers', async (ctx) => {
    if (!mounted) {
      console.log(`skipped: cannot mount a small tmpfs here (${reason})`);
      ctx.skip();
    }
    for (let i = 0; i < 3; i++) expect((await removeLink(i)).statusCode).toBe(204);
    expect((await h.app.inject({ url: '/readyz' })).statusCode).toBe(200);

    const filler = fill();
    // /readyz shares one audit probe per second (a flood of checks is not a flood of fsyncs).
    await new Promise((r) => setTimeout(r, 1100));
    const notReady = await h.app.inject({ url: '/readyz' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toMatchObject({ audit: false, upstreams: { opsmanager: true } });

    const madeBefore = made.size;
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => removeLink(100 + i)));
    const refused = answers.filter((a) => a.statusCode === 503);
    const done = answers.filter((a) => a.statusCode === 204);
    const records = readFileSync(join(dir, 'audit.log'), 'utf8').split('\n').filter(Boolean);
    const parsed = records.map((l) => auditRecordSchema.safeParse(JSON.parse(l) as unknown));
    const attempted = new Set(
      parsed.flatMap((p) => (p.success && p.data.type === 'attempt' ? [p.data.orgId] : [])),
    );
    const madeNow = [...made].slice(madeBefore);
    console.log(
      `full disk: 24 changes sent, ${madeNow.length} made by the upstream, ` +
        `${madeNow.filter((id) => attempted.has(id)).length} of them with an attempt record, ` +
        `${refused.length} refused with 503 (not forwarded); ` +
        `${parsed.filter((p) => !p.success).length} unreadable records; /readyz 503 while full`,
    );
    // The few whose records fit in the file's last allocated page went through, recorded; the
    // rest were refused and never sent.
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length + done.length).toBe(24);
    expect(madeNow).toHaveLength(done.length);
    expect(madeNow.filter((id) => !attempted.has(id))).toEqual([]);
    for (const r of refused) expect(r.json()).toMatchObject({ error: 503, code: 'INTERNAL' });
    // A record cut short by the full disk was cut back off: every line is a whole record.
    expect(parsed.every((p) => p.success)).toBe(true);

    // Now even that page is full: every change is refused, none reaches the upstream.
    const again = await Promise.all(Array.from({ length: 24 }, (_, i) => removeLink(200 + i)));
    expect(again.map((a) => a.statusCode)).toEqual(again.map(() => 503));
    expect([...made].slice(madeBefore)).toHaveLength(done.length);
    console.log(`full disk, page used up: 24 more changes sent, 24 refused with 503, 0 made`);

    rmSync(filler);
    await new Promise((r) => setTimeout(r, 1100));
    const ready = await h.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ audit: true });
    expect((await removeLink(999)).statusCode).toBe(204);
    const after = await access.audit.recent({ limit: '500' });
    expect(after.unreadable).toBe(0);
    expect(after.entries[0]).toMatchObject({ orgId: orgId(999), outcome: 'success' });
  });
});
