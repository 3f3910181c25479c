import { Alert, Select, Text } from '@mantine/core';
import { useMemo } from 'react';
import { errorTitle, isApiError } from '@/api/api-error';
import { orgLabel } from '@/api/queries/orgs';
import { SOURCE_UPSTREAMS, UPSTREAM_LABELS, type SourceUpstream } from '#contract/route-table';
import type { Org } from '#contract/schemas';
import { useSourceOrgs } from '../hooks/use-source-orgs';
import { parseSourceValue, sourceValue } from '../lib/prefill';

interface SourceOrgSelectProps {
  value: { upstream: SourceUpstream; orgId: string } | null;
  onChange: (value: { upstream: SourceUpstream; orgId: string } | null) => void;
  error?: string | null;
  disabled?: boolean;
}

/** "Ops Manager could not be listed: …" for each source that failed, so the user knows why. */
function failures(lists: ReturnType<typeof useSourceOrgs>): string[] {
  return SOURCE_UPSTREAMS.flatMap((u) => {
    const q = lists[u];
    if (!q.isError) return [];
    const e = q.error;
    return [
      isApiError(e) && e.errorCode === 'UPSTREAM_NOT_CONFIGURED'
        ? `${UPSTREAM_LABELS[u]} is not configured on this dashboard: its organizations are not listed.`
        : `${UPSTREAM_LABELS[u]} organizations could not be listed (${isApiError(e) ? errorTitle(e) : String(e)}).`,
    ];
  });
}

/**
 * Source organization: every Ops Manager and Cloud Manager org the proxy's keys see, grouped by
 * product, searchable by name or ID, by name within each group.
 */
export function SourceOrgSelect({ value, onChange, error, disabled }: SourceOrgSelectProps) {
  const lists = useSourceOrgs();
  const opsOrgs = lists.opsmanager.data;
  const cmOrgs = lists.cloudmanager.data;
  const data = useMemo(
    () =>
      SOURCE_UPSTREAMS.flatMap((u) => {
        const orgs: Org[] = (u === 'opsmanager' ? opsOrgs : cmOrgs) ?? [];
        if (orgs.length === 0) return [];
        return [
          {
            group: UPSTREAM_LABELS[u],
            items: [...orgs]
              .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
              .map((o) => ({ value: sourceValue(u, o.id), label: orgLabel(o) })),
          },
        ];
      }),
    [opsOrgs, cmOrgs],
  );
  const loading = lists.opsmanager.isPending || lists.cloudmanager.isPending;
  const anyListed = data.length > 0;
  const problems = failures(lists);
  const selected = value ? sourceValue(value.upstream, value.orgId) : null;
  const listed = data.some((g) => g.items.some((i) => i.value === selected));
  return (
    <div>
      <Select
        id="link-source-org"
        label="Source organization"
        description="Ops Manager or Cloud Manager. Search by name or ID."
        placeholder={loading && !anyListed ? 'Loading organizations…' : 'Pick an organization'}
        data={data}
        value={listed ? selected : null}
        onChange={(v) => onChange(v ? parseSourceValue(v) : null)}
        searchable
        clearable
        limit={100}
        nothingFoundMessage="No organization matches"
        disabled={disabled || (!anyListed && !value)}
        error={error}
        withScrollArea={false}
        styles={{ options: { maxHeight: 280, overflowY: 'auto' } }}
      />
      {value && !listed && !loading && (
        <Text size="sm" mt={4}>
          {UPSTREAM_LABELS[value.upstream]} organization {value.orgId} (from the address; not in the
          list the dashboard&apos;s key sees).
        </Text>
      )}
      {problems.length > 0 && (
        <Alert color="yellow" variant="light" p="xs" mt={6}>
          {problems.map((p) => (
            <Text key={p} size="sm">
              {p}
            </Text>
          ))}
        </Alert>
      )}
    </div>
  );
}
