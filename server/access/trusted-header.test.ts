import { describe, expect, it } from 'vitest';
import { buildTrustList, createTrustedHeaderAuth } from './trusted-header';

const auth = createTrustedHeaderAuth({
  userHeader: 'x-forwarded-user',
  proxies: ['10.1.2.3', '192.168.50.0/24', 'fd00::/64'],
  operators: ['Alice'],
  groupsHeader: 'x-forwarded-groups',
  operatorGroups: ['orglink-operators'],
});

describe('trusted SSO header', () => {
  it('believes the header only from a trusted proxy address', () => {
    const h = { 'x-forwarded-user': 'bob' };
    expect(auth.authenticate(h, '10.1.2.3')).toEqual({ kind: 'user', user: 'bob', role: 'viewer' });
    expect(auth.authenticate(h, '::ffff:192.168.50.7')).toMatchObject({ kind: 'user' });
    expect(auth.authenticate(h, 'fd00::1234')).toMatchObject({ kind: 'user' });
    expect(auth.authenticate(h, '10.1.2.4')).toEqual({ kind: 'untrusted', address: '10.1.2.4' });
    expect(auth.authenticate(h, '127.0.0.1')).toMatchObject({ kind: 'untrusted' });
    expect(auth.authenticate(h, undefined)).toMatchObject({ kind: 'untrusted' });
    // X-Forwarded-For is no way in.
    expect(auth.authenticate({ ...h, 'x-forwarded-for': '10.1.2.3' }, '203.0.113.9')).toMatchObject(
      { kind: 'untrusted' },
    );
  });

  it('maps roles by user name or group', () => {
    expect(auth.authenticate({ 'x-forwarded-user': 'alice' }, '10.1.2.3')).toMatchObject({
      role: 'operator',
    });
    expect(
      auth.authenticate(
        { 'x-forwarded-user': 'carol', 'x-forwarded-groups': 'staff, orglink-operators' },
        '10.1.2.3',
      ),
    ).toMatchObject({ user: 'carol', role: 'operator' });
    expect(
      auth.authenticate(
        { 'x-forwarded-user': 'dave', 'x-forwarded-groups': 'orglink-operators-not' },
        '10.1.2.3',
      ),
    ).toMatchObject({ role: 'viewer' });
  });

  it('refuses odd values and duplicated headers', () => {
    expect(auth.authenticate({ 'x-forwarded-user': 'a b' }, '10.1.2.3').kind).toBe('invalid');
    expect(auth.authenticate({ 'x-forwarded-user': '' }, '10.1.2.3').kind).toBe('invalid');
    expect(auth.authenticate({ 'x-forwarded-user': ['a', 'b'] }, '10.1.2.3').kind).toBe('invalid');
    expect(auth.authenticate({}, '10.1.2.3').kind).toBe('none');
  });

  it('refuses bad or over-wide TRUSTED_PROXIES entries', () => {
    expect(buildTrustList(['10.0.0.0/8', '::1']).problems).toEqual([]);
    expect(buildTrustList(['0.0.0.0/0']).problems[0]).toMatch(/too wide/);
    expect(buildTrustList(['::/0']).problems[0]).toMatch(/too wide/);
    expect(buildTrustList(['proxy.example.com']).problems[0]).toMatch(/not an IP/);
    expect(buildTrustList(['10.0.0.0/33']).problems[0]).toMatch(/prefix/);
  });
});
