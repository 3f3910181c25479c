import type { SeenVia } from '#contract/fleet-contract';

/** How the dashboard server saw a status change, in words (an org's history). */
export const SEEN_WORDS: Record<SeenVia, string> = {
  sweep: "seen by the server's check",
  poll: "seen by a viewer's check",
  mutation: 'a change made here',
};
