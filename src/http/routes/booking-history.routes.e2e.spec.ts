import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context, officeHours } from '../../../test/support/write-side.js';
import { dayAfter, futureMonday } from '../../../test/support/future-day.js';
import { startTestServer, type Client, type TestServer } from '../../../test/support/test-server.js';
import type { BookingCommands } from '../../booking/application/booking-commands.js';
import { SERVICES } from '../../platform/container.js';

const DAY = futureMonday();
/** A Monday at least a week ago: bookings there are placed through the write side with a clock of their time. */
const PAST_DAY = dayAfter(DAY, -21);
const at = (hh: number, day = DAY) => `${day}T${String(hh).padStart(2, '0')}:00:00.000Z`;

describe('booking history: a person’s upcoming, past and cancelled bookings, and who changed what when', () => {
  let server: TestServer;
  let admin: Client;
  let alice: Client;
  let bob: Client;
  let staff: Client;
  let auditor: Client;
  let analyst: Client;
  /** A hotelier of site A only. */
  let hotelier: Client;
  const id = { alice: randomUUID(), bob: randomUUID(), staff: randomUUID(), hotelier: randomUUID() };
  const site = {} as Record<'a' | 'b', string>;
  const space = {} as Record<'a1' | 'approval' | 'b1', string>;
  const b = {} as Record<'planning' | 'review' | 'retro' | 'rejected' | 'pastDone' | 'pastEnded' | 'bobA' | 'bobB', string>;

  const created = async (res: Promise<{ status: number; body: any }>): Promise<string> => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  /** GET that waits for the read models to include every earlier write. */
  const get = (client: Client, path: string) => client('GET', path, { strong: true });
  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((x) => x.id);

  beforeAll(async () => {
    server = await startTestServer();
    admin = server.as(randomUUID(), ['admin']);
    alice = server.as(id.alice, ['booker']);
    bob = server.as(id.bob, ['booker']);
    staff = server.as(id.staff, ['staff']);
    auditor = server.as(randomUUID(), ['auditor']);
    analyst = server.as(randomUUID(), ['analyst']);
    const siteBody = (name: string) => ({ name, address: '1 Test Way', city: 'Reykjavík', latitude: 64.1, longitude: -21.9, timeZone: 'Atlantic/Reykjavik', kind: 'office' });
    site.a = await created(admin('POST', '/api/v1/sites', { body: siteBody('Harpa') }));
    site.b = await created(admin('POST', '/api/v1/sites', { body: siteBody('Perlan') }));
    const room = (siteId: string, name: string, policy = officeHours) => created(admin('POST', '/api/v1/spaces', { body: { siteId, name, kind: 'meeting_room', capacity: 8, policy } }));
    space.a1 = await room(site.a, 'Kaldalón');
    space.approval = await room(site.a, 'Norðurljós', { ...officeHours, approvalRequired: true });
    space.b1 = await room(site.b, 'Hvelfing');
    const hotelierToken = await server.tokenFor(id.hotelier, ['hotelier'], [site.a]);
    hotelier = (method, path, options = {}) => server.anonymous(method, path, { ...options, headers: { Authorization: `Bearer ${hotelierToken}`, ...options.headers } });

    const book = (client: Client, spaceId: string, start: string, end: string, purpose: string) =>
      created(client('POST', '/api/v1/bookings', { body: { spaceId, start, end, purpose, participants: 2, resources: [] } }));
    b.planning = await book(alice, space.a1, at(9), at(10), 'Quarterly PLANNING');
    b.review = await book(alice, space.b1, at(11), at(12), 'Design review');
    b.retro = await book(alice, space.a1, at(15), at(16), 'Retro');
    b.rejected = await book(alice, space.approval, at(10), at(11), 'Budget');
    b.bobA = await book(bob, space.a1, at(12), at(13), 'Bob’s sync');
    b.bobB = await book(bob, space.b1, at(9), at(10), 'Bob in B');
    // Alice moves her review, then staff change its participants; she cancels the retro; staff reject the budget.
    expect((await alice('PATCH', `/api/v1/bookings/${b.review}`, { body: { start: at(13), end: at(14) } })).status).toBe(200);
    expect((await staff('PATCH', `/api/v1/bookings/${b.review}`, { body: { participants: 5 } })).status).toBe(200);
    expect((await alice('POST', `/api/v1/bookings/${b.retro}/cancel`, { body: { reason: 'team away' } })).status).toBe(200);
    expect((await staff('POST', `/api/v1/bookings/${b.rejected}/reject`, { body: { comment: 'no budget' } })).status).toBe(200);

    // The past cannot be booked over HTTP: the real write side with a clock three weeks back.
    const commands = server.runtime.container.get<BookingCommands>(SERVICES.BookingCommands);
    const earlier = (hh: number, minutes = 0) => new Date(Date.parse(at(hh, PAST_DAY)) + minutes * 60_000);
    const past = (hh: number, purpose: string) =>
      commands.requestBooking({ spaceId: space.a1, start: at(hh, PAST_DAY), end: at(hh + 1, PAST_DAY), purpose, participants: 2, resources: [] }, context(id.alice, ['booker'], earlier(hh, -3 * 24 * 60)));
    b.pastDone = (await past(9, 'Kick-off')).bookingId;
    b.pastEnded = (await past(11, 'Planning follow-up')).bookingId;
    await commands.checkIn(b.pastDone, undefined, context(id.alice, ['booker'], earlier(9, -5)));
    await commands.completeBooking(b.pastDone, undefined, context(id.staff, ['staff'], earlier(10, 1)));
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('GET /api/v1/bookings?view=…', () => {
    it('shows a person their own upcoming (soonest first), past and cancelled or rejected (latest first) bookings', async () => {
      const upcoming = await get(alice, '/api/v1/bookings?view=upcoming');
      expect(upcoming.status).toBe(200);
      expect(ids(upcoming)).toEqual([b.planning, b.review]);
      expect(upcoming.body.items[1]).toMatchObject({ start: at(13), end: at(14), participants: 5, status: 'confirmed' });
      const past = await get(alice, '/api/v1/bookings?view=past');
      expect(ids(past)).toEqual([b.pastEnded, b.pastDone]);
      expect(past.body.items.map((x: { status: string }) => x.status)).toEqual(['confirmed', 'completed']);
      const cancelled = await get(alice, '/api/v1/bookings?view=cancelled');
      expect(ids(cancelled)).toEqual([b.retro, b.rejected]);
      expect(cancelled.body.items.map((x: { status: string }) => x.status)).toEqual(['cancelled', 'rejected']);
      // Without a view: all of them, by start.
      expect((await get(alice, '/api/v1/bookings')).body.total).toBe(6);
    });

    it('filters by space, site, status, period and text in the purpose, and pages', async () => {
      expect(ids(await get(alice, `/api/v1/bookings?view=upcoming&spaceId=${space.a1}`))).toEqual([b.planning]);
      expect(ids(await get(alice, `/api/v1/bookings?view=upcoming&siteId=${site.b}`))).toEqual([b.review]);
      expect(ids(await get(alice, '/api/v1/bookings?view=cancelled&status=rejected'))).toEqual([b.rejected]);
      expect(ids(await get(alice, `/api/v1/bookings?from=${at(9, PAST_DAY)}&to=${at(11, PAST_DAY)}`))).toEqual([b.pastDone]);
      expect(ids(await get(alice, '/api/v1/bookings?q=planning'))).toEqual([b.pastEnded, b.planning]);
      expect(ids(await get(alice, '/api/v1/bookings?view=past&q=PLANNING'))).toEqual([b.pastEnded]);
      expect(ids(await get(alice, '/api/v1/bookings?q=nothing%20like%20it'))).toEqual([]);
      const page = await get(alice, '/api/v1/bookings?view=upcoming&limit=1&offset=1');
      expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
      expect(ids(page)).toEqual([b.review]);
    });

    it("lets staff see anyone's history per person and per space; a person only their own", async () => {
      expect((await get(alice, `/api/v1/bookings?bookerId=${id.bob}`)).status).toBe(403);
      // Naming no one, Alice still sees only hers.
      expect(ids(await get(alice, `/api/v1/bookings?view=upcoming&spaceId=${space.a1}`))).not.toContain(b.bobA);
      expect(ids(await get(staff, `/api/v1/bookings?view=upcoming&bookerId=${id.bob}`))).toEqual([b.bobB, b.bobA]);
      expect(ids(await get(staff, `/api/v1/bookings?spaceId=${space.a1}`))).toEqual([b.pastDone, b.pastEnded, b.planning, b.bobA, b.retro]);
      expect(ids(await get(staff, `/api/v1/bookings?view=cancelled&spaceId=${space.a1}`))).toEqual([b.retro]);
    });

    it('limits a site-scoped hotelier to bookings on their site', async () => {
      expect(ids(await get(hotelier, `/api/v1/bookings?view=upcoming&bookerId=${id.bob}`))).toEqual([b.bobA]);
      expect(ids(await get(hotelier, `/api/v1/bookings?view=upcoming&siteId=${site.b}`))).toEqual([]);
      expect(ids(await get(hotelier, '/api/v1/bookings?view=upcoming'))).toEqual([b.planning, b.bobA]);
    });

    it('answers bad filters with 400 problem+json naming the field', async () => {
      for (const [query, field] of [['view=soon', 'view'], ['q=%20', 'q'], ['limit=0', 'limit'], ['from=yesterday', 'from']]) {
        const res = await alice('GET', `/api/v1/bookings?${query}`);
        expect(res.status, query).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.body.errors.map((e: { field: string }) => e.field), query).toContain(field);
      }
    });
  });

  describe('GET /api/v1/bookings/changes', () => {
    interface Change {
      bookingId: string;
      type: string;
      actor: { id: string; kind: string; displayName?: string | null };
      occurredAt: string;
      previousStatus: string | null;
      status: string;
      details: Record<string, any>;
    }
    const changes = async (client: Client, query = '') => {
      const res = await get(client, `/api/v1/bookings/changes${query ? `?${query}` : ''}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { items: Change[]; total: number; limit: number; offset: number };
    };

    it('tells a booker who changed their booking, what and when, newest first', async () => {
      const feed = await changes(alice, `bookingId=${b.review}`);
      expect(feed.items.map((c) => [c.type, c.actor.id])).toEqual([
        ['BookingChanged', id.staff],
        ['BookingChangeRequested', id.staff],
        ['BookingChanged', id.alice],
        ['BookingChangeRequested', id.alice],
        ['BookingConfirmed', id.alice],
        ['BookingRequested', id.alice],
      ]);
      const [byStaff, , moved] = feed.items;
      expect(moved!.details.changes).toEqual({ start: { from: at(11), to: at(13) }, end: { from: at(12), to: at(14) } });
      expect(byStaff).toMatchObject({ bookingId: b.review, actor: { id: id.staff, kind: 'user' }, previousStatus: 'confirmed', status: 'confirmed', details: { changes: { participants: { from: 2, to: 5 } } } });
      expect(byStaff!.actor).not.toHaveProperty('displayName');
      const times = feed.items.map((c) => Date.parse(c.occurredAt));
      expect(times).toEqual([...times].sort((x, y) => y - x));
      const cancelled = (await changes(alice, `bookingId=${b.retro}&type=BookingCancelled`)).items;
      expect(cancelled).toMatchObject([{ previousStatus: 'confirmed', status: 'cancelled', actor: { id: id.alice }, details: { reason: 'team away' } }]);
    });

    it("shows a person only their own bookings' changes, and refuses naming someone else", async () => {
      const mine = await changes(alice, 'limit=200');
      expect(new Set(mine.items.map((c) => c.bookingId))).toEqual(new Set([b.planning, b.review, b.retro, b.rejected, b.pastDone, b.pastEnded]));
      // Changes others made to her bookings are hers to see.
      expect(mine.items.filter((c) => c.actor.id === id.staff).map((c) => c.type).sort()).toEqual(['BookingChangeRequested', 'BookingChanged', 'BookingCompleted', 'BookingRejected']);
      expect((await get(alice, `/api/v1/bookings/changes?bookerId=${id.bob}`)).status).toBe(403);
      expect((await changes(alice, `spaceId=${space.b1}&type=BookingRequested`)).items.map((c) => c.bookingId)).toEqual([b.review]);
    });

    it("lets staff follow anyone's changes per person, space, actor, type and period, paginated", async () => {
      expect(new Set((await changes(staff, `bookerId=${id.bob}`)).items.map((c) => c.bookingId))).toEqual(new Set([b.bobA, b.bobB]));
      const byStaff = await changes(staff, `actorId=${id.staff}`);
      expect(byStaff.items.map((c) => c.type).sort()).toEqual(['BookingChangeRequested', 'BookingChanged', 'BookingCompleted', 'BookingRejected']);
      expect((await changes(staff, `spaceId=${space.approval}&type=BookingRejected`)).items).toMatchObject([{ bookingId: b.rejected, actor: { id: id.staff }, details: { comment: 'no budget' } }]);
      // The completion happened (occurredAt) three weeks back: a window around it finds it alone.
      const windowed = await changes(staff, `from=${at(10, PAST_DAY)}&to=${at(11, PAST_DAY)}`);
      expect(windowed.items.map((c) => [c.bookingId, c.type])).toEqual([[b.pastDone, 'BookingCompleted']]);
      const all = await changes(staff, 'limit=200');
      const page = await changes(staff, 'limit=3&offset=2');
      expect(page).toMatchObject({ total: all.total, limit: 3, offset: 2 });
      expect(page.items).toEqual(all.items.slice(2, 5));
    });

    it('joins display names for callers who may read people', async () => {
      const feed = await changes(auditor, `bookingId=${b.review}&actorId=${id.staff}`);
      expect(feed.items).toHaveLength(2);
      for (const c of feed.items) expect(c.actor.displayName).toMatch(/^Test u/);
    });

    it('limits a site-scoped hotelier to the changes of bookings on their site', async () => {
      expect(new Set((await changes(hotelier, `bookerId=${id.bob}`)).items.map((c) => c.bookingId))).toEqual(new Set([b.bobA]));
      expect((await changes(hotelier, `siteId=${site.b}`)).total).toBe(0);
    });

    it('refuses callers without a booking permission, and bad filters with 400 problem+json', async () => {
      expect((await get(analyst, '/api/v1/bookings/changes')).status).toBe(403);
      expect((await server.anonymous('GET', '/api/v1/bookings/changes')).status).toBe(401);
      for (const [query, field] of [['type=BookingExploded', 'type'], ['from=soon', 'from'], [`from=${at(12)}&to=${at(11)}`, 'to'], ['bookingId=42', 'bookingId'], ['colour=red', 'colour']]) {
        const res = await alice('GET', `/api/v1/bookings/changes?${query}`);
        expect(res.status, query).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(JSON.stringify(res.body.errors ?? res.body), query).toContain(field);
      }
    });

    it("keeps one booking's history from those who may not see it (404)", async () => {
      expect((await get(bob, `/api/v1/bookings/${b.review}/history`)).status).toBe(404);
      expect((await get(hotelier, `/api/v1/bookings/${b.review}/history`)).status).toBe(404);
      expect((await get(staff, `/api/v1/bookings/${b.review}/history`)).status).toBe(200);
    });
  });
});
