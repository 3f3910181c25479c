import { Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { orgLabel, orgQueries } from '@/api/queries/orgs';
import { ErrorState } from '@/components/error-state';
import { IdInputForm } from '@/components/id-input-form';

interface AtlasOrgPickerProps {
  /** The chosen org ID (from the URL), or '' for none. */
  value: string;
  onChange: (orgId: string | null) => void;
}

/** Choose an Atlas org from the list the key can see, or paste an ID the list does not have. */
export function AtlasOrgPicker({ value, onChange }: AtlasOrgPickerProps) {
  const orgs = useQuery(orgQueries.cloud.list());
  // By name, as people look for them (the upstream lists them by ID).
  const options = useMemo(
    () =>
      [...(orgs.data ?? [])]
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
        .map((o) => ({ value: o.id, label: orgLabel(o) })),
    [orgs.data],
  );
  const listed = options.some((o) => o.value === value);
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Choose the Atlas organization
        </Title>
        <Group align="flex-start" gap="md" wrap="wrap">
          <Select
            label="Atlas organization"
            description="Search by name or ID"
            placeholder={orgs.isPending ? 'Loading organizations…' : 'Pick an organization'}
            data={options}
            value={listed ? value : null}
            onChange={onChange}
            searchable
            clearable
            limit={100}
            nothingFoundMessage="No organization matches"
            disabled={orgs.isPending || orgs.isError}
            // The listbox itself scrolls (not a wrapper around it), so assistive technology and axe
            // see a scrolling combobox popup rather than an unfocusable scrolling region.
            withScrollArea={false}
            styles={{ options: { maxHeight: 260, overflowY: 'auto' } }}
            miw={0}
            style={{ flex: '1 1 300px' }}
          />
          <div style={{ flex: '1 1 300px', minWidth: 0 }}>
            <IdInputForm
              label="Organization ID"
              description="Or paste the ID of an Atlas organization"
              submitLabel="Use this ID"
              onSubmit={onChange}
            />
          </div>
        </Group>
        {orgs.isError && (
          <>
            <ErrorState
              error={orgs.error}
              title="Could not load the Atlas organizations"
              onRetry={() => void orgs.refetch()}
            />
            <Text size="sm">You can still paste an organization ID.</Text>
          </>
        )}
      </Stack>
    </Card>
  );
}
