// Unit checks of the Digest verifier beyond what http-server.test.ts covers over HTTP.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DigestVerifier, parseDigestHeader } from './digest-verifier.node.ts';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

function answer(
  nonce: string,
  o: { user?: string; pass?: string; method?: string; uri?: string; nc?: string },
) {
  const { user = 'u', pass = 'p', method = 'GET', uri = '/x', nc = '00000001' } = o;
  const ha1 = md5(`${user}:MMS Public API:${pass}`);
  const response = md5(`${ha1}:${nonce}:${nc}:abc:auth:${md5(`${method}:${uri}`)}`);
  return `Digest username="${user}", realm="MMS Public API", nonce="${nonce}", uri="${uri}", qop=auth, nc=${nc}, cnonce="abc", response="${response}", algorithm=MD5`;
}

describe('parseDigestHeader', () => {
  it('reads quoted values with commas and unquoted values', () => {
    expect(
      parseDigestHeader(
        'Digest realm="MMS Public API", domain="", nonce="a,b=", qop=auth, nc=00000001',
      ),
    ).toEqual({
      realm: 'MMS Public API',
      domain: '',
      nonce: 'a,b=',
      qop: 'auth',
      nc: '00000001',
    });
    expect(parseDigestHeader('Basic abc')).toBeNull();
  });
});

describe('DigestVerifier', () => {
  it('accepts the right answer, refuses replays, other methods and wrong passwords', () => {
    let now = 1000;
    const v = new DigestVerifier({ username: 'u', password: 'p', nonceTtlMs: 100, now: () => now });
    const nonce = parseDigestHeader(v.challenge())?.nonce ?? '';
    expect(v.verify('GET', '/x', answer(nonce, {}))).toEqual({ ok: true, username: 'u' });
    expect(v.verify('GET', '/x', answer(nonce, {}))).toMatchObject({
      ok: false,
      reason: 'nc-reused',
    });
    expect(v.verify('GET', '/x', answer(nonce, { nc: '00000002' })).ok).toBe(true);
    expect(v.verify('POST', '/x', answer(nonce, { nc: '00000003' }))).toMatchObject({
      reason: 'wrong-credentials',
    });
    expect(v.verify('GET', '/x', answer(nonce, { nc: '00000004', pass: 'q' }))).toMatchObject({
      stale: false,
    });
    expect(v.verify('GET', '/y', answer(nonce, { nc: '00000005' }))).toMatchObject({
      reason: 'malformed',
    });
    expect(v.verify('GET', '/x', undefined)).toMatchObject({ reason: 'missing' });
    now += 101;
    expect(v.verify('GET', '/x', answer(nonce, { nc: '00000006' }))).toMatchObject({
      ok: false,
      stale: true,
    });
    expect(v.verify('GET', '/x', answer('never-issued', {}))).toMatchObject({ stale: true });
  });
});
