import { paths } from '@/config/paths';

/** C0 controls, DEL and C1 controls: a path with one is no address the app itself makes. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Where to go after signing in: only a path on this site (never `//host` or a full URL, which
 * would make the sign-in page an open redirect; never one with control characters, which browsers
 * strip — `/\t/evil.example` becomes `//evil.example`), and never the sign-in page itself.
 */
export function safeNextPath(next: string | null): string {
  if (
    !next ||
    !next.startsWith('/') ||
    next.startsWith('//') ||
    next.includes('\\') ||
    CONTROL_CHARACTERS.test(next)
  ) {
    return paths.orgs;
  }
  if (next === paths.signIn || next.startsWith(`${paths.signIn}?`)) return paths.orgs;
  return next;
}

export function signInPathFor(location: { pathname: string; search: string }): string {
  const next = `${location.pathname}${location.search}`;
  return `${paths.signIn}?next=${encodeURIComponent(next)}`;
}
