import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStream, type StreamClient } from '../src/notifications/infrastructure/notification-stream-server.fixtures.js';
import { bearer, linkToken, login, mailTo, newPerson, registered } from './identity/identity-test-helpers.js';
import { startTestServer, type Client, type TestServer } from './support/test-server.js';
import { officeHours } from './support/write-side.js';
import { futureMonday } from './support/future-day.js';

const DAY = futureMonday();
const at = (hhmm: string) => `${DAY}T${hhmm}:00.000Z`;
const icalTime = (iso: string) => iso.replace(/\.000Z$/, 'Z');

interface CalendarEvent {
  method: string | null;
  uid: string;
  sequence: number;
  status: string;
  start: string;
  end: string;
}

function eventsOf(ics: string): CalendarEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const method = calendar.getFirstPropertyValue('method');
  return calendar.getAllSubcomponents('vevent').map((event) => ({
    method: method === null ? null : String(method),
    uid: String(event.getFirstPropertyValue('uid')),
    sequence: Number(event.getFirstPropertyValue('sequence')),
    status: String(event.getFirstPropertyValue('status')),
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    end: (event.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString(),
  }));
}

/** The iTIP part of an email (the text/calendar alternative). */
function invitationOf(mail: ParsedMail): CalendarEvent {
  const part = mail.attachments.find((a) => a.contentType === 'text/calendar');
  expect(part, `no text/calendar part in "${mail.subject}"`).toBeDefined();
  const [event] = eventsOf(part!.content.toString('utf8'));
  return event!;
}

/**
 * Issue 5 end to end, in the running product (API, relay, in-process bus, every consumer and
 * worker, a real SMTP server): one booking's create, change and staff cancellation reach its
 * booker live on the WebSocket, by email with an iTIP invitation, and in their ICS feed — and
 * the three agree on the UID and SEQUENCE at every step, so a calendar that saw any of them
 * updates the same entry. Nobody else hears a thing.
 */
