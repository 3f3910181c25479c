// Who counts as "one client" for caps and throttles: an IPv4 address, or an IPv6 /64 — the
// smallest block a home or cloud host is usually given, so one machine cannot dodge a per-address
// limit by walking through its 2^64 addresses.
import { isIPv6 } from 'node:net';

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is 10.0.0.1. */
export function normalizeAddress(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m?.[1] ?? address;
}

/** `2001:db8:1:2:a:b:c:d` → `2001:db8:1:2::/64`; IPv4 addresses stay as they are. */
export function addressGroup(address: string): string {
  const a = normalizeAddress(address.replace(/%.*$/, '')); // no zone index (fe80::1%eth0)
  if (!isIPv6(a)) return a;
  return `${expandIPv6(a).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, without leading zeros (`::1` → 0,0,0,0,0,0,0,1). */
function expandIPv6(a: string): string[] {
  let text = a.toLowerCase();
  // An embedded IPv4 tail (::ffff:1.2.3.4 that was not a plain mapped address) becomes two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [b1, b2, b3, b4] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((b1 << 8) | b2).toString(16)}:${((b3 << 8) | b4).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => g.replace(/^0+/, '') || '0');
}
