import { Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { LINK_BADGE_LABELS } from '@/api/queries/link-status';
import { STATUS_FILTERS, type StatusFilter } from '../lib/filter-orgs';
import classes from './board-toolbar.module.css';

/** All, then each state in the words the badges and the summary use. */
const FILTER_OPTIONS: { value: StatusFilter | 'all'; label: string }[] = [
  { value: 'all', label: 'All' },
  ...(Object.keys(STATUS_FILTERS) as StatusFilter[]).map((value) => ({
    value,
    label: LINK_BADGE_LABELS[STATUS_FILTERS[value]],
  })),
];

interface BoardToolbarProps {
  q: string;
  status: StatusFilter | null;
  onSearch: (q: string) => void;
  onStatus: (status: StatusFilter | null) => void;
}

export function BoardToolbar({ q, status, onSearch, onStatus }: BoardToolbarProps) {
  // The input keeps its own state so typing never waits for the URL to update; a URL changed
  // elsewhere (back button, a shared link) still wins.
  const [text, setText] = useState(q);
  const [seenQ, setSeenQ] = useState(q);
  if (q !== seenQ) {
    setSeenQ(q);
    if (q !== text) setText(q);
  }
  const current = status ?? 'all';
  return (
    <Stack gap="sm">
      <TextInput
        label="Search organizations"
        placeholder="Name or ID"
        type="search"
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          onSearch(e.currentTarget.value);
        }}
        w={{ base: '100%', sm: 360 }}
        autoComplete="off"
        spellCheck={false}
      />
      <Stack gap={4}>
        <Text component="span" size="sm" fw={500} id="status-filter-label">
          Status filter
        </Text>
        <div role="radiogroup" aria-labelledby="status-filter-label" className={classes.filter}>
          {FILTER_OPTIONS.map((o) => (
            <label
              key={o.value}
              className={classes.option}
              data-checked={current === o.value || undefined}
            >
              <input
                type="radio"
                name="board-status-filter"
                value={o.value}
                checked={current === o.value}
                onChange={() => onStatus(o.value === 'all' ? null : o.value)}
                className={classes.input}
              />
              {o.label}
            </label>
          ))}
        </div>
      </Stack>
    </Stack>
  );
}
