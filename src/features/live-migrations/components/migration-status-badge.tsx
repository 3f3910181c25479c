import { Badge } from '@mantine/core';
import type { RegisteredMigration } from '#contract/live-migrations-contract';
import { phaseLabel } from '../lib/format';
import classes from './migration-status-badge.module.css';

const TONES: Record<string, string> = {
  Working: 'blue',
  'Cutting over': 'violet',
  Complete: 'teal',
  Failed: 'red',
  Expired: 'orange',
};

/** New, Working, Cutting over, Complete, Failed, Expired (the words are the state, not the colour). */
export function MigrationStatusBadge({ migration }: { migration: RegisteredMigration }) {
  const label = phaseLabel(migration);
  return (
    <Badge className={classes.badge} data-tone={TONES[label] ?? 'gray'} radius="sm">
      {label}
    </Badge>
  );
}
