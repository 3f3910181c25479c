import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { orgQueries } from '@/api/queries/orgs';

/** Org ID → name from the Cloud org list; an org the key cannot list keeps its ID. */
export function useOrgNames(): Map<string, string> {
  const list = useQuery({ ...orgQueries.cloud.list(), meta: { silentErrors: true } });
  return useMemo(() => new Map((list.data ?? []).map((o) => [o.id, o.name])), [list.data]);
}
