import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeHours } from './support/write-side.js';
import { startTestServer, type Client, type TestServer } from './support/test-server.js';
import { futureMonday } from './support/future-day.js';


describe('the audit log as npm start runs it (relay → in-process bus → audit consumer)', () => {
  let server: TestServer;
  let admin: Client;
  let booker: Client;
  let auditor: Client;
  let bookingId: string;

  beforeAll(async () => {
    server = await startTestServer({}, { messaging: true });
    admin = server.as(randomUUID(), ['admin']);
    booker = server.as(randomUUID(), ['booker']);
    auditor = server.as(randomUUID(), ['auditor']);
    const site = await admin('POST', '/api/v1/sites', { body: { name: 'Harpa', address: 'Austurbakki 2', city: 'Reykjavík', latitude: 64.15, longitude: -21.93, timeZone: 'Atlantic/Reykjavik', kind: 'office' } });
    const space = await admin('POST', '/api/v1/spaces', { body: { siteId: site.body.id, name: 'Kaldalón', kind: 'meeting_room', capacity: 6, policy: officeHours } });
    const day = futureMonday();
    const booked = await booker('POST', '/api/v1/bookings', { body: { spaceId: space.body.id, start: `${day}T10:00:00Z`, end: `${day}T11:00:00Z`, purpose: 'Audit me', participants: 2, resources: [] } });
    expect(booked.status).toBe(201);
    bookingId = booked.body.id;
    expect((await booker('POST', `/api/v1/bookings/${bookingId}/cancel`, { body: { reason: 'changed plans' } })).status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("records the booking's events in the chained audit trail, verifiable, and replays its state as of any instant", async () => {
    let types: string[] = [];
    for (let i = 0; i < 100 && !types.includes('BookingCancelled'); i++) {
      const res = await auditor('GET', `/api/v1/audit/entries?bookingId=${bookingId}`);
      expect(res.status).toBe(200);
      types = res.body.items.map((e: { type: string }) => e.type);
      if (!types.includes('BookingCancelled')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(types).toEqual(expect.arrayContaining(['BookingRequested', 'BookingConfirmed', 'BookingCancelled']));
    const verification = await auditor('GET', '/api/v1/audit/verification');
    expect(verification.body).toMatchObject({ ok: true });
    const now = await auditor('GET', `/api/v1/audit/bookings/${bookingId}?asOf=${new Date().toISOString()}`);
    expect(now.body).toMatchObject({ bookingId, state: { status: 'cancelled' } });
    expect((await booker('GET', '/api/v1/audit/verification')).status).toBe(403);
  });
});
