import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../../test/support/test-server.js';
import { officeHours } from '../../../test/support/write-side.js';
import { futureMonday } from '../../../test/support/future-day.js';

const DAY = futureMonday();
const at = (hhmm: string) => `${DAY}T${hhmm}:00.000Z`;

describe('notifications in the running product: HTTP command → relay → in-process bus → consumer → inbox API', () => {
  let server: TestServer;
  let admin: Client;
  let alice: Client;
  let bob: Client;
  let hotelier: Client;
  let elsewhere: Client;
  let siteId: string;
  let plainSpace: string;
  let approvalSpace: string;
  const hotelierId = randomUUID();

  const inbox = async (client: Client) => {
    const res = await client('GET', '/api/v1/notifications?limit=100');
    expect(res.status).toBe(200);
    return res.body.items as { kind: string; subjectId: string; data: Record<string, any> }[];
  };
  /** The inbox once `done` holds (the consumer is asynchronous); bounded by attempts, not time. */
  const inboxUntil = async (client: Client, done: (items: Awaited<ReturnType<typeof inbox>>) => boolean) => {
    for (let attempt = 0; ; attempt++) {
      const items = await inbox(client);
      if (done(items)) return items;
      if (attempt === 400) throw new Error(`the inbox never got there: ${JSON.stringify(items)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const withToken = (token: string): Client => (method, path, options = {}) => server.anonymous(method, path, { ...options, headers: { ...options.headers, Authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    server = await startTestServer({}, { messaging: true });
    admin = server.as(randomUUID(), ['admin']);
    alice = server.as(randomUUID(), ['booker']);
    bob = server.as(randomUUID(), ['booker']);
    const site = await admin('POST', '/api/v1/sites', { body: { name: 'Lisbon HQ', address: 'Av. da Liberdade 1', city: 'Lisboa', latitude: 38.72, longitude: -9.14, timeZone: 'UTC', kind: 'office' } });
    siteId = site.body.id;
    const other = await admin('POST', '/api/v1/sites', { body: { name: 'Porto', address: 'Rua 1', city: 'Porto', latitude: 41.1, longitude: -8.6, timeZone: 'UTC', kind: 'office' } });
    plainSpace = (await admin('POST', '/api/v1/spaces', { body: { siteId, name: 'Tejo', kind: 'meeting_room', capacity: 6, policy: officeHours } })).body.id;
    approvalSpace = (await admin('POST', '/api/v1/spaces', { body: { siteId, name: 'Atlântico', kind: 'meeting_room', capacity: 6, policy: { ...officeHours, approvalRequired: true } } })).body.id;
    hotelier = withToken(await server.tokenFor(hotelierId, ['hotelier'], [siteId]));
    elsewhere = withToken(await server.tokenFor(randomUUID(), ['hotelier'], [other.body.id]));
  });
  afterAll(() => server?.close());

  it('tells the booker of their confirmed booking, with names and an invitation, and nobody else', async () => {
    const booked = await alice('POST', '/api/v1/bookings', { body: { spaceId: plainSpace, start: at('09:00'), end: at('10:00'), purpose: 'Planning', participants: 2, resources: [] } });
    expect(booked.status).toBe(201);
    const items = await inboxUntil(alice, (list) => list.some((n) => n.kind === 'booking.confirmed'));
    expect(items.find((n) => n.kind === 'booking.confirmed')).toMatchObject({
      subjectId: booked.body.id,
      data: { actor: 'system', booking: { spaceName: 'Tejo', siteName: 'Lisbon HQ', start: at('09:00') }, invitation: { uid: `booking-${booked.body.id}@reserva`, method: 'REQUEST' } },
    });
    for (const outsider of [bob, hotelier]) expect((await inbox(outsider)).filter((n) => n.subjectId === booked.body.id)).toEqual([]);
  });

  it('asks the approver of the site, not an approver elsewhere nor another booker, and tells the booker the outcome', async () => {
    const booked = await alice('POST', '/api/v1/bookings', { body: { spaceId: approvalSpace, start: at('11:00'), end: at('12:00'), purpose: 'Offsite prep', participants: 2, resources: [] } });
    const bookingId = booked.body.id as string;
    const pending = await inboxUntil(hotelier, (list) => list.some((n) => n.subjectId === bookingId));
    expect(pending.filter((n) => n.subjectId === bookingId).map((n) => n.kind)).toEqual(['booking.pending_approval']);

    const approved = await hotelier('POST', `/api/v1/bookings/${bookingId}/approve`, { body: { comment: 'Go ahead' } });
    expect(approved.status).toBe(200);
    const mine = await inboxUntil(alice, (list) => list.some((n) => n.subjectId === bookingId && n.kind === 'booking.approved'));
    expect(mine.find((n) => n.kind === 'booking.approved')).toMatchObject({ data: { actor: 'approver', reason: 'Go ahead' } });

    for (const outsider of [elsewhere, bob]) expect((await inbox(outsider)).filter((n) => n.subjectId === bookingId)).toEqual([]);
  });
});