describe('a booking told everywhere its booker looks: WebSocket, email invitation, ICS feed', () => {
  let server: TestServer;
  let admin: Client;
  let booker: Client;
  let person: ReturnType<typeof newPerson>;
  let accessToken: string;
  let spaceId: string;
  let feedUrl: string;
  let live: StreamClient;
  let outsider: StreamClient;

  const mailsTo = () => server.mail.messages.filter(mailTo(person.email)).filter((m) => m.attachments.some((a) => a.contentType === 'text/calendar'));
  async function nextInvitation(count: number): Promise<{ mail: ParsedMail; event: CalendarEvent }> {
    for (let attempt = 0; mailsTo().length < count; attempt++) {
      if (attempt === 600) throw new Error(`expected ${count} invitations to ${person.email}, got ${mailsTo().length}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const mail = mailsTo()[count - 1]!;
    return { mail, event: invitationOf(mail) };
  }
  /** The feed once its entry for `uid` has `sequence` (the feed consumer is asynchronous). */
  async function feedAt(uid: string, sequence: number): Promise<CalendarEvent> {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(feedUrl);
      expect(res.status).toBe(200);
      const event = eventsOf(await res.text()).find((e) => e.uid === uid);
      if (event && event.sequence >= sequence) return event;
      if (attempt === 600) throw new Error(`the feed never showed ${uid} at SEQUENCE ${sequence}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const notified = (kind: string, subjectId: string) => live.waitFor((m) => m.type === 'notification' && m.notification.kind === kind && m.notification.subjectId === subjectId);

  beforeAll(async () => {
    server = await startTestServer({ MAIL_FROM: 'Reserva <rooms@reserva.test>' }, { messaging: true });
    admin = server.as(randomUUID(), ['admin']);
    const site = await admin('POST', '/api/v1/sites', { body: { name: 'Lisbon HQ', address: 'Av. da Liberdade 1', city: 'Lisboa', latitude: 38.72, longitude: -9.14, timeZone: 'Europe/Lisbon', kind: 'office' } });
    spaceId = (await admin('POST', '/api/v1/spaces', { body: { siteId: site.body.id, name: 'Sala Tejo', kind: 'meeting_room', capacity: 8, policy: officeHours } })).body.id;

    person = newPerson('Ines', { locale: 'pt', timeZone: 'Europe/Lisbon', accountType: 'employee' });
    await registered(server, person);
    const verification = await server.mail.waitForMail(mailTo(person.email));
    expect((await server.anonymous('POST', '/api/v1/auth/verify-email', { body: { token: linkToken(verification, 'verify-email') } })).status).toBe(200);
    ({ accessToken } = await login(server, person.username, person.password));
    booker = (method, path, options = {}) => server.anonymous(method, path, { ...options, headers: { ...bearer(accessToken), ...options.headers } });

    const feed = await booker('POST', '/api/v1/calendar/feeds/me');
    expect(feed.status).toBe(201);
    feedUrl = feed.body.url;
    live = await connectStream(server.baseUrl, { accessToken });
    await live.waitFor((m) => m.type === 'ready');
    outsider = await connectStream(server.baseUrl, { accessToken: await server.tokenFor(randomUUID(), ['booker']) });
    await outsider.waitFor((m) => m.type === 'ready');
  });
  afterAll(async () => {
    await live?.close();
    await outsider?.close();
    await server?.close();
  });

  it('create, change and cancel agree across the socket, the invitations and the feed', async () => {
    const booked = await booker('POST', '/api/v1/bookings', { body: { spaceId, start: at('09:00'), end: at('10:00'), purpose: 'Planeamento', participants: 4 } });
    expect(booked.status).toBe(201);
    const bookingId = booked.body.id as string;
    const uid = `booking-${bookingId}@reserva`;

    // Created: confirmed on the socket, a REQUEST by email, the same entry in the feed.
    await notified('booking.confirmed', bookingId);
    const created = await nextInvitation(1);
    expect(created.event).toMatchObject({ method: 'REQUEST', uid, status: 'CONFIRMED', start: at('09:00'), end: at('10:00') });
    expect(created.mail.text).toContain('Sala Tejo');
    expect(await feedAt(uid, created.event.sequence)).toMatchObject({ method: null, uid, sequence: created.event.sequence, status: 'CONFIRMED', start: at('09:00') });

    // Moved by its booker: a higher SEQUENCE, the new times, everywhere.
    const moved = await booker('PATCH', `/api/v1/bookings/${bookingId}`, { body: { start: at('14:00'), end: at('15:30') }, headers: { 'If-Match': booked.headers.get('etag')! } });
    expect(moved.status).toBe(200);
    await notified('booking.changed', bookingId);
    const changed = await nextInvitation(2);
    expect(changed.event).toMatchObject({ method: 'REQUEST', uid, status: 'CONFIRMED', start: at('14:00'), end: at('15:30') });
    expect(changed.event.sequence).toBeGreaterThan(created.event.sequence);
    expect(await feedAt(uid, changed.event.sequence)).toMatchObject({ uid, sequence: changed.event.sequence, start: at('14:00'), end: at('15:30') });

    // Cancelled by staff: the booker hears who did it; a CANCEL; the feed keeps it, cancelled.
    const cancelled = await admin('POST', `/api/v1/bookings/${bookingId}/cancel`, { body: { reason: 'Fuga de água' } });
    expect(cancelled.status).toBe(200);
    const told = await notified('booking.cancelled', bookingId);
    expect(told).toMatchObject({ notification: { data: { actor: 'staff', reason: 'Fuga de água' } } });
    const cancel = await nextInvitation(3);
    expect(cancel.event).toMatchObject({ method: 'CANCEL', uid, status: 'CANCELLED' });
    expect(cancel.event.sequence).toBeGreaterThan(changed.event.sequence);
    expect(await feedAt(uid, cancel.event.sequence)).toMatchObject({ uid, sequence: cancel.event.sequence, status: 'CANCELLED' });

    // Each invitation went out once, and only to the booker.
    expect(mailsTo().map((m) => invitationOf(m).sequence)).toEqual([created.event.sequence, changed.event.sequence, cancel.event.sequence]);
    expect(server.mail.messages.filter((m) => m.attachments.some((a) => a.contentType === 'text/calendar' && a.content.toString('utf8').includes(uid))).length).toBe(3);
    expect(outsider.messages.filter((m) => m.type === 'notification')).toEqual([]);
  });
});
