import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { configQueries } from '@/api/queries/config';
import { signInPathFor } from '../lib/next-path';

/**
 * Sends the user to the sign-in page when the proxy requires sign-in and nobody is signed in —
 * at first load, and later when a request answers NOT_SIGNED_IN (the query client then refreshes
 * the config, e.g. after the session expired). Comes back to the same address after sign-in.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const { data } = useQuery(configQueries.config());
  const location = useLocation();
  if (data?.signInRequired && !data.session) {
    return <Navigate to={signInPathFor(location)} replace />;
  }
  return children;
}
