// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Notification, NotificationData, NotificationKind } from '../../api/types.js';
import { LOCALES } from '../../i18n/define-messages.js';
import { translate } from '../../i18n/i18n.js';
import { renderWithApp } from '../../testing/render-with-app.js';
import { InboxItem } from './InboxItem.js';
import { describeDevice } from './notification-text.js';

afterEach(cleanup);

const booking = {
  bookingId: 'b-42',
  spaceId: 's-1',
  spaceName: 'Sala Tejo',
  siteId: 'site-1',
  siteName: 'Lisbon HQ',
  siteAddress: 'Av. da Liberdade 110',
  timeZone: 'Europe/Lisbon',
  start: '2030-07-01T08:00:00.000Z',
  end: '2030-07-01T09:30:00.000Z',
  purpose: 'Planning',
};
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

/** Every kind, with each variant its data can take; the record type fails the typecheck when a kind is added. */
const SAMPLES = {
  'booking.requested': [{ booking, actor: 'you' }, { booking, actor: 'staff' }],
  'booking.pending_approval': [{ booking, actor: 'booker' }],
  'booking.approved': [{ booking, actor: 'approver', reason: 'Enjoy the room' }],
  'booking.rejected': [{ booking, actor: 'approver', rejectedBecause: 'declined', reason: 'Board meeting' }, { booking, rejectedBecause: 'conflict' }, { booking, rejectedBecause: 'abandoned' }],
  'booking.confirmed': [{ booking, actor: 'system' }],
  'booking.changed': [{ booking, actor: 'staff', previous: { start: '2030-07-01T13:00:00.000Z', end: '2030-07-01T14:00:00.000Z' } }],
  'booking.change_rejected': [{ booking, rejectedBecause: 'conflict', requested: { start: '2030-07-02T13:00:00.000Z', end: '2030-07-02T14:00:00.000Z' } }, { booking }],
  'booking.cancelled': [{ booking, actor: 'staff', reason: 'Fire drill' }, { booking, actor: 'you' }],
  'booking.reminder': [{ booking, reminder: { leadMinutes: 15 } }, { booking }],
  'booking.missed_checkin': [{ booking }],
  'booking.disrupted': [
    { booking, disruption: { cause: 'blackout', start: '2030-07-01T07:00:00.000Z', end: '2030-07-01T12:00:00.000Z' }, reason: 'Painting' },
    { booking, disruption: { cause: 'resource_retired', resourceName: 'Projector 3' } },
    { booking, disruption: { cause: 'resource_retired', resourceName: null } },
  ],
  'account.email_verified': [{}],
  'account.password_reset_requested': [{}],
  'account.password_changed': [{ passwordChangedVia: 'change' }, { passwordChangedVia: 'reset' }],
  'account.new_login': [{ login: { at: '2030-07-01T08:00:00.000Z', userAgent: UA } }, { login: { at: '2030-07-01T08:00:00.000Z', userAgent: null } }],
  'account.two_factor_changed': [{ twoFactor: 'enabled' }, { twoFactor: 'disabled' }],
} satisfies Record<NotificationKind, NotificationData[]>;

const cases = Object.entries(SAMPLES).flatMap(([kind, variants]) => variants.map((data, i) => ({ kind: kind as NotificationKind, data: data as NotificationData, name: `${kind} #${i + 1}` })));
const notification = (kind: NotificationKind, data: NotificationData, readAt: string | null = null): Notification => ({ id: 7, kind, subjectId: 'x', data, createdAt: '2030-06-30T10:00:00.000Z', readAt });

/** What the reader sees of one item, without the button. */
function renderedText(kind: NotificationKind, data: NotificationData, locale: (typeof LOCALES)[number]): string {
  renderWithApp(<InboxItem notification={notification(kind, data)} onMarkRead={() => {}} />, { locale });
  const item = screen.getByTestId('inbox-item');
  const text = item.querySelector('.me-inbox-body')!.textContent!;
  cleanup();
  return text;
}

