import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeHours } from '../../../test/support/write-side.js';
import { futureMonday } from '../../../test/support/future-day.js';
import { startTestServer, type Client, type TestServer } from '../../../test/support/test-server.js';

const DAY = futureMonday();
const at = (hhmm: string) => `${DAY}T${hhmm}:00.000Z`;
const justBefore = (iso: string) => new Date(Date.parse(iso) - 1).toISOString();

interface Entry {
  type: string;
  streamId: string;
  occurredAt: string;
  recordedAt: string;
}

/**
 * Valid time vs system time, as npm start runs it (relay → in-process bus → audit consumer): a
 * booking made for 10:00–11:00, moved to 14:00–15:00 at system time S1 and cancelled at S2; a
 * blackout 16:00–17:00 on the same space.
 */
describe('who held a space at an instant, as the system knew it at another', () => {
  let server: TestServer;
  let auditor: Client;
  let booker: Client;
  let spaceId: string;
  let bookingId: string;
  let blackoutId: string;
  /** The booking's events as the audit log recorded them. */
  let entries: Entry[];
  const recorded = (type: string) => entries.find((e) => e.type === type)!.recordedAt;

  const holders = (query: string) => auditor('GET', `/api/v1/audit/spaces/${spaceId}/holders?${query}`);
  /** [kind, id, start] of each holder at `t` (valid time) as of `asOf` (system time; absent: now). */
  async function heldAt(t: string, asOf?: string): Promise<[string, string, string][]> {
    const res = await holders(`at=${encodeURIComponent(t)}${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.holders.map((h: { kind: string; id: string; start: string }) => [h.kind, h.id, h.start]);
  }

  /** Polls the audit trail until `done` holds for what `query` finds. */
  async function untilAudited(query: string, done: (items: Entry[]) => boolean): Promise<Entry[]> {
    for (let i = 0; ; i++) {
      const res = await auditor('GET', `/api/v1/audit/entries?${query}&limit=200`);
      expect(res.status).toBe(200);
      if (done(res.body.items)) return res.body.items;
      if (i === 200) throw new Error(`the audit log never caught up with ${query}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    server = await startTestServer({}, { messaging: true });
    const admin = server.as(randomUUID(), ['admin']);
    booker = server.as(randomUUID(), ['booker']);
    auditor = server.as(randomUUID(), ['auditor']);
    const site = await admin('POST', '/api/v1/sites', { body: { name: 'Harpa', address: 'Austurbakki 2', city: 'Reykjavík', latitude: 64.15, longitude: -21.93, timeZone: 'Atlantic/Reykjavik', kind: 'office' } });
    spaceId = (await admin('POST', '/api/v1/spaces', { body: { siteId: site.body.id, name: 'Kaldalón', kind: 'meeting_room', capacity: 6, policy: { ...officeHours, bufferMinutes: 15 } } })).body.id;
    const booked = await booker('POST', '/api/v1/bookings', { body: { spaceId, start: at('10:00'), end: at('11:00'), purpose: 'Board', participants: 2, resources: [] } });
    expect(booked.status).toBe(201);
    bookingId = booked.body.id;
    expect((await booker('PATCH', `/api/v1/bookings/${bookingId}`, { body: { start: at('14:00'), end: at('15:00') } })).status).toBe(200);
    expect((await booker('POST', `/api/v1/bookings/${bookingId}/cancel`, { body: { reason: 'postponed' } })).status).toBe(200);
    const blackout = await admin('POST', '/api/v1/blackouts', { body: { target: { kind: 'space', spaceId }, start: at('16:00'), end: at('17:00'), reason: 'painting' } });
    expect(blackout.status, JSON.stringify(blackout.body)).toBe(201);
    blackoutId = blackout.body.id;
    entries = (await untilAudited(`bookingId=${bookingId}`, (items) => items.some((e) => e.type === 'BookingCancelled'))).filter((e) => e.streamId === `booking-${bookingId}`);
    await untilAudited(`eventType=BlackoutDeclared`, (items) => items.length > 0);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('shows the booking at 10:30 as known before the move (S1), where it was', async () => {
    const S1 = recorded('BookingChanged');
    expect(await heldAt(at('10:30'), justBefore(S1))).toEqual([['booking', bookingId, at('10:00')]]);
    expect(await heldAt(at('14:30'), justBefore(S1))).toEqual([]);
    const res = await holders(`at=${at('10:30')}&asOf=${justBefore(S1)}`);
    expect(res.body).toMatchObject({ spaceId, at: at('10:30'), asOf: justBefore(S1) });
    expect(res.body.holders[0]).toMatchObject({ kind: 'booking', status: 'confirmed', end: at('11:00'), holdUntil: at('11:15'), purpose: 'Board' });
    expect(Date.parse(res.body.holders[0].recordedAt)).toBeLessThan(Date.parse(S1));
  });

  it('as known from S1 (inclusive) to just before the cancellation (S2): nobody at 10:30, the booking at 14:30', async () => {
    const S1 = recorded('BookingChanged');
    const S2 = recorded('BookingCancelled');
    expect(Date.parse(S1)).toBeLessThan(Date.parse(S2));
    for (const asOf of [S1, justBefore(S2)]) {
      expect(await heldAt(at('10:30'), asOf), asOf).toEqual([]);
      expect(await heldAt(at('14:30'), asOf), asOf).toEqual([['booking', bookingId, at('14:00')]]);
    }
  });

  it('as known from S2, and now: nobody holds either slot', async () => {
    const S2 = recorded('BookingCancelled');
    for (const asOf of [S2, undefined]) {
      expect(await heldAt(at('10:30'), asOf)).toEqual([]);
      expect(await heldAt(at('14:30'), asOf)).toEqual([]);
    }
    expect((await holders(`at=${at('14:30')}`)).body.asOf).toBeNull();
  });

  it('takes intervals as half-open: start included, end and buffer excluded', async () => {
    const S1 = recorded('BookingChanged');
    expect(await heldAt(at('14:00'), S1)).toEqual([['booking', bookingId, at('14:00')]]);
    expect(await heldAt(justBefore(at('14:00')), S1)).toEqual([]);
    expect(await heldAt(justBefore(at('15:00')), S1)).toEqual([['booking', bookingId, at('14:00')]]);
    expect(await heldAt(at('15:00'), S1)).toEqual([]);
    expect(await heldAt(at('15:10'), S1)).toEqual([]);
    expect(await heldAt(at('10:00'), justBefore(S1))).toEqual([['booking', bookingId, at('10:00')]]);
    expect(await heldAt(at('11:00'), justBefore(S1))).toEqual([]);
  });

  it('shows a blackout as a holder over its period', async () => {
    expect(await heldAt(at('16:00'))).toEqual([['blackout', blackoutId, at('16:00')]]);
    expect((await holders(`at=${at('16:30')}`)).body.holders[0]).toMatchObject({ kind: 'blackout', status: 'declared', end: at('17:00'), reason: 'painting' });
    expect(await heldAt(at('17:00'))).toEqual([]);
    // Before the system knew of it, it held nothing.
    expect(await heldAt(at('16:30'), justBefore(recorded('BookingCancelled')))).toEqual([]);
  });

  it('answers 404 for a space unknown at asOf, 400 problem+json for bad instants, 403 without audit.read', async () => {
    expect((await holders(`at=${at('10:30')}&asOf=2000-01-01T00:00:00Z`)).status).toBe(404);
    expect((await auditor('GET', `/api/v1/audit/spaces/${randomUUID()}/holders?at=${at('10:30')}`)).status).toBe(404);
    for (const [query, field] of [['', 'at'], ['at=tomorrow', 'at'], [`at=${at('10:30')}&asOf=now`, 'asOf']]) {
      const res = await holders(query);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field), query).toContain(field);
    }
    expect((await auditor('GET', `/api/v1/audit/spaces/not-a-uuid/holders?at=${at('10:30')}`)).status).toBe(400);
    expect((await booker('GET', `/api/v1/audit/spaces/${spaceId}/holders?at=${at('10:30')}`)).status).toBe(403);
  });

  it('documents which time is which in a valid OpenAPI document', async () => {
    const doc = await (await fetch(`${server.baseUrl}/api/openapi.json`)).json();
    expect(await new Validator().validate(structuredClone(doc))).toMatchObject({ valid: true });
    const op = doc.paths['/api/v1/audit/spaces/{spaceId}/holders'].get;
    expect(op).toMatchObject({ operationId: 'getSpaceHolders', 'x-permissions': ['audit.read'], 'x-permission-scope': 'global' });
    const described = (name: string) => op.parameters.find((p: { name: string }) => p.name === name).description as string;
    expect(described('at')).toMatch(/^Valid time/);
    expect(described('asOf')).toMatch(/^System time/);
    expect(doc.paths['/api/v1/bookings/changes'].get).toMatchObject({ operationId: 'listBookingChanges', 'x-permission-scope': 'site' });
  });

  it('says whether one booking held its space at a valid instant, as it stood at asOf', async () => {
    const cancelledAt = entries.find((e) => e.type === 'BookingCancelled')!.occurredAt;
    const asOf = (instant: string, validAt: string) => auditor('GET', `/api/v1/audit/bookings/${bookingId}?asOf=${instant}&validAt=${validAt}`);
    expect((await asOf(justBefore(cancelledAt), at('14:30'))).body).toMatchObject({ validTime: { at: at('14:30'), holdsSpace: true }, state: { status: 'confirmed', current: { start: at('14:00') } } });
    expect((await asOf(justBefore(cancelledAt), at('10:30'))).body.validTime).toEqual({ at: at('10:30'), holdsSpace: false });
    expect((await asOf(cancelledAt, at('14:30'))).body.validTime).toEqual({ at: at('14:30'), holdsSpace: false });
    const without = await auditor('GET', `/api/v1/audit/bookings/${bookingId}?asOf=${cancelledAt}`);
    expect(without.body).not.toHaveProperty('validTime');
    expect((await asOf(cancelledAt, 'later')).status).toBe(400);
  });
});
