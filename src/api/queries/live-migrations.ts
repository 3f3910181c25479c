// The migration registry (the proxy's /api/migrations, answered from its database) and the Atlas
// reads the Start migration page needs. Registry reads are cheap (no upstream call), so a list or a
// page with an active migration refetches every few seconds: the server's poller keeps the data
// current, one upstream call per migration per interval, whoever watches.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import {
  LIVE_MIGRATION_ENDPOINTS,
  MIGRATION_FILTERS,
  migrationDetailSchema,
  migrationListSchema,
  type MigrationDetail,
  type MigrationFilters,
  type MigrationList,
} from '#contract/live-migrations-contract';
import { callProxyEndpoint, callUpstreamOperation } from '../client';
import { collectAllPages } from './all-pages';

/** How often a view with an active migration reads the registry again. */
export const REGISTRY_REFRESH_MS = 3_000;

function toSearch(filters: MigrationFilters): string {
  const q = new URLSearchParams();
  for (const name of MIGRATION_FILTERS) {
    const v = filters[name]?.trim();
    if (v) q.set(name, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

const anyActive = (d: MigrationList | undefined) => d?.migrations.some((m) => m.active) ?? false;

export const migrationQueries = {
  all: () => ['migrations'] as const,
  list: (filters: MigrationFilters = {}) =>
    queryOptions({
      queryKey: [...migrationQueries.all(), 'list', filters] as const,
      queryFn: ({ signal }) =>
        callProxyEndpoint(
          `${LIVE_MIGRATION_ENDPOINTS.list}${toSearch(filters)}`,
          migrationListSchema,
          {
            signal,
          },
        ),
      placeholderData: keepPreviousData,
      refetchInterval: (q) => (anyActive(q.state.data) ? REGISTRY_REFRESH_MS : false),
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...migrationQueries.all(), 'detail', id] as const,
      queryFn: ({ signal }): Promise<MigrationDetail> =>
        callProxyEndpoint(LIVE_MIGRATION_ENDPOINTS.one(id), migrationDetailSchema, { signal }),
      refetchInterval: (q) => (q.state.data?.migration.active ? REGISTRY_REFRESH_MS : false),
    }),
};

/** Atlas reads for planning a migration (route-table operations through the proxy). */
export const migrationPlanQueries = {
  all: () => ['migration-plan'] as const,
  availableProjects: (atlasOrgId: string) =>
    queryOptions({
      queryKey: [...migrationPlanQueries.all(), 'available', atlasOrgId] as const,
      queryFn: ({ signal }) =>
        callUpstreamOperation('listAvailableProjects', { params: { orgId: atlasOrgId }, signal }),
      staleTime: 30_000,
    }),
  atlasProjects: (atlasOrgId: string) =>
    queryOptions({
      queryKey: [...migrationPlanQueries.all(), 'projects', atlasOrgId] as const,
      queryFn: ({ signal }) =>
        collectAllPages((query) =>
          callUpstreamOperation('listAtlasProjects', {
            params: { orgId: atlasOrgId },
            query,
            signal,
          }),
        ),
      staleTime: 60_000,
    }),
  clusters: (groupId: string) =>
    queryOptions({
      queryKey: [...migrationPlanQueries.all(), 'clusters', groupId] as const,
      queryFn: ({ signal }) =>
        collectAllPages((query) =>
          callUpstreamOperation('listClusters', { params: { groupId }, query, signal }),
        ),
      staleTime: 60_000,
    }),
  /** A validation job, polled while PENDING. */
  validation: (groupId: string, validationId: string) =>
    queryOptions({
      queryKey: [...migrationPlanQueries.all(), 'validation', groupId, validationId] as const,
      queryFn: ({ signal }) =>
        callUpstreamOperation('getMigrationValidation', {
          params: { groupId, validationId },
          signal,
        }),
      refetchInterval: (q) =>
        q.state.data && q.state.data.status !== 'PENDING' && q.state.data.status !== null
          ? false
          : 1_000,
    }),
};
