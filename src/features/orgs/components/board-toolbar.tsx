// SegmentedControl's moving highlight; its CSS is not among the app-wide styles.
import '@mantine/core/styles/FloatingIndicator.layer.css';
import { Box, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { STATUS_FILTERS, type StatusFilter } from '../lib/filter-orgs';

const FILTER_OPTIONS: { value: StatusFilter | 'all'; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'synced', label: 'Synced' },
  { value: 'not-synced', label: 'Not synced' },
  { value: 'not-linked', label: 'Not linked' },
  { value: 'error', label: 'Error' },
  { value: 'unchecked', label: 'Not checked' },
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
  return (
    <Group align="flex-end" gap="md" wrap="wrap">
      <TextInput
        label="Search organizations"
        placeholder="Name or ID"
        type="search"
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          onSearch(e.currentTarget.value);
        }}
        w={{ base: '100%', sm: 320 }}
        autoComplete="off"
        spellCheck={false}
      />
      {/* On a narrow screen the filter scrolls sideways instead of widening the page. */}
      <Stack gap={4} maw="100%" miw={0}>
        <Text component="span" size="sm" fw={500} id="status-filter-label">
          Status filter
        </Text>
        <Box maw="100%" style={{ overflowX: 'auto' }}>
          <SegmentedControl
            aria-labelledby="status-filter-label"
            data={FILTER_OPTIONS}
            value={status ?? 'all'}
            onChange={(v) =>
              onStatus(v === 'all' || !(v in STATUS_FILTERS) ? null : (v as StatusFilter))
            }
          />
        </Box>
      </Stack>
    </Group>
  );
}
