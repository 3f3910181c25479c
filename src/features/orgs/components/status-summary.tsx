import { Stack, Text, Title } from '@mantine/core';
import { LINK_BADGE_LABELS } from '@/api/queries/link-status';
import { segments, SUMMARY_ORDER, type StatusCounts } from '../lib/status-counts';
import classes from './status-summary.module.css';

const fmt = (n: number) => n.toLocaleString('en-US');

/** How many orgs are in each state: a stacked bar to read at a glance, and the numbers as text. */
export function StatusSummary({ counts, total }: { counts: StatusCounts; total: number }) {
  const description = SUMMARY_ORDER.map((c) => `${LINK_BADGE_LABELS[c]}: ${fmt(counts[c])}`).join(
    ', ',
  );
  return (
    <Stack gap="sm" component="section" aria-labelledby="link-summary-heading">
      <Title order={2} size="h4" id="link-summary-heading">
        Link status summary
      </Title>
      <svg
        className={classes.bar}
        viewBox="0 0 1000 16"
        preserveAspectRatio="none"
        role="img"
        aria-label={`Link status of ${fmt(total)} organizations. ${description}.`}
      >
        {segments(counts, total).map((s) => (
          <rect
            key={s.status}
            x={s.x}
            y={0}
            width={s.width}
            height={16}
            className={classes[s.status]}
          />
        ))}
      </svg>
      <ul className={classes.legend} aria-label="Organizations per link status">
        {SUMMARY_ORDER.map((c) => (
          <li key={c} className={classes.item}>
            <span className={`${classes.swatch} ${classes[c]}`} aria-hidden="true" />
            <span>{LINK_BADGE_LABELS[c]}</span>
            <span className={classes.count}>{fmt(counts[c])}</span>
          </li>
        ))}
      </ul>
      <Text size="xs">
        Of {fmt(total)} organizations. Rows on screen refresh by themselves; Check now checks them
        all.
      </Text>
    </Stack>
  );
}
