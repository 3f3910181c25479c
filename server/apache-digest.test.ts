// The Digest client against a Digest server nobody here wrote: Apache httpd's mod_auth_digest (Debian
// `apache2`, installed by .ci/run), run as this test's own process on a loopback port. Apache is
// strict: with AuthDigestNcCheck it wants each client's nc exactly in sequence, it expires nonces
// (stale=true) and hands out a `nextnonce` with every answer.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { DigestSession } from './digest';
import type { UpstreamSettings } from './env';
import { freePort } from './testing/free-port';
import { startHarness } from './testing/harness';
import { UpstreamClient } from './upstream-client';

const APACHE = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';
const HAS_APACHE = existsSync(APACHE) && existsSync(join(MODULES, 'mod_auth_digest.so'));
const REALM = 'MMS Public API';
const USER = 'apachepub';
const PASSWORD = 'apache-private-key-1';
const NONCE_LIFETIME_S = 2;
const ORGS = { results: [{ id: '0123456789abcdef01234567', name: 'From Apache' }], totalCount: 1 };
const ORGS_PATH = '/api/public/v1.0/orgs';

function waitForPort(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > until) reject(new Error(`apache2 did not listen on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** As root, Apache switches to an unprivileged user; pick one Debian has. */
function runAsUser(): string | null {
  if (process.getuid?.() !== 0) return null;
  const passwd = readFileSync('/etc/passwd', 'utf8');
  return /^www-data:/m.test(passwd) ? 'www-data' : 'nobody';
}

const describeApache = HAS_APACHE ? describe : describe.skip;
if (!HAS_APACHE) {
  console.warn(
    `Skipping the Apache Digest tests: ${APACHE} is not installed (.ci/run installs Debian apache2).`,
  );
}

describeApache('Digest against Apache httpd mod_auth_digest', () => {
  let dir: string;
  let apache: ChildProcess;
  let baseUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'orglink-apache-'));
    const docs = join(dir, 'htdocs', 'api', 'public', 'v1.0');
    mkdirSync(docs, { recursive: true });
    writeFileSync(join(docs, 'orgs'), JSON.stringify(ORGS));
    const ha1 = createHash('md5').update(`${USER}:${REALM}:${PASSWORD}`).digest('hex');
    writeFileSync(join(dir, 'htdigest'), `${USER}:${REALM}:${ha1}\n`);
    const port = await freePort();
    const user = runAsUser();
    const load = (name: string, file: string) => `LoadModule ${name} ${MODULES}/${file}`;
    writeFileSync(
      join(dir, 'httpd.conf'),
      [
        `ServerRoot "${dir}"`,
        'ServerName 127.0.0.1',
        `Listen 127.0.0.1:${port}`,
        `DefaultRuntimeDir "${dir}"`,
        `PidFile "${dir}/httpd.pid"`,
        `ErrorLog "${dir}/error.log"`,
        'LogLevel warn',
        ...(user ? [`User ${user}`, `Group ${user === 'nobody' ? 'nogroup' : user}`] : []),
        load('mpm_event_module', 'mod_mpm_event.so'),
        load('authn_core_module', 'mod_authn_core.so'),
        load('authn_file_module', 'mod_authn_file.so'),
        load('authz_core_module', 'mod_authz_core.so'),
        load('authz_user_module', 'mod_authz_user.so'),
        load('auth_digest_module', 'mod_auth_digest.so'),
        // Room for many clients, so nc checking never forgets one mid-test.
        'AuthDigestShmemSize 1048576',
        `DocumentRoot "${dir}/htdocs"`,
        '<Location "/api">',
        '  AuthType Digest',
        `  AuthName "${REALM}"`,
        '  AuthDigestProvider file',
        `  AuthUserFile "${dir}/htdigest"`,
        `  AuthDigestNonceLifetime ${NONCE_LIFETIME_S}`,
        '  AuthDigestNcCheck On',
        '  Require valid-user',
        '  ForceType application/json',
        '</Location>',
        '',
      ].join('\n'),
    );
    // Apache's worker user must be able to read what this test wrote.
    for (const p of [
      dir,
      join(dir, 'htdocs'),
      join(dir, 'htdocs', 'api'),
      join(dir, 'htdocs', 'api', 'public'),
      docs,
    ]) {
      chmodSync(p, 0o755);
    }
    chmodSync(join(docs, 'orgs'), 0o644);
    chmodSync(join(dir, 'htdigest'), 0o644);
    apache = spawn(APACHE, ['-X', '-f', join(dir, 'httpd.conf')], { stdio: 'inherit' });
    await waitForPort(port, 5000);
    baseUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    if (apache && apache.exitCode === null) {
      const exited = new Promise((r) => apache.once('exit', r));
      apache.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const settings = (password = PASSWORD): UpstreamSettings => ({
    name: 'opsmanager',
    baseUrl,
    auth: { kind: 'digest', publicKey: USER, privateKey: password },
    simulated: false,
  });

  it('pays one challenge, then one round trip per call, with nc in sequence', async () => {
    const client = new UpstreamClient(settings(), { timeoutMs: 3000 });
    for (let i = 0; i < 6; i++) {
      const a = await client.call({
        op: 'listOrgs',
        method: 'GET',
        path: `${ORGS_PATH}?pageNum=${i + 1}`,
      });
      expect(a.status).toBe(200);
      expect(JSON.parse(a.body.toString())).toEqual(ORGS);
      expect(a.roundTrips).toBe(i === 0 ? 2 : 1);
    }
    await client.close();
  });

  it('keeps every concurrent call at one round trip once its lane holds a nonce', async () => {
    const client = new UpstreamClient(settings(), { timeoutMs: 3000, digestLanes: 6 });
    const batch = (tag: string) =>
      Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          client.call({
            op: 'listOrgs',
            method: 'GET',
            path: `${ORGS_PATH}?pageNum=${i + 1}&t=${tag}`,
          }),
        ),
      );
    const first = await batch('a');
    expect(first.every((a) => a.status === 200)).toBe(true);
    const second = await batch('b');
    expect(second.every((a) => a.status === 200 && a.roundTrips === 1)).toBe(true);
    expect(client.digestStats).toMatchObject({ lanes: 6, challenges: 6 });
    await client.close();
  });

  it('on stale=true takes the new nonce and retries once', async () => {
    const session = new DigestSession({ username: USER, password: PASSWORD });
    const call = () =>
      session.send('GET', ORGS_PATH, async (authorization) => {
        const res = await request(baseUrl + ORGS_PATH, {
          headers: authorization ? { authorization } : {},
        });
        await res.body.dump();
        return { status: res.statusCode, headers: res.headers };
      });
    expect((await call()).status).toBe(200);
    await new Promise((r) => setTimeout(r, NONCE_LIFETIME_S * 1000 + 200));
    const before = session.stats.roundTrips;
    expect((await call()).status).toBe(200);
    expect(session.stats.roundTrips - before).toBe(2);
    // Apache said stale=true; its answer then carried a nextnonce, which the session took.
    expect(session.stats.stale).toBe(1);
  });

  it('serves the SPA through the proxy unchanged, and passes a wrong key on as 401', async () => {
    const h = await startHarness({
      upstreams: { opsmanager: settings(), cloudmanager: null, cloud: null },
    });
    const ok = await h.app.inject({ url: '/api/opsmanager/public/v1.0/orgs?itemsPerPage=1' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual(ORGS);
    await h.close();

    const bad = await startHarness({
      upstreams: { opsmanager: settings('wrong'), cloudmanager: null, cloud: null },
    });
    const res = await bad.app.inject({ url: '/api/opsmanager/public/v1.0/orgs' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBeUndefined();
    // Apache's 401 page is HTML: passed on as text, never as a page of this origin.
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    await bad.close();
  });
});
