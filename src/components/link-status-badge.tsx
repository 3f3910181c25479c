import { Badge, type BadgeProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { LINK_BADGE_LABELS, type LinkBadgeStatus } from '@/api/queries/link-status';
import classes from './link-status-badge.module.css';

// A shape beside the colour, so the state does not rest on colour alone. Drawn, not typed, so
// it adds nothing to the badge's text.
const SYMBOLS: Record<LinkBadgeStatus, ReactNode> = {
  SYNCED: <polyline points="2.5,6.5 5,9 9.5,3.5" />,
  NOT_SYNCED: (
    <>
      <path d="M9.5 6a3.5 3.5 0 1 1-1.1-2.6" />
      <polyline points="9,1.5 9,4 6.5,4" />
    </>
  ),
  NOT_LINKED: <line x1="2.5" y1="6" x2="9.5" y2="6" />,
  ERROR: (
    <>
      <line x1="6" y1="2" x2="6" y2="7" />
      <line x1="6" y1="9.5" x2="6" y2="10" />
    </>
  ),
  UNCHECKED: <circle cx="6" cy="6" r="3.5" strokeDasharray="2 1.6" />,
};

interface LinkStatusBadgeProps {
  status: LinkBadgeStatus;
  /** Replaces the usual words, e.g. "Checking…" or "Rate limited". */
  label?: string;
  size?: BadgeProps['size'];
  className?: string | undefined;
}

/** The link status of an Ops Manager org: Synced, Not synced, Not linked, Check failed, Not checked. */
export function LinkStatusBadge({ status, label, size = 'md', className }: LinkStatusBadgeProps) {
  return (
    <Badge
      className={className ? `${classes.badge} ${className}` : classes.badge}
      data-status={status}
      size={size}
      radius="sm"
      leftSection={
        <svg
          aria-hidden="true"
          className={classes.symbol}
          viewBox="0 0 12 12"
          fill="none"
          stroke="currentColor"
          strokeWidth={1.8}
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          {SYMBOLS[status]}
        </svg>
      }
    >
      {label ?? LINK_BADGE_LABELS[status]}
    </Badge>
  );
}
