// The lag over time as a small SVG line (hand-drawn: one polyline needs no charting library in the
// bundle), with a text summary for screen readers and everyone, and the samples as a table.
import { Box, Button, Table, Text } from '@mantine/core';
import { useId, useState } from 'react';
import type { LagSample } from '#contract/live-migrations-contract';
import { Timestamp } from '@/components/timestamp';
import { formatClock } from '@/lib/relative-time';
import { formatLag } from '../lib/format';
import { lagSummary } from '../lib/lag-summary';

const W = 640;
const H = 180;
const PAD = { left: 84, right: 12, top: 12, bottom: 28 };

export function LagChart({ samples }: { samples: readonly LagSample[] }) {
  const [table, setTable] = useState(false);
  const tableId = useId();
  const summary = lagSummary(samples);
  if (samples.length === 0) return <Text size="sm">{summary}</Text>;
  const times = samples.map((s) => Date.parse(s.at));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + 1);
  const max = Math.max(1, ...samples.map((s) => s.lagSeconds));
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v / max) * (H - PAD.top - PAD.bottom);
  const points = samples.map(
    (s, i) => `${x(times[i] ?? t0).toFixed(1)},${y(s.lagSeconds).toFixed(1)}`,
  );
  return (
    <Box>
      <Text size="sm" mb="xs">
        {summary}
      </Text>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        style={{ maxWidth: W, display: 'block' }}
        role="img"
        aria-label={`Lag chart. ${summary}`}
      >
        <g stroke="var(--mantine-color-default-border)" strokeWidth="1">
          <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} />
          <line x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} />
        </g>
        <g fill="var(--mantine-color-text)" fontSize="11">
          <text x={PAD.left - 6} y={PAD.top + 4} textAnchor="end">
            {formatLag(max)}
          </text>
          <text x={PAD.left - 6} y={H - PAD.bottom} textAnchor="end">
            0 s
          </text>
          <text x={PAD.left} y={H - 8}>
            {formatClock(t0)}
          </text>
          <text x={W - PAD.right} y={H - 8} textAnchor="end">
            {formatClock(t1)}
          </text>
        </g>
        <polyline
          points={points.join(' ')}
          fill="none"
          stroke="var(--mantine-color-blue-filled)"
          strokeWidth="2"
          strokeLinejoin="round"
        />
      </svg>
      <Button
        variant="subtle"
        size="compact-sm"
        px={4}
        mt="xs"
        aria-expanded={table}
        aria-controls={tableId}
        onClick={() => setTable((o) => !o)}
      >
        {table ? 'Hide lag samples' : 'Show lag samples as a table'}
      </Button>
      <Box id={tableId} hidden={!table}>
        {table && (
          <Table.ScrollContainer minWidth={280} mah={320}>
            <Table striped verticalSpacing={4}>
              <Table.Caption>Lag samples, oldest first</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Time</Table.Th>
                  <Table.Th scope="col">Lag</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {samples.map((s) => (
                  <Table.Tr key={s.at}>
                    <Table.Td>
                      <Timestamp at={s.at} show="clock" />
                    </Table.Td>
                    <Table.Td>{formatLag(s.lagSeconds)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Box>
    </Box>
  );
}
