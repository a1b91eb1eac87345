import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeHours } from '../../../test/support/write-side.js';
import { startTestServer, type Client, type TestServer } from '../../../test/support/test-server.js';
import { parseIcs } from '../../calendar/domain/ics-fixtures.js';
import { futureMonday } from '../../../test/support/future-day.js';

const PUBLIC_URL = 'https://reserva.example';

const DAY = futureMonday();
const at = (hhmm: string) => `${DAY}T${hhmm}:00.000Z`;
const icsTime = (iso: string) => iso.replace('.000Z', 'Z');
const PURPOSE = 'Планирование квартала: бюджет, найм и цели отдела продаж; всё обсуждаем здесь';

describe('calendar feeds API: secret ICS URLs over the real product (relay → in-process bus → feed consumer)', () => {
  let server: TestServer;
  let admin: Client;
  let alice: Client;
  let bob: Client;
  let viewer: Client;
  const aliceId = randomUUID();
  const bobId = randomUUID();
  let spaceId: string;
  let bookingId: string;
  let aliceFeed: string;

  /** GET a feed path as a calendar app would: no credentials of ours (a stray Authorization is ignored). */
  const fetchFeed = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.baseUrl}${path}`, { headers });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const pathOf = (url: string) => {
    expect(url.startsWith(`${PUBLIC_URL}/api/v1/calendar/feeds/`)).toBe(true);
    return url.slice(PUBLIC_URL.length);
  };
  /** Fetches the feed until `done` holds (the consumer is asynchronous); bounded by attempts, not time. */
  const feedUntil = async (path: string, done: (feed: ReturnType<typeof parseIcs>) => boolean) => {
    for (let attempt = 0; ; attempt++) {
      const res = await fetchFeed(path);
      expect(res.status).toBe(200);
      const feed = parseIcs(res.text);
      if (done(feed)) return { ...res, feed };
      if (attempt === 300) throw new Error(`feed never got there:\n${res.text}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const tokenRows = async () => Number((await server.pool.query<{ n: string }>('SELECT count(*) AS n FROM calendar.feed_tokens')).rows[0]!.n);
  const uid = (id: string) => `booking-${id}@reserva`;

  beforeAll(async () => {
    server = await startTestServer({ PUBLIC_URL }, { messaging: true });
    admin = server.as(randomUUID(), ['admin']);
    alice = server.as(aliceId, ['booker']);
    bob = server.as(bobId, ['booker']);
    viewer = server.as(randomUUID(), ['viewer']);
    const site = await admin('POST', '/api/v1/sites', { body: { name: 'Lisbon HQ', address: 'Av. da Liberdade 1', city: 'Lisboa', latitude: 38.72, longitude: -9.14, timeZone: 'UTC', kind: 'office' } });
    const space = await admin('POST', '/api/v1/spaces', { body: { siteId: site.body.id, name: 'Tejo', kind: 'meeting_room', capacity: 6, policy: officeHours } });
    expect(space.status).toBe(201);
    spaceId = space.body.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a person feed shows a booking, then its change (SEQUENCE up, new times), then its cancellation (kept, CANCELLED)', async () => {
    const issued = await alice('POST', '/api/v1/calendar/feeds/me');
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({ url: expect.stringMatching(/\/api\/v1\/calendar\/feeds\/[A-Za-z0-9_-]{43}\.ics$/), createdAt: expect.any(String) });
    aliceFeed = pathOf(issued.body.url);
    expect((await alice('GET', '/api/v1/calendar/feeds/me')).body).toEqual({ exists: true, createdAt: issued.body.createdAt });

    const booked = await alice('POST', '/api/v1/bookings', { body: { spaceId, start: at('09:00'), end: at('10:00'), purpose: PURPOSE, participants: 2, resources: [] } });
    expect(booked.status).toBe(201);
    bookingId = booked.body.id;

    const created = await feedUntil(aliceFeed, (f) => f.byUid(uid(bookingId))?.getFirstPropertyValue('status') === 'CONFIRMED');
    expect(created.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(created.headers.get('cache-control')).toBe('private, max-age=300');
    expect(created.text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const first = created.feed.byUid(uid(bookingId));
    expect(first.getFirstPropertyValue('summary')).toBe(PURPOSE);
    expect(first.getFirstPropertyValue('location')).toBe('Tejo, Lisbon HQ, Av. da Liberdade 1');
    expect(first.getFirstPropertyValue('dtstart')!.toString()).toBe(icsTime(at('09:00')));
    expect(first.getFirstPropertyValue('dtend')!.toString()).toBe(icsTime(at('10:00')));
    const seq1 = Number(first.getFirstPropertyValue('sequence'));

    const moved = await alice('PATCH', `/api/v1/bookings/${bookingId}`, { body: { start: at('11:00'), end: at('12:30') } });
    expect(moved.status).toBe(200);
    const changed = await feedUntil(aliceFeed, (f) => Number(f.byUid(uid(bookingId)).getFirstPropertyValue('sequence')) > seq1);
    const second = changed.feed.byUid(uid(bookingId));
    expect(second.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(second.getFirstPropertyValue('dtstart')!.toString()).toBe(icsTime(at('11:00')));
    expect(second.getFirstPropertyValue('dtend')!.toString()).toBe(icsTime(at('12:30')));
    expect(changed.headers.get('etag')).not.toBe(created.headers.get('etag'));
    // The old ETag no longer matches: the client gets the new body.
    expect((await fetchFeed(aliceFeed, { 'If-None-Match': created.headers.get('etag')! })).status).toBe(200);

    expect((await alice('POST', `/api/v1/bookings/${bookingId}/cancel`, { body: { reason: 'not needed' } })).status).toBe(200);
    const cancelled = await feedUntil(aliceFeed, (f) => f.byUid(uid(bookingId)).getFirstPropertyValue('status') === 'CANCELLED');
    const third = cancelled.feed.byUid(uid(bookingId));
    expect(Number(third.getFirstPropertyValue('sequence'))).toBe(Number(second.getFirstPropertyValue('sequence')) + 1);
    expect(third.getFirstPropertyValue('uid')).toBe(uid(bookingId));
    expect(third.getFirstPropertyValue('dtstart')!.toString()).toBe(icsTime(at('11:00')));
  });

  it('answers 304 to a matching If-None-Match with a strong ETag of the body, and ignores Authorization', async () => {
    const res = await fetchFeed(aliceFeed, { Authorization: 'Bearer not-a-token' });
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await fetchFeed(aliceFeed, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect((await fetchFeed(aliceFeed, { 'If-None-Match': `"other", W/${etag}` })).status).toBe(304);
  });

  it('a space feed shows every booking of the room, a private one as Busy only, and never who booked', async () => {
    const bobs = await bob('POST', '/api/v1/bookings', { body: { spaceId, start: at('14:00'), end: at('15:00'), purpose: 'Secret merger talk', participants: 2, resources: [], private: true } });
    expect(bobs.status).toBe(201);
    const open = await alice('POST', '/api/v1/bookings', { body: { spaceId, start: at('16:00'), end: at('17:00'), purpose: 'Open retro', participants: 2, resources: [] } });
    expect(open.status).toBe(201);

    const issued = await viewer('POST', `/api/v1/calendar/feeds/spaces/${spaceId}`);
    expect(issued.status).toBe(201);
    const path = pathOf(issued.body.url);
    const { feed, text } = await feedUntil(path, (f) => f.byUid(uid(bobs.body.id)) !== undefined && f.byUid(uid(open.body.id)) !== undefined);
    expect(feed.calendar.getFirstPropertyValue('x-wr-calname')).toBe('Reserva: Tejo, Lisbon HQ');
    const busy = feed.byUid(uid(bobs.body.id));
    expect(busy.getFirstPropertyValue('summary')).toBe('Busy');
    expect(busy.getFirstPropertyValue('class')).toBe('PRIVATE');
    expect(busy.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(busy.getFirstPropertyValue('dtstart')!.toString()).toBe(icsTime(at('14:00')));
    expect(text).not.toContain('Secret merger');
    expect(text).not.toContain(bobId);
    expect(text).not.toContain(aliceId);
    expect(feed.byUid(uid(open.body.id)).getFirstPropertyValue('summary')).toBe('Open retro');
    // Alice's cancelled booking stays in the room feed too, as cancelled.
    expect(feed.byUid(uid(bookingId)).getFirstPropertyValue('status')).toBe('CANCELLED');
    expect((await viewer('GET', `/api/v1/calendar/feeds/spaces/${spaceId}`)).body).toMatchObject({ exists: true });
  });

  it('regenerating a feed kills the old URL; an unknown or malformed token is a 404 problem that reveals nothing', async () => {
    const renewed = await alice('POST', '/api/v1/calendar/feeds/me');
    expect(renewed.status).toBe(201);
    const fresh = pathOf(renewed.body.url);
    expect(fresh).not.toBe(aliceFeed);
    const old = await fetchFeed(aliceFeed);
    expect(old.status).toBe(404);
    expect(old.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const oldToken = aliceFeed.split('/').pop()!.replace('.ics', '');
    expect(old.text).not.toContain(oldToken);
    expect(JSON.parse(old.text)).toMatchObject({ status: 404, instance: '/api/v1/calendar/feeds/{token}.ics' });
    expect((await fetchFeed(fresh)).status).toBe(200);
    aliceFeed = fresh;

    for (const bad of ['/api/v1/calendar/feeds/short.ics', `/api/v1/calendar/feeds/${'A'.repeat(43)}.ics`, `/api/v1/calendar/feeds/${'%27'.repeat(20)}.ics`]) {
      const res = await fetchFeed(bad);
      expect(res.status, bad).toBe(404);
      expect(res.headers.get('content-type'), bad).toMatch(/^application\/problem\+json/);
    }
    expect(await tokenRows()).toBe(2);
  });

  it('refuses bad input with a 4xx problem and stores nothing', async () => {
    // analyst holds catalog.read but not booking.read.own (provisioned first: that appends events).
    const analystId = randomUUID();
    await server.tokenFor(analystId, ['analyst']);
    const events = await server.eventCount();
    const rows = await tokenRows();
    const notUuid = await viewer('POST', '/api/v1/calendar/feeds/spaces/not-a-uuid');
    expect(notUuid.status).toBe(400);
    expect(notUuid.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const unknown = await viewer('POST', `/api/v1/calendar/feeds/spaces/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await server.anonymous('POST', '/api/v1/calendar/feeds/me')).status).toBe(401);
    const analyst = await server.as(analystId, ['analyst'])('POST', '/api/v1/calendar/feeds/me');
    expect(analyst.status).toBe(403);
    expect(await tokenRows()).toBe(rows);
    expect(await server.eventCount()).toBe(events);
  });

  it('nobody else can read or revoke your feed settings', async () => {
    expect((await bob('GET', '/api/v1/calendar/feeds/me')).body).toEqual({ exists: false, createdAt: null });
    expect((await bob('DELETE', '/api/v1/calendar/feeds/me')).status).toBe(404);
    expect((await bob('GET', `/api/v1/calendar/feeds/spaces/${spaceId}`)).body).toEqual({ exists: false, createdAt: null });
    expect((await bob('DELETE', `/api/v1/calendar/feeds/spaces/${spaceId}`)).status).toBe(404);
    expect((await fetchFeed(aliceFeed)).status).toBe(200);

    expect((await alice('DELETE', '/api/v1/calendar/feeds/me')).status).toBe(200);
    expect((await fetchFeed(aliceFeed)).status).toBe(404);
    expect((await alice('GET', '/api/v1/calendar/feeds/me')).body).toEqual({ exists: false, createdAt: null });
  });

  it('catalog.read on the space\'s site is enough for its feed, and a feed dies with the permission it needed', async () => {
    const spaceSite = (await admin('GET', `/api/v1/spaces/${spaceId}`, { strong: true })).body.siteId as string;
    const otherSite = await admin('POST', '/api/v1/sites', { body: { name: 'Porto', address: 'Rua 1', city: 'Porto', latitude: 41.1, longitude: -8.6, timeZone: 'UTC', kind: 'office' } });
    const otherSpace = await admin('POST', '/api/v1/spaces', { body: { siteId: otherSite.body.id, name: 'Douro', kind: 'meeting_room', capacity: 4, policy: officeHours } });
    const localId = randomUUID();
    const local = async (method: string, path: string) => {
      const res = await fetch(`${server.baseUrl}${path}`, { method, headers: { Authorization: `Bearer ${await server.tokenFor(localId, ['viewer'], [spaceSite])}` } });
      return { status: res.status, body: await res.json() };
    };
    expect((await local('POST', `/api/v1/calendar/feeds/spaces/${otherSpace.body.id}`)).status).toBe(403);
    const issued = await local('POST', `/api/v1/calendar/feeds/spaces/${spaceId}`);
    expect(issued.status).toBe(201);
    const path = pathOf(issued.body.url);
    expect((await fetchFeed(path)).status).toBe(200);

    expect((await admin('DELETE', `/api/v1/users/${localId}/roles/viewer`)).status).toBe(200);
    expect((await fetchFeed(path)).status).toBe(404);
  });

  it("an erased person's feeds stop at once, and the consumer deletes their tokens", async () => {
    const carolId = randomUUID();
    const carol = server.as(carolId, ['booker']);
    const issued = await carol('POST', '/api/v1/calendar/feeds/me');
    const path = pathOf(issued.body.url);
    expect((await fetchFeed(path)).status).toBe(200);
    expect((await carol('DELETE', `/api/v1/users/${carolId}`)).status).toBe(200);
    expect((await fetchFeed(path)).status).toBe(404);
    for (let attempt = 0; ; attempt++) {
      const left = await server.pool.query('SELECT 1 FROM calendar.feed_tokens WHERE owner_id = $1', [carolId]);
      if (left.rowCount === 0) break;
      if (attempt === 300) throw new Error('the erased person\'s feed token was never deleted');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});
