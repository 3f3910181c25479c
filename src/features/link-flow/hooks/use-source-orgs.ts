// The orgs of both source products, each list as its upstream gave it (either may be absent).
import { useQuery } from '@tanstack/react-query';
import { orgQueries } from '@/api/queries/orgs';

export function useSourceOrgs() {
  const ops = useQuery(orgQueries.opsmanager.list());
  const cm = useQuery(orgQueries.cloudmanager.list());
  return { opsmanager: ops, cloudmanager: cm } as const;
}
