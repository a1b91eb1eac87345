import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeHours } from '../support/write-side.js';
import { startTestServer, type Client, type TestServer } from '../support/test-server.js';
import { futureMonday } from '../support/future-day.js';

const DAY = futureMonday();
const TUESDAY = new Date(Date.parse(`${DAY}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
// The sites are in UTC so wall-clock times read as instants.
const at = (hhmm: string, day = DAY) => `${day}T${hhmm}:00.000Z`;

type Page = { status: number; body: { items: { id: string; bookerId: string; siteId: string }[]; total: number } };

describe("privacy: a user never sees another user's bookings through any list, filter or id guess", () => {
  let server: TestServer;
  let admin: Client;
  let alice: Client;
  let bob: Client;
  const aliceId = randomUUID();
  const bobId = randomUUID();
  let siteOne: string;
  let siteTwo: string;
  let spaceOne: string;
  let spaceTwo: string;
  /** Alice's: on site one, on site two, and a cancelled one on site one. */
  const a = {} as Record<'one' | 'two' | 'cancelled', string>;
  /** Bob's, on site one. */
  let bobsBooking: string;
  /** Every booking placed, by anyone. */
  const everyBooking: string[] = [];

  const created = async (res: Promise<{ status: number; body: any }>): Promise<string> => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const book = async (who: Client, spaceId: string, start: string, end: string) => {
    const id = await created(who('POST', '/api/v1/bookings', { body: { spaceId, start, end, purpose: 'private meeting', participants: 2, resources: [] } }));
    everyBooking.push(id);
    return id;
  };
  const list = (who: Client, query = '') => who('GET', `/api/v1/bookings${query ? `?${query}` : ''}`, { strong: true }) as Promise<Page>;
  const ids = (page: Page) => page.body.items.map((b) => b.id).sort();
  const aliceIds = () => Object.values(a);

  beforeAll(async () => {
    server = await startTestServer();
    admin = server.as(randomUUID(), ['admin']);
    alice = server.as(aliceId, ['booker']);
    bob = server.as(bobId, ['booker']);
    const site = (name: string) => created(admin('POST', '/api/v1/sites', { body: { name, address: '1 Quiet St', city: 'Testville', latitude: 1, longitude: 1, timeZone: 'UTC', kind: 'hotel' } }));
    [siteOne, siteTwo] = await Promise.all([site('One'), site('Two')]);
    const space = (siteId: string) => created(admin('POST', '/api/v1/spaces', { body: { siteId, name: 'Room', kind: 'meeting_room', capacity: 4, policy: officeHours } }));
    [spaceOne, spaceTwo] = await Promise.all([space(siteOne), space(siteTwo)]);
    a.one = await book(alice, spaceOne, at('09:00'), at('10:00'));
    a.two = await book(alice, spaceTwo, at('09:00'), at('10:00'));
    a.cancelled = await book(alice, spaceOne, at('09:00', TUESDAY), at('10:00', TUESDAY));
    expect((await alice('POST', `/api/v1/bookings/${a.cancelled}/cancel`, { body: { reason: 'plans changed' } })).status).toBe(200);
    bobsBooking = await book(bob, spaceOne, at('11:00'), at('12:00'));
  });
  afterAll(() => server?.close());

  it('answers a guess of her booking id exactly like a random id', async () => {
    const problem = (res: { status: number; body: any }, id: string) => ({ status: res.status, type: res.body.type, title: res.body.title, detail: String(res.body.detail).replaceAll(id, '<id>') });
    const guess = randomUUID();
    for (const suffix of ['', '/history']) {
      const hers = await bob('GET', `/api/v1/bookings/${a.one}${suffix}`, { strong: true });
      const random = await bob('GET', `/api/v1/bookings/${guess}${suffix}`, { strong: true });
      expect(hers.status).toBe(404);
      expect(problem(hers, a.one)).toEqual(problem(random, guess));
      expect(JSON.stringify(hers.body)).not.toContain(aliceId);
    }
    expect((await alice('GET', `/api/v1/bookings/${a.one}`, { strong: true })).status).toBe(200);
  });

  it('refuses to list her bookings by name', async () => {
    expect((await list(bob, `bookerId=${aliceId}`)).status).toBe(403);
    const own = await list(bob, `bookerId=${bobId}`);
    expect(ids(own)).toEqual([bobsBooking]);
  });

  it('lists only his own bookings, and counts only them, whatever the filter', async () => {
    // Each filter with how many of Bob's bookings it matches (his one: site one, confirmed, 11:00-12:00).
    const filters: [string, number][] = [
      ['', 1],
      [`spaceId=${spaceOne}`, 1],
      [`spaceId=${spaceTwo}`, 0],
      [`siteId=${siteOne}`, 1],
      [`siteId=${siteTwo}`, 0],
      ['status=confirmed', 1],
      ['status=cancelled', 0],
      [`from=${at('08:00')}&to=${at('20:00')}`, 1],
      [`from=${at('09:00')}&to=${at('10:00')}`, 0],
      [`from=${at('00:00', TUESDAY)}&to=${at('23:00', TUESDAY)}`, 0],
      [`siteId=${siteOne}&status=confirmed&from=${at('00:00')}&to=${at('23:00')}`, 1],
      ['limit=1&offset=0', 1],
      ['limit=100&offset=1', 1],
    ];
    for (const [filter, total] of filters) {
      const page = await list(bob, filter);
      expect(page.status, filter).toBe(200);
      for (const item of page.body.items) expect(item.id, filter).toBe(bobsBooking);
      expect(page.body.total, filter).toBe(total);
      expect(JSON.stringify(page.body), filter).not.toContain(aliceId);
    }
  });

  it('hides her booking when his request collides with it, and shows it to a manager', async () => {
    const taken = await bob('POST', '/api/v1/bookings', { body: { spaceId: spaceOne, start: at('09:30'), end: at('10:30'), purpose: 'clash', participants: 1, resources: [] } });
    expect(taken.status).toBe(409);
    expect(taken.body.conflicts).toEqual([{ start: at('09:00'), end: at('10:00'), targetId: spaceOne, holder: { kind: 'booking' } }]);
    const text = JSON.stringify(taken.body);
    expect(text).not.toContain(a.one);
    expect(text).not.toContain(aliceId);
    // Moving his own booking onto hers: the same redaction.
    const moved = await bob('PATCH', `/api/v1/bookings/${bobsBooking}`, { body: { start: at('09:30'), end: at('10:30') } });
    expect(moved.status).toBe(409);
    expect(moved.body.conflicts).toEqual([{ start: at('09:00'), end: at('10:00'), targetId: spaceOne, holder: { kind: 'booking' } }]);
    expect(JSON.stringify(moved.body)).not.toContain(a.one);

    const manager = server.as(randomUUID(), ['manager']);
    const seen = await manager('POST', '/api/v1/bookings', { body: { spaceId: spaceOne, start: at('09:30'), end: at('10:30'), purpose: 'clash', participants: 1, resources: [] } });
    expect(seen.status).toBe(409);
    expect(seen.body.conflicts).toContainEqual(expect.objectContaining({ holder: { kind: 'booking', id: a.one } }));
  });

  it('shows anyone only busy intervals in a space’s availability, not whose or which booking', async () => {
    const availability = await server.anonymous('GET', `/api/v1/spaces/${spaceOne}/availability?from=${at('08:00')}&to=${at('13:00')}`, { strong: true });
    expect(availability.status).toBe(200);
    for (const interval of availability.body.busy) expect(Object.keys(interval).sort()).toEqual(['end', 'start']);
    const text = JSON.stringify(availability.body);
    for (const secret of [...aliceIds(), bobsBooking, aliceId, bobId]) expect(text).not.toContain(secret);
  });

  it('refuses every change of her booking and appends nothing', async () => {
    expect((await bob('GET', '/api/v1/users/me')).status).toBe(200);
    const before = await server.eventCount();
    const attempts: [string, string, unknown][] = [
      ['POST', `/api/v1/bookings/${a.one}/cancel`, { reason: 'mine now' }],
      ['PATCH', `/api/v1/bookings/${a.one}`, { participants: 1 }],
      ['PATCH', `/api/v1/bookings/${a.one}`, { start: at('14:00'), end: at('15:00') }],
      ['POST', `/api/v1/bookings/${a.one}/check-in`, {}],
      ['POST', `/api/v1/bookings/${a.one}/approve`, {}],
      ['POST', `/api/v1/bookings/${a.one}/reject`, {}],
      ['POST', `/api/v1/bookings/${a.one}/complete`, {}],
      ['POST', `/api/v1/bookings/${a.one}/no-show`, {}],
    ];
    for (const [method, path, body] of attempts) {
      for (const headers of [{}, { 'If-Match': '"1"' }] as Record<string, string>[]) {
        const res = await bob(method, path, { body, headers });
        expect([403, 404], `${method} ${path}`).toContain(res.status);
        expect(JSON.stringify(res.body)).not.toContain(aliceId);
      }
    }
    expect(await server.eventCount()).toBe(before);
    const still = await alice('GET', `/api/v1/bookings/${a.one}`, { strong: true });
    expect(still.body).toMatchObject({ status: 'confirmed', participants: 2, start: at('09:00') });
  });

  it('keeps her account from him too', async () => {
    expect((await bob('GET', `/api/v1/users/${aliceId}`, { strong: true })).status).toBe(404);
    expect((await bob('GET', `/api/v1/users/${aliceId}/history`)).status).toBe(404);
    expect((await bob('GET', `/api/v1/users?q=${aliceId.slice(0, 8)}`)).status).toBe(403);
  });

  it('shows a viewer nobody else’s bookings', async () => {
    const viewer = server.as(randomUUID(), ['viewer']);
    const page = await list(viewer);
    expect(page.body).toMatchObject({ items: [], total: 0 });
    expect((await list(viewer, `siteId=${siteOne}`)).body.total).toBe(0);
    expect((await viewer('GET', `/api/v1/bookings/${a.one}`, { strong: true })).status).toBe(404);
  });

  it('shows a hotelier the bookings of their own site, and nothing of another', async () => {
    const hotelierId = randomUUID();
    const token = await server.tokenFor(hotelierId, ['hotelier'], [siteOne]);
    const hotelier: Client = (method, path, options = {}) => server.anonymous(method, path, { ...options, headers: { Authorization: `Bearer ${token}`, ...options.headers } });
    const all = await list(hotelier);
    expect(ids(all)).toEqual([a.one, a.cancelled, bobsBooking].sort());
    expect(all.body.total).toBe(3);
    expect(ids(await list(hotelier, `bookerId=${aliceId}`))).toEqual([a.one, a.cancelled].sort());
    expect(await list(hotelier, `siteId=${siteTwo}`)).toMatchObject({ status: 200, body: { items: [], total: 0 } });
    expect(await list(hotelier, `spaceId=${spaceTwo}`)).toMatchObject({ status: 200, body: { items: [], total: 0 } });
    expect((await hotelier('GET', `/api/v1/bookings/${a.one}`, { strong: true })).status).toBe(200);
    expect((await hotelier('GET', `/api/v1/bookings/${a.one}/history`, { strong: true })).status).toBe(200);
    expect((await hotelier('GET', `/api/v1/bookings/${a.two}`, { strong: true })).status).toBe(404);
    expect((await hotelier('GET', `/api/v1/bookings/${a.two}/history`, { strong: true })).status).toBe(404);
    const before = await server.eventCount();
    expect([403, 404]).toContain((await hotelier('POST', `/api/v1/bookings/${a.two}/cancel`, { body: {} })).status);
    expect(await server.eventCount()).toBe(before);
    // Holding booking.read.any on site one reveals no holder on site two, where they may book as a client.
    expect((await admin('POST', `/api/v1/users/${hotelierId}/roles`, { body: { role: 'client' } })).status).toBe(200);
    const clash = await hotelier('POST', '/api/v1/bookings', { body: { spaceId: spaceTwo, start: at('09:30'), end: at('10:30'), purpose: 'clash', participants: 1, resources: [] } });
    expect(clash.status).toBe(409);
    expect(clash.body.conflicts).toEqual([{ start: at('09:00'), end: at('10:00'), targetId: spaceTwo, holder: { kind: 'booking' } }]);
    expect(JSON.stringify(clash.body)).not.toContain(a.two);
  });

  it('never replays her response to him under the same Idempotency-Key', async () => {
    const key = randomUUID();
    const body = { spaceId: spaceTwo, start: at('14:00'), end: at('15:00'), purpose: 'same key', participants: 1, resources: [] };
    const hers = await alice('POST', '/api/v1/bookings', { body, headers: { 'Idempotency-Key': key } });
    expect(hers.status).toBe(201);
    everyBooking.push(hers.body.id);
    const his = await bob('POST', '/api/v1/bookings', { body, headers: { 'Idempotency-Key': key } });
    expect(his.status).toBe(409);
    expect(his.headers.get('idempotent-replayed')).toBeNull();
    expect(JSON.stringify(his.body)).not.toContain(hers.body.id);
    expect(JSON.stringify(his.body)).not.toContain(aliceId);
    expect((await alice('POST', `/api/v1/bookings/${hers.body.id}/cancel`, { body: {} })).status).toBe(200);
  });

  it('shows managers and staff everything', async () => {
    const everyone = [...everyBooking].sort();
    for (const role of ['manager', 'staff']) {
      const who = server.as(randomUUID(), [role]);
      const page = await list(who);
      expect(ids(page), role).toEqual(everyone);
      expect(page.body.total, role).toBe(everyone.length);
      expect(ids(await list(who, `bookerId=${bobId}`)), role).toEqual([bobsBooking]);
      for (const id of everyone) expect((await who('GET', `/api/v1/bookings/${id}`, { strong: true })).status, role).toBe(200);
    }
  });
});
