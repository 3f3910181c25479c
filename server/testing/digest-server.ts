// A small Digest-checking HTTP server for tests: strict about replays (a nonce+nc pair seen twice is
// refused), expires nonces on demand (stale=true), and records what it saw.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAuthParams } from '../digest';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  authorized: boolean;
}

export interface DigestTestServer {
  url: string;
  seen: SeenRequest[];
  /** TCP connections accepted so far (keep-alive reuse shows as few). */
  connections: number;
  /** Nonce+nc pairs accepted so far. */
  pairs: Set<string>;
  /** Every nonce issued so far is now stale. */
  expireNonces(): void;
  /** Forget every nonce without marking it stale (as a restarted server would). */
  forgetNonces(): void;
  /** What an authorized request gets. */
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void;
  close(): Promise<void>;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export async function startDigestTestServer(opts: {
  username: string;
  password: string;
  realm?: string;
  handler?: DigestTestServer['handler'];
  /** Refuse an nc not higher than the last one seen for its nonce (as the simulated upstream). */
  monotonicNc?: boolean;
  /** Random delay before checking, so concurrent requests are checked out of order. */
  jitterMs?: number;
}): Promise<DigestTestServer> {
  const lastNc = new Map<string, number>();
  const realm = opts.realm ?? 'MMS Public API';
  const live = new Set<string>();
  const stale = new Set<string>();
  const state: DigestTestServer = {
    url: '',
    connections: 0,
    seen: [],
    pairs: new Set(),
    expireNonces() {
      for (const n of live) stale.add(n);
      live.clear();
    },
    forgetNonces() {
      live.clear();
      stale.clear();
    },
    handler:
      opts.handler ??
      ((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, method: req.method, url: req.url }));
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  function challenge(res: ServerResponse, isStale: boolean) {
    const nonce = randomBytes(12).toString('base64');
    live.add(nonce);
    res.writeHead(401, {
      'content-type': 'application/json',
      'www-authenticate': `Digest realm="${realm}", domain="", nonce="${nonce}", algorithm=MD5, qop="auth", stale=${isStale}`,
    });
    res.end(JSON.stringify({ error: 401, reason: 'Unauthorized', detail: 'Digest required' }));
  }

  function check(req: IncomingMessage): 'ok' | 'stale' | 'bad' {
    const h = req.headers.authorization;
    if (!h?.startsWith('Digest ')) return 'bad';
    const p = parseAuthParams(h.slice(7));
    const nonce = p.get('nonce') ?? '';
    const nc = p.get('nc') ?? '';
    const cnonce = p.get('cnonce') ?? '';
    if (p.get('uri') !== req.url || p.get('username') !== opts.username) return 'bad';
    const ha1 = md5(`${opts.username}:${realm}:${opts.password}`);
    const ha2 = md5(`${req.method}:${req.url}`);
    const expect = md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
    if (p.get('response') !== expect) return 'bad';
    if (stale.has(nonce)) return 'stale';
    if (!live.has(nonce)) return 'bad';
    const pair = `${nonce}/${nc}`;
    if (state.pairs.has(pair)) return 'bad';
    if (opts.monotonicNc) {
      const n = parseInt(nc, 16);
      if (n <= (lastNc.get(nonce) ?? 0)) return 'bad';
      lastNc.set(nonce, n);
    }
    state.pairs.add(pair);
    return 'ok';
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    const answer = async () => {
      if (opts.jitterMs)
        await new Promise((r) => setTimeout(r, Math.random() * (opts.jitterMs ?? 0)));
      const body = Buffer.concat(chunks).toString('utf8');
      const verdict = check(req);
      state.seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        authorized: verdict === 'ok',
      });
      if (verdict !== 'ok') return challenge(res, verdict === 'stale');
      state.handler(req, res, body);
    };
    req.on('end', () => void answer());
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  return state;
}
