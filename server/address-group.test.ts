import { describe, expect, it } from 'vitest';
import { addressGroup, normalizeAddress } from './address-group';

describe('address groups (caps and throttles count per group)', () => {
  it('keeps IPv4 addresses, also when mapped into IPv6', () => {
    expect(addressGroup('10.0.0.1')).toBe('10.0.0.1');
    expect(addressGroup('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(normalizeAddress('::FFFF:127.0.0.1')).toBe('127.0.0.1');
  });

  it('groups IPv6 by /64, however the address is written', () => {
    const group = '2001:db8:1:2::/64';
    for (const a of [
      '2001:db8:1:2::1',
      '2001:0db8:0001:0002:ffff:ffff:ffff:ffff',
      '2001:DB8:1:2:a:b:c:d',
      '2001:db8:1:2::1.2.3.4',
      'fe80::1%eth0'.replace('fe80::1', '2001:db8:1:2::1'),
    ]) {
      expect(addressGroup(a)).toBe(group);
    }
    expect(addressGroup('2001:db8:1:3::1')).not.toBe(group);
    expect(addressGroup('::1')).toBe('0:0:0:0::/64');
    expect(addressGroup('2001:db8::')).toBe('2001:db8:0:0::/64');
  });

  it('leaves what is not an address alone', () => {
    expect(addressGroup('unknown')).toBe('unknown');
  });
});
