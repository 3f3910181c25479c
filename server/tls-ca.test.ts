// An Ops Manager behind a private CA: refused (with a hint) until UPSTREAM_CA_FILE names the CA.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from './env';
import { UpstreamClient } from './upstream-client';

const OPENSSL = '/usr/bin/openssl';
const describeTls = existsSync(OPENSSL) ? describe : describe.skip;

describeTls('UPSTREAM_CA_FILE', () => {
  let dir: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'orglink-tls-'));
    const run = (...args: string[]) => execFileSync(OPENSSL, args, { cwd: dir, stdio: 'ignore' });
    run(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=Orglink Test CA',
    );
    run(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      '/CN=127.0.0.1',
    );
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    run(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-extfile',
      'san.ext',
    );
    server = createServer(
      { key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) },
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"results":[],"totalCount":0}');
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  function clientFor(env: Record<string, string>) {
    const config = parseEnv({
      OPSMANAGER_URL: url,
      OPSMANAGER_PUBLIC_KEY: 'pub',
      OPSMANAGER_PRIVATE_KEY: 'priv',
      ...env,
    });
    return new UpstreamClient(config.upstreams.opsmanager!, {
      timeoutMs: 2000,
      ca: config.upstreamCa,
    });
  }

  it('refuses an unknown CA and says where a private CA goes', async () => {
    const client = clientFor({});
    const e = await client
      .call({ op: 'listOrgs', method: 'GET', path: '/api/public/v1.0/orgs' })
      .catch((x: unknown) => x);
    await client.close();
    expect(e).toMatchObject({ status: 502, code: 'UPSTREAM_UNREACHABLE' });
    expect((e as Error).message).toContain('UPSTREAM_CA_FILE');
  });

  it('trusts the CA named by UPSTREAM_CA_FILE', async () => {
    const client = clientFor({ UPSTREAM_CA_FILE: join(dir, 'ca.pem') });
    const a = await client.call({ op: 'listOrgs', method: 'GET', path: '/api/public/v1.0/orgs' });
    await client.close();
    expect(a.status).toBe(200);
  });
});
