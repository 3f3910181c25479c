import { paths } from '@/config/paths';

/**
 * Where to go after signing in: only a path on this site (never `//host` or a full URL, which
 * would make the sign-in page an open redirect), and never the sign-in page itself.
 */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) {
    return paths.orgs;
  }
  if (next === paths.signIn || next.startsWith(`${paths.signIn}?`)) return paths.orgs;
  return next;
}

export function signInPathFor(location: { pathname: string; search: string }): string {
  const next = `${location.pathname}${location.search}`;
  return `${paths.signIn}?next=${encodeURIComponent(next)}`;
}
