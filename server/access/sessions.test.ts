import { describe, expect, it } from 'vitest';
import {
  clearSessionCookie,
  createSessionCodec,
  parseDuration,
  readSessionCookies,
  sessionCookie,
} from './sessions';

const SECRET = 'test-session-secret-0123456789abcdefghijklmnop';
const HOUR = 3_600_000;
const alice = { username: 'alice', role: 'operator' as const, passwordHash: 'scrypt$hash-v1' };

function clock() {
  let t = 1_700_000_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('sessions', () => {
  it('issues a token another instance with the same secret accepts (restart, load balancer)', () => {
    const c = clock();
    const a = createSessionCodec(SECRET, 8 * HOUR, c.now);
    const b = createSessionCodec(SECRET, 8 * HOUR, c.now);
    const { token } = a.issue(alice);
    const p = b.verify(token);
    expect(p).toMatchObject({ u: 'alice', r: 'operator' });
    expect(b.matchesPassword(p!, alice.passwordHash)).toBe(true);
    expect(token).not.toContain(alice.passwordHash);
  });

  it('refuses a token signed with another secret, or changed in any way', () => {
    const c = clock();
    const a = createSessionCodec(SECRET, HOUR, c.now);
    const other = createSessionCodec(`${SECRET}x`, HOUR, c.now);
    const { token } = a.issue(alice);
    expect(other.verify(token)).toBeNull();
    const [v, body, mac] = token.split('.') as [string, string, string];
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(body, 'base64url').toString()),
        r: 'operator',
        u: 'root',
      }),
    ).toString('base64url');
    expect(a.verify(`${v}.${forged}.${mac}`)).toBeNull();
    expect(a.verify(`${v}.${body}.${mac.slice(0, -2)}`)).toBeNull();
    expect(a.verify(`${v}.${body}`)).toBeNull();
    expect(a.verify('')).toBeNull();
    expect(a.verify('v1.e30.AAAA')).toBeNull();
  });

  it('expires after the TTL, and a shorter TTL after a restart ends longer sessions', () => {
    const c = clock();
    const a = createSessionCodec(SECRET, 8 * HOUR, c.now);
    const { token } = a.issue(alice);
    c.advance(8 * HOUR - 1);
    expect(a.verify(token)).not.toBeNull();
    expect(createSessionCodec(SECRET, HOUR, c.now).verify(token)).toBeNull();
    c.advance(1);
    expect(a.verify(token)).toBeNull();
  });

  it('is bound to the password hash: a new password ends old sessions', () => {
    const c = clock();
    const a = createSessionCodec(SECRET, HOUR, c.now);
    const p = a.verify(a.issue(alice).token)!;
    expect(a.matchesPassword(p, 'scrypt$hash-v2')).toBe(false);
  });

  it('sign-out revokes the session (in memory here; in the database in the proxy)', async () => {
    const c = clock();
    const a = createSessionCodec(SECRET, HOUR, c.now);
    const { token, payload } = a.issue(alice);
    expect(a.verify(token)).not.toBeNull();
    await a.revoke(payload);
    expect(a.verify(token)).toBeNull();
  });

  it('sets HttpOnly, SameSite=Strict, an expiry, and Secure (with __Host-) behind TLS', () => {
    const plain = sessionCookie('tok', { secure: false, maxAgeSeconds: 3600 });
    expect(plain).toBe('orglink_session=tok; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600');
    const tls = sessionCookie('tok', { secure: true, maxAgeSeconds: 60 });
    expect(tls).toMatch(
      /^__Host-orglink_session=tok; Path=\/; HttpOnly; SameSite=Strict; Max-Age=60; Secure$/,
    );
    expect(clearSessionCookie(false)).toContain('Max-Age=0');
  });

  it('reads its cookie among others', () => {
    expect(readSessionCookies('a=1; orglink_session=xyz; b=2', false)).toEqual(['xyz']);
    expect(readSessionCookies('orglink_session=xyz', true)).toEqual([]);
    expect(readSessionCookies('__Host-orglink_session=s', true)).toEqual(['s']);
    expect(readSessionCookies(undefined, false)).toEqual([]);
  });

  it('parses durations', () => {
    expect(parseDuration('8h')).toBe(8 * HOUR);
    expect(parseDuration('30m')).toBe(30 * 60_000);
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration('2d')).toBe(2 * 24 * HOUR);
    expect(parseDuration('soon')).toBeNull();
  });
});
