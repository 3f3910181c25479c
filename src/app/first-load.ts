// The first load asks for what the first page needs at once, in parallel, before React renders and
// before the page's chunk has run: /api/config (who is signed in; the layout waits for it) and, on
// the Organizations board, /api/fleet (its rows). Otherwise the fleet request would start only
// after the route's chunk had loaded and rendered — a waterfall of three round trips.
import type { QueryClient } from '@tanstack/react-query';
import { configQueries } from '@/api/queries/config';
import { fleetQueries } from '@/api/queries/fleet';
import { paths } from '@/config/paths';

/** Whether `pathname` opens the Organizations board (`/` redirects there). */
export function opensBoard(pathname: string): boolean {
  return pathname === paths.home || pathname === paths.orgs || pathname === `${paths.orgs}/`;
}

export function startFirstLoad(client: QueryClient, pathname: string): void {
  // Errors are the pages' to show (the queries keep them); nothing to catch here.
  void client.prefetchQuery(configQueries.config());
  if (opensBoard(pathname)) void client.prefetchQuery(fleetQueries.fleet());
}
