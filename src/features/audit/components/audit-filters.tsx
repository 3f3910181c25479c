import { Button, Group, Select, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { AUDIT_OUTCOMES, type AuditFilters } from '#contract/audit-contract';
import { OBJECT_ID_HINT, OBJECT_ID_PATTERN } from '#contract/schemas';
import { OPERATION_LABELS, OUTCOME_LABELS } from '../lib/labels';

const OPERATION_OPTIONS = Object.entries(OPERATION_LABELS).map(([value, label]) => ({
  value,
  label,
}));
const OUTCOME_OPTIONS = AUDIT_OUTCOMES.map((value) => ({ value, label: OUTCOME_LABELS[value] }));

interface Props {
  value: AuditFilters;
  onChange: (next: AuditFilters) => void;
}

/** The filters live in the URL; text fields apply on submit, choices at once. */
export function AuditFiltersForm({ value, onChange }: Props) {
  const [user, setUser] = useState(value.user ?? '');
  const [id, setId] = useState(value.id ?? '');
  const idError = id.trim() && !OBJECT_ID_PATTERN.test(id.trim()) ? OBJECT_ID_HINT : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (idError) return;
    onChange({ ...value, user: user.trim() || undefined, id: id.trim() || undefined });
  };
  const clear = () => {
    setUser('');
    setId('');
    onChange({});
  };
  return (
    <form onSubmit={submit} aria-label="Audit filters">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label="User"
          value={user}
          onChange={(e) => setUser(e.currentTarget.value)}
          w={160}
        />
        <Select
          label="Operation"
          placeholder="Any"
          data={OPERATION_OPTIONS}
          value={value.operation ?? null}
          onChange={(v) => onChange({ ...value, operation: v ?? undefined })}
          clearable
          w={260}
        />
        <Select
          label="Outcome"
          placeholder="Any"
          data={OUTCOME_OPTIONS}
          value={value.outcome ?? null}
          onChange={(v) => onChange({ ...value, outcome: v ?? undefined })}
          clearable
          w={180}
        />
        <TextInput
          label="Organization or federation ID"
          description="Or a project or migration ID"
          value={id}
          onChange={(e) => setId(e.currentTarget.value)}
          error={idError}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          w={260}
        />
        <Button type="submit">Apply filters</Button>
        <Button variant="subtle" onClick={clear}>
          Clear
        </Button>
      </Group>
    </form>
  );
}
