// The audit trail (operators only), filtered on the proxy and read a page at a time, newest first:
// each page's `nextCursor` is the next (older) page's `before`.
import { infiniteQueryOptions, keepPreviousData } from '@tanstack/react-query';
import { AUDIT_FILTERS, auditListSchema, type AuditFilters } from '#contract/audit-contract';
import { callProxyEndpoint } from '../client';
import { PROXY_ENDPOINTS } from '#contract/proxy-contract';

function toSearch(filters: AuditFilters, before: string | null): string {
  const q = new URLSearchParams();
  for (const name of AUDIT_FILTERS) {
    const v = filters[name]?.trim();
    if (v) q.set(name, v);
  }
  if (before) q.set('before', before);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const auditQueries = {
  all: () => ['audit'] as const,
  list: (filters: AuditFilters) =>
    infiniteQueryOptions({
      queryKey: [...auditQueries.all(), 'list', filters],
      queryFn: ({ signal, pageParam }) =>
        callProxyEndpoint(
          `${PROXY_ENDPOINTS.audit}${toSearch(filters, pageParam)}`,
          auditListSchema,
          { signal },
        ),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor,
      staleTime: 5_000,
      placeholderData: keepPreviousData,
    }),
};
