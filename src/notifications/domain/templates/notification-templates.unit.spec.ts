import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { NotificationData } from '../notification-data.js';
import { NOTIFICATION_KINDS, type NotificationKind } from '../notification-kinds.js';
import { notificationInvitation } from './notification-invitation.js';
import { notificationEmail, notificationPush, notificationUrl, type TemplateRecipient } from './notification-templates.js';

const booking = {
  bookingId: '7d1f6c1e-3c55-4f1a-9f43-0a1b2c3d4e5f',
  spaceId: 'space-1',
  spaceName: 'Sala Tejo',
  siteId: 'site-1',
  siteName: 'Lisbon HQ',
  siteAddress: 'Rua Augusta 1',
  timeZone: 'Europe/Lisbon',
  start: '2030-05-07T08:00:00Z',
  end: '2030-05-07T09:30:00Z',
  purpose: 'Quarterly review',
};

const ana: TemplateRecipient = { displayName: 'Ana', locale: 'en-GB', timeZone: 'Europe/Lisbon' };
const publicUrl = 'https://reserva.test/';

function dataFor(kind: NotificationKind): NotificationData {
  if (kind.startsWith('account.')) return kind === 'account.new_login' ? { login: { at: '2030-05-07T08:00:00Z', userAgent: 'Firefox/140' } } : {};
  return {
    booking,
    actor: 'staff',
    reason: 'Maintenance',
    ...(kind === 'booking.disrupted' ? { disruption: { cause: 'blackout' as const, start: '2030-05-07T07:00:00Z', end: '2030-05-07T12:00:00Z' } } : {}),
  };
}

const render = (kind: NotificationKind, data: NotificationData, recipient: TemplateRecipient = ana) =>
  notificationEmail({ notification: { id: 42, kind, data }, recipient, publicUrl });

/** Intl puts narrow no-break and thin spaces in times; tests compare with plain spaces. */
const plain = (s: string) => s.replace(/[\u202f\u2009\u00a0]/g, ' ');

