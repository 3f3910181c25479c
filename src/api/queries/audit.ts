// The audit log's recent lines (operators only), filtered on the proxy.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { AUDIT_FILTERS, auditListSchema, type AuditFilters } from '#contract/audit-contract';
import { callProxyEndpoint } from '../client';
import { PROXY_ENDPOINTS } from '#contract/proxy-contract';

function toSearch(filters: AuditFilters): string {
  const q = new URLSearchParams();
  for (const name of AUDIT_FILTERS) {
    const v = filters[name]?.trim();
    if (v) q.set(name, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const auditQueries = {
  all: () => ['audit'] as const,
  list: (filters: AuditFilters) =>
    queryOptions({
      queryKey: [...auditQueries.all(), 'list', filters],
      queryFn: ({ signal }) =>
        callProxyEndpoint(`${PROXY_ENDPOINTS.audit}${toSearch(filters)}`, auditListSchema, {
          signal,
        }),
      staleTime: 5_000,
      placeholderData: keepPreviousData,
    }),
};