describe('a notification in the inbox', () => {
  it.each(LOCALES)('reads as a sentence with its data filled in, for every kind and variant, in %s', (locale) => {
    for (const { kind, data, name } of cases) {
      const text = renderedText(kind, data, locale);
      expect(text.trim().length, name).toBeGreaterThan(20);
      expect(text, `${name}: a placeholder was left`).not.toMatch(/\{\w+\}/);
      expect(text, `${name}: a message key shows instead of words`).not.toMatch(/\bme\.[a-z_]+\./);
      if ('booking' in data) {
        expect(text, name).toContain('Sala Tejo');
        // 08:00Z is 9:00 in Lisbon (summer time): the viewer's zone, not UTC.
        expect(text, name).toMatch(/\b0?9:00/);
      }
      if ('reason' in data) expect(text, name).toContain(data.reason);
    }
  });

  it('speaks each language: the Portuguese and Russian sentences differ from the English ones', () => {
    for (const { kind, data, name } of cases) {
      const en = renderedText(kind, data, 'en');
      expect(renderedText(kind, data, 'pt'), name).not.toBe(en);
      expect(renderedText(kind, data, 'ru'), name).not.toBe(en);
    }
  });

  it('fills in the particulars each variant carries', () => {
    expect(renderedText('booking.reminder', SAMPLES['booking.reminder'][0], 'en')).toContain('starts in 15 minutes');
    expect(renderedText('booking.reminder', SAMPLES['booking.reminder'][0], 'ru')).toContain('через 15 минут');
    expect(renderedText('booking.disrupted', SAMPLES['booking.disrupted'][1], 'pt')).toContain('Projector 3');
    expect(renderedText('booking.rejected', SAMPLES['booking.rejected'][1], 'en')).toContain('no longer free');
    expect(renderedText('booking.changed', SAMPLES['booking.changed'][0], 'en')).toMatch(/changed by staff.*Before: .*(15:00|3:00\sPM)/s);
    expect(renderedText('booking.cancelled', SAMPLES['booking.cancelled'][1], 'pt')).toContain('foi cancelada por si');
    expect(renderedText('account.new_login', SAMPLES['account.new_login'][0], 'en')).toContain('from Firefox on Linux');
    expect(renderedText('account.new_login', SAMPLES['account.new_login'][1], 'ru')).toContain('неизвестный браузер');
    expect(renderedText('account.two_factor_changed', SAMPLES['account.two_factor_changed'][1], 'pt')).toContain('desativada');
    expect(renderedText('booking.confirmed', SAMPLES['booking.confirmed'][0], 'ru')).toContain('«Sala Tejo»');
  });

  it('names a space not known yet in words, not as a blank', () => {
    const text = renderedText('booking.confirmed', { booking: { ...booking, spaceName: null } }, 'en');
    expect(text).toContain('The booking of a space (');
  });

  it('links to its booking, or to the account settings, and offers "Mark read" only while unread', () => {
    const marked: number[] = [];
    renderWithApp(<InboxItem notification={notification('booking.confirmed', { booking })} onMarkRead={(n) => marked.push(n.id)} />);
    expect(screen.getByRole('link', { name: 'Open the booking' }).getAttribute('href')).toBe('/bookings/b-42');
    screen.getByRole('button', { name: 'Mark read' }).click();
    expect(marked).toEqual([7]);
    cleanup();
    renderWithApp(<InboxItem notification={notification('account.password_changed', { passwordChangedVia: 'change' }, '2030-06-30T11:00:00.000Z')} onMarkRead={() => {}} />);
    expect(screen.getByRole('link', { name: 'Open your settings' }).getAttribute('href')).toBe('/me/security');
    expect(screen.queryByRole('button', { name: 'Mark read' })).toBeNull();
  });

  it('tells a browser from its user agent, and keeps an unknown one short', () => {
    const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('en', key, vars);
    expect(describeDevice('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1', t)).toBe('Safari on iOS');
    expect(describeDevice('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0', t)).toBe('Edge on Windows');
    expect(describeDevice('curl/8.0', t)).toBe('curl/8.0');
    expect(describeDevice('x'.repeat(100), t)).toHaveLength(60);
  });
});