describe('notificationEmail', () => {
  it.each(NOTIFICATION_KINDS.flatMap((kind) => (['en', 'pt-PT', 'ru-RU'] as const).map((locale) => [kind, locale] as const)))(
    'writes %s in %s: subject, text and HTML, nothing left undefined',
    (kind, locale) => {
      const mail = render(kind, dataFor(kind), { ...ana, locale });
      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.subject).not.toMatch(/[\r\n]/);
      for (const part of [mail.subject, mail.text, mail.html]) {
        expect(part).not.toMatch(/undefined|null|\[object/);
      }
      expect(mail.html).toContain(`lang="${locale.slice(0, 2)}"`);
      expect(mail.text).toContain(kind.startsWith('booking.') ? `https://reserva.test/bookings/${booking.bookingId}` : 'https://reserva.test/account');
    },
  );

  it('picks the language from the locale: pt-BR reads Portuguese, an unknown one English', () => {
    const data = dataFor('booking.cancelled');
    expect(render('booking.cancelled', data, { ...ana, locale: 'pt-BR' }).subject).toBe('Reserva cancelada: Sala Tejo');
    expect(render('booking.cancelled', data, { ...ana, locale: 'ru' }).subject).toBe('Бронирование отменено: «Sala Tejo»');
    expect(render('booking.cancelled', data, { ...ana, locale: 'de-DE' }).subject).toBe('Booking cancelled: Sala Tejo');
    expect(render('booking.cancelled', data, { ...ana, locale: 'not a locale!' }).subject).toBe('Booking cancelled: Sala Tejo');
  });

  it("says who cancelled and why, and shows the time in the site's zone only when the reader is there", () => {
    const mail = render('booking.cancelled', dataFor('booking.cancelled'));
    expect(mail.text).toContain('The booking of Sala Tejo was cancelled by staff.');
    expect(plain(mail.text)).toContain('When: Tue, 7 May 2030, 09:00–10:30 (Europe/Lisbon)');
    expect(mail.text).not.toContain('Your time');
    expect(mail.text).toContain('Reason: Maintenance');
    expect(mail.text).toContain('Where: Lisbon HQ, Rua Augusta 1');
  });

  it("adds the reader's own time when their zone reads differently", () => {
    const mail = render('booking.confirmed', dataFor('booking.confirmed'), { ...ana, locale: 'ru', timeZone: 'Europe/Moscow' });
    expect(plain(mail.text)).toContain('Когда: вт, 7 мая 2030 г., 09:00–10:30 (Europe/Lisbon)');
    expect(plain(mail.text)).toContain('По вашему времени: вт, 7 мая 2030 г., 11:00–12:30 (Europe/Moscow)');
    expect(plain(mail.html)).toContain('11:00–12:30 (Europe/Moscow)');
  });

  it('uses the locale\'s own conventions for dates (pt-BR) and falls back to UTC for an unknown zone', () => {
    const mail = render('booking.confirmed', dataFor('booking.confirmed'), { ...ana, locale: 'pt-BR', timeZone: 'Mars/Olympus' });
    expect(plain(mail.text)).toContain('Quando: ter., 7 de mai. de 2030 09:00 – 10:30 (Europe/Lisbon)');
    expect(plain(mail.text)).toContain('Na sua hora: ter., 7 de mai. de 2030 08:00 – 09:30 (UTC)');
  });

  it('escapes everything people typed in the HTML and keeps it readable in the text', () => {
    const evil = '<img src=x onerror="alert(1)"> & co';
    const data: NotificationData = { booking: { ...booking, spaceName: `<b>${evil}</b>`, purpose: evil, siteName: evil }, reason: evil, actor: 'booker' };
    const mail = render('booking.cancelled', data, { ...ana, displayName: evil });
    expect(mail.html).not.toMatch(/<img|<b>/);
    expect(mail.html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co');
    expect(mail.text).toContain(`Reason: ${evil}`);
    expect(mail.text).toContain(`Purpose: ${evil}`);
    expect(mail.text.startsWith(`Hello ${evil},`)).toBe(true);
  });

  it('keeps a line break typed into a space name out of the subject', () => {
    const mail = render('booking.confirmed', { booking: { ...booking, spaceName: 'Room\r\nBcc: x@evil.test' } });
    expect(mail.subject).toBe('Booking confirmed: Room Bcc: x@evil.test');
  });

  it('reads well before the space is known, and shows what changed', () => {
    const data: NotificationData = { booking: { ...booking, spaceName: null, siteName: null, siteAddress: null }, previous: { start: '2030-05-06T08:00:00Z', end: '2030-05-06T09:00:00Z' }, actor: 'you' };
    const mail = render('booking.changed', data);
    expect(mail.subject).toBe('Booking changed: a space');
    expect(mail.text).toContain('was changed by you');
    expect(plain(mail.text)).toContain('Before: Mon, 6 May 2030, 09:00–10:00 (Europe/Lisbon)');
    expect(mail.text).not.toContain('Where:');
  });

  it('words rejections, reminders and account notices by what happened', () => {
    expect(render('booking.rejected', { booking, rejectedBecause: 'conflict' }).text).toContain('the time is no longer free');
    expect(render('booking.reminder', { booking, reminder: { leadMinutes: 120 } }).text).toContain('starts in 2 hours');
    expect(render('booking.reminder', { booking, reminder: { leadMinutes: 5 } }, { ...ana, locale: 'ru' }).text).toContain('начнётся через 5 минут');
    expect(render('account.two_factor_changed', { twoFactor: 'disabled' }, { ...ana, locale: 'pt' }).text).toContain('foi desativada');
    expect(render('account.password_changed', { passwordChangedVia: 'reset' }).text).toContain('reset with an emailed link');
    const login = render('account.new_login', { login: { at: '2030-05-07T08:00:00Z', userAgent: null } }, { ...ana, timeZone: 'Asia/Tokyo' });
    expect(login.text).toContain('an unknown browser');
    expect(plain(login.text)).toMatch(/Signed in: Tue, 7 May 2030, 17:00 (GMT\+9|JST)/);
  });

  it('names a retired resource', () => {
    const data: NotificationData = { booking, disruption: { cause: 'resource_retired', resourceName: 'Projector' } };
    expect(render('booking.disrupted', data).text).toContain('Projector is no longer available for the booking of Sala Tejo.');
    expect(render('booking.disrupted', data, { ...ana, locale: 'ru' }).text).toContain('Ресурс «Projector» больше недоступен');
  });
});

describe('notificationPush', () => {
  it('is a short title and body in the reader\'s language, with the link and the notification id', () => {
    const push = notificationPush({ notification: { id: 7, kind: 'booking.cancelled', data: dataFor('booking.cancelled') }, recipient: { ...ana, locale: 'pt' }, publicUrl });
    expect(push).toEqual({
      id: 7,
      kind: 'booking.cancelled',
      title: 'Reserva cancelada: Sala Tejo',
      body: 'A reserva de Sala Tejo foi cancelada pela equipa.',
      url: `https://reserva.test/bookings/${booking.bookingId}`,
    });
  });

  it('cuts a long body', () => {
    const push = notificationPush({ notification: { id: 7, kind: 'booking.confirmed', data: { booking: { ...booking, spaceName: 'x'.repeat(500) } } }, recipient: ana, publicUrl });
    expect(push.body.length).toBe(240);
    expect(push.body.endsWith('…')).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(push))).toBeLessThan(3000);
  });
});

