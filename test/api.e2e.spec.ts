import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildReadModel } from '../projections/rebuild.js';
import { officeHours } from './support/write-side.js';
import { startTestServer, type Client, type TestServer } from './support/test-server.js';
import { futureMonday } from './support/future-day.js';

const DAY = futureMonday();
// The site is in UTC so wall-clock times in the test read as instants.
const at = (hhmm: string, day = DAY) => `${day}T${hhmm}:00.000Z`;

describe('REST API over HTTP against real PostgreSQL', () => {
  let server: TestServer;
  let admin: Client;
  let alice: Client;
  let bob: Client;
  let auditor: Client;
  let siteId: string;
  let spaceId: string;
  let projectorId: string;
  const aliceId = randomUUID();

  beforeAll(async () => {
    server = await startTestServer();
    admin = server.as(randomUUID(), ['admin']);
    alice = server.as(aliceId, ['booker']);
    bob = server.as(randomUUID(), ['booker']);
    auditor = server.as(randomUUID(), ['auditor']);
    // Accounts are created on first use; create them now so event counts below see only the test's own writes.
    for (const client of [admin, alice, bob, auditor]) expect((await client('GET', '/api/v1/users/me')).status).toBe(200);
    const site = await admin('POST', '/api/v1/sites', {
      body: { name: 'Reykjavík Harbour', address: 'Mýrargata 2', city: 'Reykjavík', latitude: 64.15, longitude: -21.94, timeZone: 'Atlantic/Reykjavik', kind: 'office' },
    });
    expect(site.status).toBe(201);
    siteId = site.body.id;
    const space = await admin('POST', '/api/v1/spaces', {
      body: { siteId, name: 'Esja', kind: 'meeting_room', capacity: 8, amenities: ['screen', 'whiteboard'], policy: officeHours },
    });
    expect(space.status).toBe(201);
    spaceId = space.body.id;
    const resource = await admin('POST', '/api/v1/resources', { body: { siteId, name: 'Projector', category: 'equipment', quantity: 1 } });
    expect(resource.status).toBe(201);
    projectorId = resource.body.id;
  });
  afterAll(() => server?.close());

  const booking = (overrides: Record<string, unknown> = {}) => ({ spaceId, start: at('09:00'), end: at('10:00'), purpose: 'Sprint review', participants: 6, resources: [{ resourceId: projectorId, quantity: 1 }], ...overrides });

  it('books, reads back, shows history and availability, and cancels', async () => {
    const created = await alice('POST', '/api/v1/bookings', { body: booking() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'confirmed', spaceId, bookerId: aliceId, start: at('09:00'), end: at('10:00') });
    expect(created.headers.get('etag')).toBe(`"${created.body.revision}"`);
    expect(created.headers.get('location')).toBe(`/api/v1/bookings/${created.body.id}`);

    const read = await alice('GET', `/api/v1/bookings/${created.body.id}`, { strong: true });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, status: 'confirmed', siteId });
    expect(read.headers.get('etag')).toBe(created.headers.get('etag'));

    const availability = await alice('GET', `/api/v1/spaces/${spaceId}/availability?from=${at('08:00')}&to=${at('12:00')}`, { strong: true });
    expect(availability.status).toBe(200);
    expect(availability.body.busy).toEqual([expect.objectContaining({ start: at('09:00'), end: at('10:00') })]);
    expect(availability.body.free).toEqual([
      { start: at('08:00'), end: at('09:00') },
      { start: at('10:00'), end: at('12:00') },
    ]);
    const freeNow = await alice('GET', `/api/v1/spaces?freeFrom=${at('09:30')}&freeTo=${at('10:30')}`, { strong: true });
    expect(freeNow.body.items.map((s: { id: string }) => s.id)).not.toContain(spaceId);

    const cancelled = await alice('POST', `/api/v1/bookings/${created.body.id}/cancel`, { body: { reason: 'moved online' }, headers: { 'If-Match': created.headers.get('etag')! } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');

    const history = await auditor('GET', `/api/v1/bookings/${created.body.id}/history`, { strong: true });
    expect(history.status).toBe(200);
    expect(history.body.entries.map((e: { type: string }) => e.type)).toEqual(['BookingRequested', 'BookingConfirmed', 'BookingCancelled']);
    expect(history.body.entries[2].actor.id).toBe(aliceId);

    const freeAgain = await alice('GET', `/api/v1/spaces/${spaceId}/availability?from=${at('08:00')}&to=${at('12:00')}`, { strong: true });
    expect(freeAgain.body.busy).toEqual([]);
  });

  it('answers bad input with problem+json naming the field, and appends nothing', async () => {
    const first = await alice('POST', '/api/v1/bookings', { body: booking({ start: at('13:00'), end: at('14:00') }) });
    expect(first.status).toBe(201);
    const before = await server.eventCount();
    const cases: { body?: unknown; rawBody?: string; status: number[]; field?: string; path?: string }[] = [
      { rawBody: '{"spaceId": ', status: [400] },
      { body: booking({ participants: 'six' }), status: [400], field: 'participants' },
      { body: booking({ start: at('11:00'), end: at('10:00') }), status: [400, 422], field: 'end' },
      { body: booking({ start: at('11:00'), end: at('11:00') }), status: [400, 422], field: 'end' },
      { body: booking({ start: at('06:00'), end: at('07:00') }), status: [422], field: 'start' },
      { body: booking({ participants: 9 }), status: [422], field: 'participants' },
      { body: booking({ start: at('15:00'), end: at('16:00'), resources: [{ resourceId: projectorId, quantity: 2 }] }), status: [422], field: 'resources.0.quantity' },
      { body: booking({ spaceId: randomUUID() }), status: [404] },
      { body: booking({ start: at('13:30'), end: at('14:30') }), status: [409] },
    ];
    for (const c of cases) {
      const res = await bob('POST', '/api/v1/bookings', { body: c.body, rawBody: c.rawBody });
      expect(c.status, JSON.stringify(c.body ?? c.rawBody)).toContain(res.status);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: res.status, title: expect.any(String) });
      if (c.field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(c.field);
    }
    const taken = await bob('POST', '/api/v1/bookings', { body: booking({ start: at('13:30'), end: at('14:30') }) });
    expect(taken.body.conflicts).toContainEqual(expect.objectContaining({ targetId: spaceId, start: at('13:00'), end: at('14:00') }));
    expect(taken.body.conflicts).toContainEqual(expect.objectContaining({ targetId: projectorId }));
    expect(taken.body.detail).toContain(at('13:00'));

    const stale = await alice('POST', `/api/v1/bookings/${first.body.id}/cancel`, { body: { reason: 'x' }, headers: { 'If-Match': '"99"' } });
    expect(stale.status).toBe(412);
    expect((await alice('GET', `/api/v1/bookings/${randomUUID()}`)).status).toBe(404);
    expect((await bob('GET', `/api/v1/bookings/${first.body.id}`, { strong: true })).status).toBe(404);
    expect(await server.eventCount()).toBe(before);
  });

  it('allows back-to-back bookings', async () => {
    const a = await alice('POST', '/api/v1/bookings', { body: booking({ start: at('16:00'), end: at('17:00'), resources: [] }) });
    const b = await bob('POST', '/api/v1/bookings', { body: booking({ start: at('17:00'), end: at('18:00'), resources: [] }) });
    expect([a.status, b.status]).toEqual([201, 201]);
  });

  it('replays a POST with the same Idempotency-Key instead of booking twice', async () => {
    const key = randomUUID();
    const body = booking({ start: at('09:00', nextDay(1)), end: at('10:00', nextDay(1)) });
    const first = await alice('POST', '/api/v1/bookings', { body, headers: { 'Idempotency-Key': key } });
    const again = await alice('POST', '/api/v1/bookings', { body, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const list = await alice('GET', `/api/v1/bookings?from=${at('00:00', nextDay(1))}&to=${at('23:59', nextDay(1))}`, { strong: true });
    expect(list.body.items.filter((b: { status: string }) => b.status === 'confirmed')).toHaveLength(1);
  });

  it('reschedules with PATCH and If-Match, keeping the slot rules', async () => {
    const created = await alice('POST', '/api/v1/bookings', { body: booking({ start: at('09:00', nextDay(2)), end: at('10:00', nextDay(2)) }) });
    const moved = await alice('PATCH', `/api/v1/bookings/${created.body.id}`, {
      body: { start: at('11:00', nextDay(2)), end: at('12:30', nextDay(2)) },
      headers: { 'If-Match': created.headers.get('etag')! },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ start: at('11:00', nextDay(2)), end: at('12:30', nextDay(2)), status: 'confirmed' });
    const stale = await alice('PATCH', `/api/v1/bookings/${created.body.id}`, { body: { participants: 3 }, headers: { 'If-Match': created.headers.get('etag')! } });
    expect(stale.status).toBe(412);
    const oldSlot = await bob('POST', '/api/v1/bookings', { body: booking({ start: at('09:00', nextDay(2)), end: at('10:00', nextDay(2)) }) });
    expect(oldSlot.status).toBe(201);
  });

  it('checks permissions: viewers cannot book, bookers cannot manage the catalog or approve', async () => {
    const viewer = server.as(randomUUID(), ['viewer']);
    expect((await viewer('POST', '/api/v1/bookings', { body: booking({ start: at('09:00', nextDay(3)), end: at('10:00', nextDay(3)) }) })).status).toBe(403);
    expect((await alice('POST', '/api/v1/spaces', { body: { siteId, name: 'X', kind: 'meeting_room', capacity: 2, policy: officeHours } })).status).toBe(403);
    const unauthenticated = await fetch(`${server.baseUrl}/api/v1/bookings`);
    expect(unauthenticated.status).toBe(401);
  });

  it('publishes OpenAPI 3.1 describing the booking endpoints, Swagger UI, health and metrics', async () => {
    const doc = await (await fetch(`${server.baseUrl}/api/openapi.json`)).json();
    expect(doc.openapi).toMatch(/^3\.1/);
    for (const path of ['/api/v1/bookings', '/api/v1/bookings/{bookingId}', '/api/v1/bookings/{bookingId}/history', '/api/v1/bookings/{bookingId}/cancel', '/api/v1/spaces/{spaceId}/availability', '/api/v1/blackouts', '/api/v1/resources', '/api/v1/sites']) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    expect((await fetch(`${server.baseUrl}/api/docs/`)).headers.get('content-type')).toMatch(/text\/html/);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${server.baseUrl}/metrics`)).text()).toContain('reserva_projection_events_behind');
  });

  it('records who, when and why on every event (invariant 5)', async () => {
    const correlationId = randomUUID();
    const res = await alice('POST', '/api/v1/bookings', { body: booking({ start: at('09:00', nextDay(4)), end: at('10:00', nextDay(4)) }), headers: { 'X-Correlation-Id': correlationId } });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-correlation-id')).toBe(correlationId);
    const events = await server.store.readAll({ maxCount: 100_000 });
    expect(events.length).toBeGreaterThan(10);
    for (const e of events) {
      expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(e.metadata).toMatchObject({ schemaVersion: expect.any(Number), occurredAt: expect.stringMatching(/Z$/), correlationId: expect.any(String), causationId: expect.any(String) });
      expect(e.metadata.actor.id.length).toBeGreaterThan(0);
      expect(['user', 'system']).toContain(e.metadata.actor.kind);
    }
    const caused = events.filter((e) => e.metadata.correlationId === correlationId);
    expect(caused.map((e) => e.type)).toEqual(expect.arrayContaining(['BookingRequested', 'SlotReserved', 'BookingConfirmed']));
    for (const e of caused) expect(e.metadata.actor).toEqual({ id: aliceId, kind: 'user' });
  });

  it('checks a permission on every API endpoint (invariant 7)', async () => {
    const doc = await (await fetch(`${server.baseUrl}/api/openapi.json`)).json();
    let checked = 0;
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, { security: unknown[] }>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (operation.security.length === 0) continue;
        const url = path.replace(/\{[^}]+\}/g, randomUUID());
        const res = await fetch(`${server.baseUrl}${url}`, { method: method.toUpperCase(), headers: { 'Content-Type': 'application/json' }, body: method === 'get' ? undefined : '{}' });
        expect(res.status, `${method} ${path}`).toBe(401);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('rebuilds every read model from position zero equal to the live one', async () => {
    await alice('GET', '/api/v1/bookings', { strong: true });
    const report = await rebuildReadModel({ store: server.store, pool: server.pool, projection: 'all' });
    expect(report.differences).toEqual([]);
    expect(report.equal).toBe(true);
    expect(report.events).toBeGreaterThan(20);
  });
});

function nextDay(n: number): string {
  const d = new Date(`${DAY}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
