// Is a name or address this machine only? Decides whether a dashboard without sign-in may start
// (HOST) and which Host headers such a dashboard answers (DNS rebinding). Refusing is the safe side,
// so only the plain forms count: `localhost`, 127.0.0.0/8 and ::1 (also written out in full or
// IPv4-mapped), brackets allowed around IPv6; not `localhost.` or `*.localhost`.
import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  const family = isIP(h);
  return family !== 0 && LOOPBACK.check(h, family === 4 ? 'ipv4' : 'ipv6');
}

/** The host name of a `Host` header (`[::1]:8080` → `[::1]`, `localhost:8080` → `localhost`). */
export function hostOfHeader(header: string | undefined): string {
  return (header ?? '').replace(/:\d*$/, '');
}
