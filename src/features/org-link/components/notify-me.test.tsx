// Notify me on the Organization page: off by default, asked for on click, remembered per org for
// the tab's session, one notification per status change seen while on, and plain words when the
// browser refuses or has no notifications.
import { act, screen, waitFor } from '@testing-library/react';
import { FIXTURE_IDS, fixtureName } from '../../../../mocks/db/fixtures';
import { opsManagerStore } from '../../../../mocks/db/opsmanager';
import { configureStore } from '../../../../mocks/db/store';
import { ORG_PAGE_SECTIONS } from '@/app/org-page-sections';
import { renderPage } from '@/testing/render';
import { notifyStorageKey } from '../hooks/use-notify-me';
import { OrgLinkPage } from './org-link-page';

/** A stand-in for the browser's Notification API: what was shown, and what the user answers. */
function fakeNotifications(initial: NotificationPermission, answer: NotificationPermission) {
  const shown: { title: string; body: string | undefined }[] = [];
  const asked = vi.fn();
  class FakeNotification {
    static permission: NotificationPermission = initial;
    static requestPermission = async () => {
      asked();
      FakeNotification.permission = answer;
      return answer;
    };
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, body: options?.body });
    }
  }
  vi.stubGlobal('Notification', FakeNotification);
  return { shown, asked };
}

function renderOrg(orgId: string) {
  return renderPage(
    <OrgLinkPage source="opsmanager" orgId={orgId} sections={ORG_PAGE_SECTIONS} />,
    { path: '/orgs/:source/:orgId', route: `/orgs/opsmanager/${orgId}` },
  );
}

const badge = () => screen.getByRole('status', { name: 'Link status' });
const button = () => screen.getByRole('button', { name: 'Notify me' });

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('Notify me', () => {
  it('is off by default and asks the browser only when clicked', async () => {
    const { asked } = fakeNotifications('default', 'granted');
    const id = FIXTURE_IDS.opsOrgSynced;
    const { user } = renderOrg(id);
    await waitFor(() => expect(badge()).toHaveTextContent('Synced'));
    expect(button()).toHaveAttribute('aria-pressed', 'false');
    expect(asked).not.toHaveBeenCalled();
    await user.click(button());
    expect(asked).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(button()).toHaveAttribute('aria-pressed', 'true'));
    expect(button()).toHaveAccessibleDescription(/^On: this tab shows a notification/);
    expect(sessionStorage.getItem(notifyStorageKey('opsmanager', id))).toBe('on');
    await user.click(button());
    expect(button()).toHaveAttribute('aria-pressed', 'false');
    expect(sessionStorage.getItem(notifyStorageKey('opsmanager', id))).toBeNull();
  });

  it('says so when the browser blocks notifications, or has none', async () => {
    fakeNotifications('denied', 'denied');
    const { user, unmount } = renderOrg(FIXTURE_IDS.opsOrgSynced);
    await user.click(await screen.findByRole('button', { name: 'Notify me' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Your browser blocks notifications from this site',
    );
    expect(button()).toHaveAttribute('aria-pressed', 'false');
    unmount();

    vi.stubGlobal('Notification', undefined);
    const view = renderOrg(FIXTURE_IDS.opsOrgSynced);
    await view.user.click(await screen.findByRole('button', { name: 'Notify me' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This browser cannot show notifications.',
    );
  });

  describe('on a fake clock', () => {
    beforeEach(() => {
      vi.useFakeTimers({
        shouldAdvanceTime: true,
        toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
      });
    });
    afterEach(() => vi.useRealTimers());

    it('shows one notification when the status changes while on (remembered from before)', async () => {
      const { shown } = fakeNotifications('granted', 'granted');
      const id = FIXTURE_IDS.opsOrgsUnlinked[7]!;
      // Turned on earlier in this tab's session: still on.
      sessionStorage.setItem(notifyStorageKey('opsmanager', id), 'on');
      configureStore({ linkSyncDelayMs: 2_000 });
      opsManagerStore.createLink(id);
      renderOrg(id);
      await waitFor(() => expect(badge()).toHaveTextContent('Not synced'));
      expect(button()).toHaveAttribute('aria-pressed', 'true');
      expect(shown).toEqual([]);
      await act(() => vi.advanceTimersByTimeAsync(3_000));
      await waitFor(() => expect(badge()).toHaveTextContent('Synced'));
      await waitFor(() => expect(shown).toHaveLength(1));
      expect(shown[0]).toEqual({
        title: `${fixtureName(id)}: Synced`,
        body: `The link to Atlas was Not synced. Ops Manager organization ${id}.`,
      });
      // No change, no news.
      await act(() => vi.advanceTimersByTimeAsync(6_000));
      expect(shown).toHaveLength(1);
    });
  });
});
