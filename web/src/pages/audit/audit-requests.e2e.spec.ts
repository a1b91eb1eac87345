import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The vitest `inject` types the test database helper needs (the web typecheck does not include test/ otherwise).
import type {} from '../../../../test/support/postgres.global-setup.js';
import { futureMonday } from '../../../../test/support/future-day.js';
import { startTestServer, type TestServer } from '../../../../test/support/test-server.js';
import { officeHours } from '../../../../test/support/write-side.js';
import type { ApiClient } from '../../api/client.js';
import type { BookingChange } from '../../api/types.js';
import { signedInClient } from '../../testing/api-clients.js';
import { bookingAsOf, bookingChanges, exportEntries, latestEntries, listEntries, loadSpace, verifyChain } from './audit-requests.js';

const DAY = futureMonday();
const at = (hhmm: string) => `${DAY}T${hhmm}:00.000Z`;
const justBefore = (iso: string) => new Date(Date.parse(iso) - 1).toISOString();

/** The audit pages' requests, made by the web client's own ApiClient against the real API (with its audit log consumer). */
describe('audit pages’ requests against the API', () => {
  let server: TestServer;
  const id = { auditor: randomUUID(), booker: randomUUID(), admin: randomUUID() };
  const client = {} as Record<keyof typeof id, ApiClient>;
  let spaceId: string;
  let bookingId: string;
  let history: BookingChange[];
  const occurred = (type: string) => history.find((c) => c.type === type)!.occurredAt;

  beforeAll(async () => {
    server = await startTestServer({}, { messaging: true });
    for (const [who, role] of [['auditor', 'auditor'], ['booker', 'booker'], ['admin', 'admin']] as const) client[who] = await signedInClient(server, id[who], [role]);
    const siteId = (await client.admin.post<{ id: string }>('/sites', { name: 'Harpa', address: 'Austurbakki 2', city: 'Reykjavík', latitude: 64.15, longitude: -21.93, timeZone: 'Atlantic/Reykjavik', kind: 'office' })).id;
    spaceId = (await client.admin.post<{ id: string }>('/spaces', { siteId, name: 'Kaldalón', kind: 'meeting_room', capacity: 6, policy: officeHours })).id;
    bookingId = (await client.booker.post<{ id: string }>('/bookings', { spaceId, start: at('10:00'), end: at('11:00'), purpose: 'Board', participants: 2, resources: [] })).id;
    await client.booker.patch(`/bookings/${bookingId}`, { start: at('14:00'), end: at('15:00'), participants: 3 });
    await client.booker.post(`/bookings/${bookingId}/cancel`, { reason: 'postponed' });
    // The trail is written by its consumer moments later; the change feed is a projection (a strong read waits for it).
    for (let i = 0; !(await listEntries(client.auditor, { bookingId, eventType: 'BookingCancelled' }, { limit: 1, offset: 0 })).total; i++) {
      if (i === 200) throw new Error('the audit log never caught up');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await server.as(id.auditor, ['auditor'])('GET', `/api/v1/bookings/changes?bookingId=${bookingId}`, { strong: true })).status).toBe(200);
    history = await bookingChanges(client.auditor, bookingId);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers the chain verification: intact, every entry counted', async () => {
    const verification = await verifyChain(client.auditor);
    expect(verification).toMatchObject({ ok: true });
    expect(verification.broken).toBeUndefined();
    const { total } = await listEntries(client.auditor, {}, { limit: 1, offset: 0 });
    expect(verification.entries).toBe(total);
  });

  it('loads the booking’s history oldest first, with who did it and when', async () => {
    expect(history.map((c) => [c.type, c.previousStatus, c.status])).toEqual([
      ['BookingRequested', null, 'placing'],
      ['BookingConfirmed', 'placing', 'confirmed'],
      // A new time is placed first, then takes effect.
      ['BookingChangeRequested', 'confirmed', 'confirmed'],
      ['BookingChanged', 'confirmed', 'confirmed'],
      ['BookingCancelled', 'confirmed', 'cancelled'],
    ]);
    expect(history.every((c) => c.actor.id === id.booker && c.actor.kind === 'user')).toBe(true);
    // An auditor holds users.read: the actor's name comes with the id.
    expect(history[0]!.actor.displayName).toMatch(/^Test u/);
    expect(history[3]!.details.changes).toMatchObject({ start: { from: at('10:00'), to: at('14:00') }, participants: { from: 2, to: 3 } });
    expect(history[4]!.details).toMatchObject({ reason: 'postponed' });
    expect((await loadSpace(client.auditor, history[0]!.spaceId)).name).toBe('Kaldalón');
  });

  it('answers the state as of an instant: before it existed, before and after the change, after the cancellation', async () => {
    await expect(bookingAsOf(client.auditor, bookingId, justBefore(occurred('BookingRequested')))).rejects.toMatchObject({ status: 404 });
    const beforeChange = await bookingAsOf(client.auditor, bookingId, justBefore(occurred('BookingChanged')));
    expect(beforeChange.state).toMatchObject({ status: 'confirmed', purpose: 'Board', current: { start: at('10:00'), end: at('11:00'), participants: 2 } });
    expect(beforeChange.eventsApplied).toBe(2);
    const changed = await bookingAsOf(client.auditor, bookingId, occurred('BookingChanged'));
    expect(changed.state).toMatchObject({ status: 'confirmed', current: { start: at('14:00'), participants: 3 } });
    const now = await bookingAsOf(client.auditor, bookingId, new Date().toISOString());
    expect(now).toMatchObject({ revision: 4, eventsApplied: 5, state: { status: 'cancelled' } });
  });

  it('answers valid time with it: the slot held before the change, nothing once cancelled', async () => {
    const held = await bookingAsOf(client.auditor, bookingId, justBefore(occurred('BookingChanged')), at('10:30'));
    expect(held.validTime).toEqual({ at: at('10:30'), holdsSpace: true });
    const moved = await bookingAsOf(client.auditor, bookingId, occurred('BookingChanged'), at('10:30'));
    expect(moved.validTime?.holdsSpace).toBe(false);
    const cancelled = await bookingAsOf(client.auditor, bookingId, new Date().toISOString(), at('14:30'));
    expect(cancelled.validTime?.holdsSpace).toBe(false);
  });

  it('lists the trail filtered and newest page first, and exports it as JSONL and CSV', async () => {
    const all = await listEntries(client.auditor, { bookingId }, { limit: 200, offset: 0 });
    expect(all.items.filter((e) => e.streamId === `booking-${bookingId}`).map((e) => e.type)).toEqual(history.map((c) => c.type));
    const latest = await latestEntries(client.auditor, { bookingId }, 2);
    expect(latest.offset).toBe(all.total - 2);
    expect(latest.items).toEqual(all.items.slice(-2));
    const byActor = await listEntries(client.auditor, { actor: id.booker, eventType: 'BookingChanged' }, { limit: 10, offset: 0 });
    expect(byActor.items.map((e) => e.type)).toEqual(['BookingChanged']);

    const jsonl = await exportEntries(client.auditor, { bookingId }, 'jsonl');
    expect(jsonl.filename).toBe('audit-entries.jsonl');
    const lines = (await jsonl.blob.text()).trim().split('\n').map((l) => JSON.parse(l) as { seq: number });
    expect(lines.map((e) => e.seq)).toEqual(all.items.map((e) => e.seq));
    const csv = await exportEntries(client.auditor, { bookingId }, 'csv');
    expect(csv.filename).toBe('audit-entries.csv');
    const rows = (await csv.blob.text()).trim().split('\r\n');
    expect(rows[0]).toMatch(/^seq,eventId,streamId,/);
    expect(rows).toHaveLength(all.total + 1);
  });

  it('refuses the trail to someone without audit.read', async () => {
    await expect(verifyChain(client.booker)).rejects.toMatchObject({ status: 403 });
  });
});
