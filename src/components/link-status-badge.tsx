import { Badge, type BadgeProps } from '@mantine/core';
import { LINK_CATEGORY_LABELS, type LinkCategory } from '@/api/queries/link-status';
import classes from './link-status-badge.module.css';

// A symbol beside the colour, so the state does not rest on colour alone.
const SYMBOLS: Record<LinkCategory, string> = {
  SYNCED: '✓',
  NOT_SYNCED: '↻',
  NOT_LINKED: '–',
  ERROR: '!',
  UNCHECKED: '?',
};

interface LinkStatusBadgeProps {
  category: LinkCategory;
  /** Replaces the usual words, e.g. "Checking…" or "Rate limited". */
  label?: string;
  size?: BadgeProps['size'];
}

/** The link status of an Ops Manager org: Synced, Not synced, Not linked, Check failed, Not checked. */
export function LinkStatusBadge({ category, label, size = 'md' }: LinkStatusBadgeProps) {
  return (
    <Badge
      className={classes.badge}
      data-status={category}
      size={size}
      radius="sm"
      leftSection={
        <span aria-hidden="true" className={classes.symbol}>
          {SYMBOLS[category]}
        </span>
      }
    >
      {label ?? LINK_CATEGORY_LABELS[category]}
    </Badge>
  );
}
