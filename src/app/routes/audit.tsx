import '../later-page-styles';
import { Stack, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router-dom';
import { AUDIT_FILTERS, type AuditFilters } from '#contract/audit-contract';
import { AuditView } from '@/features/audit/components/audit-view';
import { usePageTitle } from '@/lib/page-title';

// The filters live in the URL, so a filtered view can be shared.
export function Page() {
  const [params, setParams] = useSearchParams();
  usePageTitle('Audit');
  const filters: AuditFilters = {};
  for (const name of AUDIT_FILTERS) {
    const v = params.get(name);
    if (v) filters[name] = v;
  }
  const change = (next: AuditFilters) => {
    const q = new URLSearchParams();
    for (const name of AUDIT_FILTERS) {
      const v = next[name];
      if (v) q.set(name, v);
    }
    setParams(q);
  };
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>Audit</Title>
        <Text c="dimmed">
          Every change tried through this dashboard: who, what, on which organization or federation,
          and how it ended. Tokens and keys are never recorded.
        </Text>
      </div>
      <AuditView filters={filters} onFiltersChange={change} />
    </Stack>
  );
}
