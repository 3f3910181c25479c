// "Notify me": a browser notification when this org's link status changes while the tab is open.
// Off by default, per org, asked for on click (the browser's permission prompt comes then, never
// on page load); the choice is kept for the tab's session (sessionStorage).
import { useEffect, useRef, useState } from 'react';
import { LINK_BADGE_LABELS, type LinkObservation } from '@/api/queries/link-status';
import { UPSTREAM_LABELS, type SourceUpstream } from '#contract/route-table';

export const notifyStorageKey = (source: SourceUpstream, orgId: string) =>
  `orglink.notify:${source}:${orgId}`;

function readStored(key: string): boolean {
  try {
    return sessionStorage.getItem(key) === 'on';
  } catch {
    return false;
  }
}

function store(key: string, on: boolean): void {
  try {
    if (on) sessionStorage.setItem(key, 'on');
    else sessionStorage.removeItem(key);
  } catch {
    // Storage off: the choice lasts as long as the page.
  }
}

/** What the browser allows: no Notification API at all, or its permission. */
function support(): 'unsupported' | NotificationPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export const NOTIFY_PROBLEMS = {
  unsupported: 'This browser cannot show notifications.',
  denied:
    "Your browser blocks notifications from this site: allow them in the site's settings (the icon beside the address), then try again.",
  refused: 'Your browser did not allow notifications, so none will be shown.',
  failed: 'This browser would not show a notification from this page.',
} as const;

export interface NotifyMe {
  on: boolean;
  /** Why notifications cannot be on, in plain words; null when nothing stands in the way. */
  problem: string | null;
  toggle: () => Promise<void>;
}

interface NotifyOrg {
  source: SourceUpstream;
  orgId: string;
  name: string;
}

/**
 * The Notify me switch, and the notifications themselves: one per status change seen while it is
 * on (a change seen before it was turned on is not announced).
 */
export function useNotifyMe(org: NotifyOrg, observation: LinkObservation | undefined): NotifyMe {
  const key = notifyStorageKey(org.source, org.orgId);
  const [on, setOn] = useState(() => readStored(key) && support() === 'granted');
  const [problem, setProblem] = useState<string | null>(() =>
    readStored(key) && support() === 'denied' ? NOTIFY_PROBLEMS.denied : null,
  );
  const set = (value: boolean) => {
    setOn(value);
    store(key, value);
  };
  const toggle = async () => {
    if (on) return set(false);
    let permission = support();
    if (permission === 'unsupported') return setProblem(NOTIFY_PROBLEMS.unsupported);
    if (permission === 'default') permission = await Notification.requestPermission();
    if (permission !== 'granted') {
      return setProblem(permission === 'denied' ? NOTIFY_PROBLEMS.denied : NOTIFY_PROBLEMS.refused);
    }
    setProblem(null);
    set(true);
  };

  // When it was turned on: changes seen before are not news.
  const since = useRef(0);
  useEffect(() => {
    since.current = on ? Date.now() : 0;
  }, [on]);
  const changedAt = observation?.changedAt ?? null;
  useEffect(() => {
    if (!on || changedAt === null || changedAt < since.current || !observation?.previous) return;
    try {
      new Notification(`${org.name}: ${LINK_BADGE_LABELS[observation.status]}`, {
        body: `The link to Atlas was ${LINK_BADGE_LABELS[observation.previous]}. ${UPSTREAM_LABELS[org.source]} organization ${org.orgId}.`,
        tag: `orglink-${org.source}-${org.orgId}`,
      });
    } catch {
      // Some browsers (Chrome on Android) show notifications only through a service worker:
      // say so (after this effect, as the browser's answer to it) and turn the switch off.
      queueMicrotask(() => {
        setProblem(NOTIFY_PROBLEMS.failed);
        set(false);
      });
    }
    // One notification per change: the change's time is what moves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [on, changedAt]);

  return { on, problem, toggle };
}
