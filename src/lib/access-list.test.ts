import { describe, expect, it } from 'vitest';
import { parseAccessList } from './access-list';

describe('parseAccessList', () => {
  it('treats an empty field as no access list', () => {
    expect(parseAccessList('  \n ')).toEqual({ entries: [], errors: [] });
  });

  it('splits on commas and new lines and accepts IPv4, IPv6 and CIDR', () => {
    const parsed = parseAccessList('10.0.0.1, 192.168.0.0/16\n2001:db8::1\n\n2001:db8::/32,');
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries).toEqual(['10.0.0.1', '192.168.0.0/16', '2001:db8::1', '2001:db8::/32']);
  });

  it('names every bad entry', () => {
    const parsed = parseAccessList('10.0.0.300, 10.0.0.1\n10.0.0.0/33\nlocalhost');
    expect(parsed.errors).toEqual([
      '"10.0.0.300" is not an IPv4/IPv6 address or CIDR block',
      '"10.0.0.0/33" is not an IPv4/IPv6 address or CIDR block',
      '"localhost" is not an IPv4/IPv6 address or CIDR block',
    ]);
  });

  it('drops duplicates and refuses more entries than the API takes', () => {
    expect(parseAccessList('10.0.0.1,10.0.0.1').entries).toEqual(['10.0.0.1']);
    const many = Array.from({ length: 201 }, (_, i) => `10.0.${Math.floor(i / 250)}.${i % 250}`);
    expect(parseAccessList(many.join('\n')).errors).toEqual([
      'At most 200 entries are allowed; this list has 201.',
    ]);
  });
});
