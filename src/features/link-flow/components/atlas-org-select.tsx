import { Alert, Select, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { errorTitle, isApiError } from '@/api/api-error';
import { orgLabel, orgQueries } from '@/api/queries/orgs';

interface AtlasOrgSelectProps {
  value: string | null;
  onChange: (orgId: string | null) => void;
  error?: string | null;
  disabled?: boolean;
}

/**
 * Atlas organization: the orgs the proxy's Atlas key sees, by name. An Atlas API key usually
 * belongs to one organization: when it sees exactly one, that one is chosen.
 */
export function AtlasOrgSelect({ value, onChange, error, disabled }: AtlasOrgSelectProps) {
  const orgs = useQuery(orgQueries.cloud.list());
  const options = useMemo(
    () =>
      [...(orgs.data ?? [])]
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
        .map((o) => ({ value: o.id, label: orgLabel(o) })),
    [orgs.data],
  );
  const only = options.length === 1 ? options[0]?.value : undefined;
  useEffect(() => {
    if (only && value === null) onChange(only);
  }, [only, value, onChange]);
  const listed = options.some((o) => o.value === value);
  return (
    <div>
      <Select
        label="Atlas organization"
        description={
          only ? "The one organization the dashboard's Atlas key sees" : 'Search by name or ID.'
        }
        placeholder={orgs.isPending ? 'Loading organizations…' : 'Pick an organization'}
        data={options}
        value={listed ? value : null}
        onChange={onChange}
        searchable
        clearable={!only}
        limit={100}
        nothingFoundMessage="No organization matches"
        disabled={disabled || orgs.isPending || (orgs.isError && !value)}
        error={error}
        withScrollArea={false}
        styles={{ options: { maxHeight: 280, overflowY: 'auto' } }}
      />
      {value && !listed && !orgs.isPending && (
        <Text size="sm" mt={4}>
          Atlas organization {value} (from the address; not in the list the dashboard&apos;s key
          sees).
        </Text>
      )}
      {orgs.isError && (
        <Alert color="yellow" variant="light" p="xs" mt={6}>
          <Text size="sm">
            The Atlas organizations could not be listed (
            {isApiError(orgs.error) ? errorTitle(orgs.error) : String(orgs.error)}).
          </Text>
        </Alert>
      )}
    </div>
  );
}
