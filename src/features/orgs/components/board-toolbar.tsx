import { Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { LINK_BADGE_LABELS } from '@/api/queries/link-status';
import { SOURCE_UPSTREAMS, UPSTREAM_LABELS, type SourceUpstream } from '#contract/route-table';
import { STATUS_FILTERS, type StatusFilter } from '../lib/filter-orgs';
import classes from './board-toolbar.module.css';

/** All, then each state in the words the badges and the summary use. */
const STATUS_OPTIONS: { value: StatusFilter | 'all'; label: string }[] = [
  { value: 'all', label: 'All' },
  ...(Object.keys(STATUS_FILTERS) as StatusFilter[]).map((value) => ({
    value,
    label: LINK_BADGE_LABELS[STATUS_FILTERS[value]],
  })),
];

const SOURCE_OPTIONS: { value: SourceUpstream | 'all'; label: string }[] = [
  { value: 'all', label: 'All' },
  ...SOURCE_UPSTREAMS.map((value) => ({ value, label: UPSTREAM_LABELS[value] })),
];

interface BoardToolbarProps {
  q: string;
  status: StatusFilter | null;
  source: SourceUpstream | null;
  onSearch: (q: string) => void;
  onStatus: (status: StatusFilter | null) => void;
  onSource: (source: SourceUpstream | null) => void;
}

export function BoardToolbar(p: BoardToolbarProps) {
  // The input keeps its own state so typing never waits for the URL to update; a URL changed
  // elsewhere (back button, a shared link) still wins.
  const [text, setText] = useState(p.q);
  const [seenQ, setSeenQ] = useState(p.q);
  if (p.q !== seenQ) {
    setSeenQ(p.q);
    if (p.q !== text) setText(p.q);
  }
  return (
    <Stack gap="sm">
      <TextInput
        label="Search organizations"
        placeholder="Name or ID"
        type="search"
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          p.onSearch(e.currentTarget.value);
        }}
        w={{ base: '100%', sm: 360 }}
        autoComplete="off"
        spellCheck={false}
      />
      <Group gap="lg" align="flex-start">
        <Pills
          name="source"
          label="Source"
          options={SOURCE_OPTIONS}
          value={p.source ?? 'all'}
          onChange={(v) => p.onSource(v === 'all' ? null : v)}
        />
        <Pills
          name="status"
          label="Status filter"
          options={STATUS_OPTIONS}
          value={p.status ?? 'all'}
          onChange={(v) => p.onStatus(v === 'all' ? null : v)}
        />
      </Group>
    </Stack>
  );
}

interface PillsProps<V extends string> {
  name: string;
  label: string;
  options: { value: V; label: string }[];
  value: V;
  onChange: (value: V) => void;
}

/** One pill per choice: native radio buttons underneath (arrow keys move the choice). */
function Pills<V extends string>({ name, label, options, value, onChange }: PillsProps<V>) {
  const labelId = `board-${name}-filter-label`;
  return (
    <Stack gap={4} className={classes.group}>
      <Text component="span" size="sm" fw={500} id={labelId}>
        {label}
      </Text>
      <div role="radiogroup" aria-labelledby={labelId} className={classes.filter}>
        {options.map((o) => (
          <label
            key={o.value}
            className={classes.option}
            data-checked={value === o.value || undefined}
          >
            <input
              type="radio"
              name={`board-${name}-filter`}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              className={classes.input}
            />
            {o.label}
          </label>
        ))}
      </div>
    </Stack>
  );
}
