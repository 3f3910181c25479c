// The lag chart's text summary: what a screen reader (and everyone) reads instead of the line.
import type { LagSample } from '#contract/live-migrations-contract';
import { formatClock } from '@/lib/relative-time';
import { formatDuration, formatLag } from './format';

export function lagSummary(samples: readonly LagSample[]): string {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last) return 'No lag has been measured yet.';
  if (samples.length === 1) return `Lag ${formatLag(first.lagSeconds)}, measured once.`;
  const peak = samples.reduce((a, b) => (b.lagSeconds > a.lagSeconds ? b : a));
  const span = Date.parse(last.at) - Date.parse(first.at);
  const trend =
    last.lagSeconds < first.lagSeconds
      ? 'fell'
      : last.lagSeconds > first.lagSeconds
        ? 'rose'
        : 'stayed';
  const peakText =
    peak !== first && peak !== last
      ? `; highest ${formatLag(peak.lagSeconds)} at ${formatClock(Date.parse(peak.at))}`
      : '';
  return `Lag ${trend} from ${formatLag(first.lagSeconds)} to ${formatLag(last.lagSeconds)} over ${formatDuration(span)} (${samples.length} samples)${peakText}.`;
}
