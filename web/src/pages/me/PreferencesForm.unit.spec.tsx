// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProblem } from '../../api/api-problem.js';
import type { NotificationPreferencesChange } from '../../api/types.js';
import { renderWithApp } from '../../testing/render-with-app.js';
import type { VersionedPreferences } from './me-api.js';
import { PreferencesForm, type SavePreferences } from './PreferencesForm.js';

afterEach(cleanup);

const on = { in_app: true, email: true, push: true };
const quiet = { in_app: true, email: false, push: false };
const inboxAndEmail = { in_app: true, email: true, push: false };

/** What GET /notifications/preferences answers for someone who never changed anything. */
const read = (): VersionedPreferences => ({
  etag: '"7"',
  view: {
    preferences: {
      'booking.requested': quiet,
      'booking.pending_approval': on,
      'booking.approved': on,
      'booking.rejected': on,
      'booking.confirmed': inboxAndEmail,
      'booking.changed': inboxAndEmail,
      'booking.change_rejected': on,
      'booking.cancelled': on,
      'booking.reminder': on,
      'booking.missed_checkin': inboxAndEmail,
      'booking.disrupted': on,
      'account.email_verified': quiet,
      'account.password_reset_requested': quiet,
      'account.password_changed': inboxAndEmail,
      'account.new_login': inboxAndEmail,
      'account.two_factor_changed': inboxAndEmail,
    },
    notificationSettings: { quietHours: { start: '22:00', end: '07:00' }, reminderLeadMinutes: 30 },
    urgentKinds: ['booking.cancelled', 'booking.reminder'],
    mandatory: [
      { kind: 'account.password_changed', channel: 'email' },
      { kind: 'account.two_factor_changed', channel: 'email' },
    ],
  },
});

/** A save port that records what it was sent and answers as the server would (new revision). */
function fakeSave(answer?: (change: NotificationPreferencesChange) => Promise<VersionedPreferences>) {
  const calls: { change: NotificationPreferencesChange; etag: string }[] = [];
  const save: SavePreferences = async (change, etag) => {
    calls.push({ change, etag });
    if (answer) return answer(change);
    const before = read();
    return { etag: '"8"', view: { ...before.view, preferences: change.preferences as VersionedPreferences['view']['preferences'] } };
  };
  return { save, calls };
}

describe('notification preferences matrix', () => {
  it('is a table with a header for every channel and every kind', () => {
    renderWithApp(<PreferencesForm initial={read()} save={fakeSave().save} onStale={() => {}} />);
    // Plain DOM queries: role queries over 48 checkboxes are slow in jsdom, and scope says the same.
    const table = document.querySelector('table')!;
    expect(table.querySelector('caption')!.textContent).toBe('Channels for each kind of notification');
    expect([...table.querySelectorAll('th[scope=col], th[scope=colgroup]')].map((h) => h.textContent)).toEqual(['Notification', 'In the app', 'Email', 'Push', 'Bookings', 'Account and security']);
    expect(table.querySelectorAll('th[scope=row]')).toHaveLength(16);
    expect(table.querySelectorAll('input[type=checkbox][aria-label]')).toHaveLength(48);
  });

  it('sends the whole matrix with the toggled cell changed, the settings as read, and If-Match of what it read', async () => {
    const user = userEvent.setup();
    const { save, calls } = fakeSave();
    renderWithApp(<PreferencesForm initial={read()} save={save} onStale={() => {}} />);
    const saveButton = screen.getByText('Save preferences');
    expect((saveButton as HTMLButtonElement).disabled).toBe(true);

    await user.click(screen.getByLabelText('Booking confirmed: Push'));
    await user.click(screen.getByLabelText('Booking request received: In the app'));
    expect(document.querySelector('[role=status]')!.textContent).toBe('You have unsaved changes.');
    await user.click(saveButton);

    await waitFor(() => expect(calls).toHaveLength(1));
    const expected = read().view.preferences;
    expected['booking.confirmed'] = { in_app: true, email: true, push: true };
    expected['booking.requested'] = { in_app: false, email: false, push: false };
    expect(calls[0]).toEqual({ change: { preferences: expected, notificationSettings: read().view.notificationSettings }, etag: '"7"' });
    await screen.findByText('Preferences saved.');

    // The next save builds on the answer, with its ETag.
    await user.click(screen.getByLabelText('Booking confirmed: Push'));
    await user.click(saveButton);
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.etag).toBe('"8"');
    expect((calls[1]!.change.preferences as typeof expected)['booking.confirmed']).toEqual({ in_app: true, email: true, push: false });
  });

  it('shows security notices by email as always on: checked and disabled', () => {
    renderWithApp(<PreferencesForm initial={read()} save={fakeSave().save} onStale={() => {}} />);
    const locked = screen.getByLabelText('Password changed: Email') as HTMLInputElement;
    expect([locked.checked, locked.disabled]).toEqual([true, true]);
    expect(document.getElementById(locked.getAttribute('aria-describedby')!)!.textContent).toContain('always go out by email');
    const free = screen.getByLabelText('Password changed: Push') as HTMLInputElement;
    expect([free.checked, free.disabled]).toEqual([false, false]);
  });

  it('hands a 412 (changed elsewhere) to the page to reload instead of showing an error', async () => {
    const user = userEvent.setup();
    let stale = 0;
    const { save } = fakeSave(async () => {
      throw new ApiProblem({ type: 'urn:reserva:problem:precondition-failed', title: 'Precondition failed', status: 412, detail: '', instance: '/x' });
    });
    renderWithApp(<PreferencesForm initial={read()} save={save} onStale={() => stale++} />);
    await user.click(screen.getByLabelText('Booking approved: Email'));
    await user.click(screen.getByText('Save preferences'));
    await waitFor(() => expect(stale).toBe(1));
    expect(document.querySelector('[role=alert]')).toBeNull();
  });
});
