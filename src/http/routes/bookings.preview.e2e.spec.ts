import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayAfter, futureMonday } from '../../../test/support/future-day.js';
import { startTestServer, type Client, type TestServer } from '../../../test/support/test-server.js';
import { officeHours, room } from '../../../test/support/write-side.js';

const DAY = futureMonday();
const at = (hhmm: string) => `${DAY}T${hhmm}:00.000Z`;

/** Dry runs answer what the real command would, and write nothing. */
describe('booking previews', () => {
  let server: TestServer;
  let admin: Client;
  let ana: Client;
  let bruno: Client;
  let siteId: string;
  let spaceId: string;
  let approvalSpaceId: string;

  const created = async (res: Promise<{ status: number; body: any }>): Promise<string> => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const booking = (start: string, end: string, extra: Record<string, unknown> = {}) => ({ spaceId, start: at(start), end: at(end), participants: 2, ...extra });
  const bookingsOf = async (who: Client) => (await who('GET', `/api/v1/bookings?spaceId=${spaceId}`, { strong: true })).body.items.map((b: { id: string }) => b.id);

  beforeAll(async () => {
    server = await startTestServer();
    admin = server.as(randomUUID(), ['admin']);
    ana = server.as(randomUUID(), ['booker']);
    bruno = server.as(randomUUID(), ['booker']);
    siteId = await created(admin('POST', '/api/v1/sites', { body: { name: 'Preview HQ', address: '1 Dry Run St', city: 'Testville', latitude: 1, longitude: 1, timeZone: 'UTC', kind: 'office' } }));
    spaceId = await created(admin('POST', '/api/v1/spaces', { body: room(siteId, { maxDurationMinutes: 120 }) }));
    approvalSpaceId = await created(admin('POST', '/api/v1/spaces', { body: room(siteId, { approvalRequired: true }, 'Sala nobre') }));
  });
  afterAll(() => server?.close());

  it('says a fine request is acceptable and confirmed, and appends nothing', async () => {
    const before = await bookingsOf(ana);
    const events = await server.eventCount();
    const res = await ana('POST', '/api/v1/bookings/preview', { body: booking('09:00', '10:00') });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ acceptable: true, outcome: 'confirmed', problems: [] });
    expect(await server.eventCount()).toBe(events);
    expect(await bookingsOf(ana)).toEqual(before);
  });

  it('says a space that needs approval would leave the booking pending', async () => {
    const res = await ana('POST', '/api/v1/bookings/preview', { body: { ...booking('09:00', '10:00'), spaceId: approvalSpaceId } });
    expect(res.body).toEqual({ acceptable: true, outcome: 'pending_approval', problems: [] });
  });

  it('lists the conflict of a taken slot, and the real request then fails the same way', async () => {
    await created(bruno('POST', '/api/v1/bookings', { body: booking('11:00', '12:00') }));
    const events = await server.eventCount();
    const preview = await ana('POST', '/api/v1/bookings/preview', { body: booking('11:30', '12:30') });
    expect(preview.status).toBe(200);
    expect(preview.body.acceptable).toBe(false);
    expect(preview.body.outcome).toBeUndefined();
    expect(preview.body.problems).toEqual([
      expect.objectContaining({
        type: 'urn:reserva:problem:conflict',
        status: 409,
        instance: '/api/v1/bookings',
        conflicts: [{ start: at('11:00'), end: at('12:00'), targetId: spaceId, holder: { kind: 'booking' } }],
      }),
    ]);
    expect(await server.eventCount()).toBe(events);

    const real = await ana('POST', '/api/v1/bookings', { body: booking('11:30', '12:30') });
    expect(real.status).toBe(409);
    expect(real.body).toEqual(preview.body.problems[0]);
  });

  it('lists every broken policy rule by field, as the real request does', async () => {
    const tooLong = booking('08:00', '11:00');
    const tooEarly = booking('06:00', '07:00');
    const tooFar = { ...booking('09:00', '10:00'), start: `${dayAfter(DAY, officeHours.maxAdvanceDays + 7)}T09:00:00.000Z`, end: `${dayAfter(DAY, officeHours.maxAdvanceDays + 7)}T10:00:00.000Z` };
    for (const body of [tooLong, tooEarly, tooFar]) {
      const preview = await ana('POST', '/api/v1/bookings/preview', { body });
      expect(preview.body.acceptable).toBe(false);
      const [problem] = preview.body.problems;
      expect(problem).toMatchObject({ type: 'urn:reserva:problem:rule-violated', status: 422 });
      const real = await ana('POST', '/api/v1/bookings', { body });
      expect(real.status).toBe(422);
      expect(real.body).toEqual(problem);
    }
    const [long] = (await ana('POST', '/api/v1/bookings/preview', { body: tooLong })).body.problems;
    expect(long.errors).toEqual([{ field: 'end', message: 'the booking may last at most 120 minutes (it lasts 180)' }]);
    const [early] = (await ana('POST', '/api/v1/bookings/preview', { body: tooEarly })).body.problems;
    expect(early.errors).toEqual([{ field: 'start', message: 'start is outside the opening hours of the space' }]);
  });

  it('answers malformed input with a 400 problem, as the real route does', async () => {
    const res = await ana('POST', '/api/v1/bookings/preview', { body: { spaceId, start: 'tomorrow' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('lists a missing permission and a missing space like the real request', async () => {
    const forOthers = await ana('POST', '/api/v1/bookings/preview', { body: booking('13:00', '14:00', { bookerId: randomUUID() }) });
    expect(forOthers.body).toMatchObject({ acceptable: false, problems: [{ status: 403 }] });
    const nowhere = await ana('POST', '/api/v1/bookings/preview', { body: { ...booking('13:00', '14:00'), spaceId: randomUUID() } });
    expect(nowhere.body).toMatchObject({ acceptable: false, problems: [{ status: 404, type: 'urn:reserva:problem:not-found' }] });
    expect((await server.as(randomUUID(), ['viewer'])('POST', '/api/v1/bookings/preview', { body: booking('13:00', '14:00') })).status).toBe(403);
  });

  describe('preview-change', () => {
    let mine: { id: string; revision: number };
    beforeAll(async () => {
      const res = await ana('POST', '/api/v1/bookings', { body: booking('15:00', '16:00') });
      expect(res.status).toBe(201);
      mine = res.body;
    });

    it('says a fine change is acceptable, and nothing changes', async () => {
      const events = await server.eventCount();
      const res = await ana('POST', `/api/v1/bookings/${mine.id}/preview-change`, { body: { start: at('16:00'), end: at('17:00') } });
      expect(res.body).toEqual({ acceptable: true, outcome: 'confirmed', problems: [] });
      expect(await server.eventCount()).toBe(events);
      expect((await ana('GET', `/api/v1/bookings/${mine.id}`, { strong: true })).body).toMatchObject({ start: at('15:00'), end: at('16:00'), revision: mine.revision });
    });

    it('lists a conflict, a stale If-Match and a booking you may not see as the PATCH would', async () => {
      const onto = await ana('POST', `/api/v1/bookings/${mine.id}/preview-change`, { body: { start: at('11:00'), end: at('12:00') } });
      expect(onto.body.problems).toEqual([expect.objectContaining({ status: 409, instance: `/api/v1/bookings/${mine.id}`, conflicts: [expect.objectContaining({ start: at('11:00'), end: at('12:00') })] })]);
      const patch = await ana('PATCH', `/api/v1/bookings/${mine.id}`, { body: { start: at('11:00'), end: at('12:00') } });
      expect(patch.status).toBe(409);
      expect(patch.body).toEqual(onto.body.problems[0]);

      const stale = await ana('POST', `/api/v1/bookings/${mine.id}/preview-change`, { body: { participants: 3 }, headers: { 'If-Match': `"${mine.revision + 5}"` } });
      expect(stale.body).toMatchObject({ acceptable: false, problems: [{ status: 412 }] });
      const hidden = await bruno('POST', `/api/v1/bookings/${mine.id}/preview-change`, { body: { participants: 3 } });
      expect(hidden.body).toMatchObject({ acceptable: false, problems: [{ status: 404 }] });
    });
  });
});