describe('notificationUrl', () => {
  it('leads to the booking, or to the account', () => {
    expect(notificationUrl('https://r.test//', { data: { booking } })).toBe(`https://r.test/bookings/${booking.bookingId}`);
    expect(notificationUrl('https://r.test', { data: {} })).toBe('https://r.test/account');
  });
});

describe('notificationInvitation', () => {
  const parties = { organizer: { email: 'no-reply@reserva.test', name: 'Reserva' }, attendee: { email: 'ana@example.com', name: 'Ana' }, publicUrl, now: new Date('2030-05-01T10:00:00Z') };

  it('is an iTIP REQUEST with the booking UID and SEQUENCE, organizer and attendee', () => {
    const data: NotificationData = { booking, invitation: { uid: `booking-${booking.bookingId}@reserva`, sequence: 2, method: 'REQUEST', status: 'confirmed' } };
    const invitation = notificationInvitation({ notification: { recipientId: 'ana', data, createdAt: '2030-05-01T09:00:00Z' }, ...parties });
    expect(invitation?.method).toBe('REQUEST');
    const calendar = new ICAL.Component(ICAL.parse(invitation!.content));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = calendar.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('uid')).toBe(`booking-${booking.bookingId}@reserva`);
    expect(event.getFirstPropertyValue('sequence')).toBe(2);
    expect(event.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(event.getFirstPropertyValue('summary')).toBe('Quarterly review');
    expect(event.getFirstPropertyValue('location')).toBe('Sala Tejo, Lisbon HQ, Rua Augusta 1');
    expect(event.getFirstPropertyValue('organizer')).toBe('mailto:no-reply@reserva.test');
    expect(event.getFirstPropertyValue('attendee')).toBe('mailto:ana@example.com');
    expect(String(event.getFirstPropertyValue('dtstart'))).toBe('2030-05-07T08:00:00Z');
  });

  it('is a CANCEL for a cancelled booking, and nothing without invitation data', () => {
    const data: NotificationData = { booking, invitation: { uid: 'booking-x@reserva', sequence: 3, method: 'CANCEL', status: 'cancelled' } };
    const invitation = notificationInvitation({ notification: { recipientId: 'ana', data, createdAt: '2030-05-01T09:00:00Z' }, ...parties });
    expect(invitation?.method).toBe('CANCEL');
    expect(invitation?.content).toMatch(/METHOD:CANCEL\r\n/);
    expect(invitation?.content).toMatch(/STATUS:CANCELLED\r\n/);
    expect(notificationInvitation({ notification: { recipientId: 'ana', data: { booking }, createdAt: '2030-05-01T09:00:00Z' }, ...parties })).toBeNull();
  });
});
