import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { futureMonday } from '../../../../test/support/future-day.js';
// Its `inject('pgAdminUrl')` typing, which test-database.ts needs under the web tsconfig too.
import type {} from '../../../../test/support/postgres.global-setup.js';
import { startTestServer, type TestServer } from '../../../../test/support/test-server.js';
import { room } from '../../../../test/support/write-side.js';
import type { BookingDetails, Resource, Space } from '../../api/types.js';
import { problemOf, signedInClient } from '../../testing/api-clients.js';
import { fromWallClock } from '../../time/zoned-time.js';
import { bookingRoutes } from './booking-api.js';
import { changeBody, draftFieldOf, draftForRange, draftFromBooking, requestBody, rezone, type BookingDraft } from './booking-body.js';

// What the booking form sends, built by the form's own functions and sent through the pages' own
// routes (bookingRoutes on an ApiClient) to the real API on a fresh database: the server accepts the
// bodies, books what they say, and the preview answers exactly what the real request then does.
const SITE_ZONE = 'America/New_York';
const VIEWER_ZONE = 'Europe/Lisbon';
const DAY = futureMonday();
const nyc = (hhmm: string) => fromWallClock(DAY, hhmm, SITE_ZONE).toISOString();

/** The refusal a request answered with. */
const refusalOf = async (request: Promise<unknown>) => (await problemOf(request)).problem;

describe('booking form bodies against the real API', () => {
  let server: TestServer;
  let space: Space;
  let otherSpace: Space;
  let resources: Resource[];
  let order: string[];
  let projector: Resource;

  async function booker(userId = randomUUID()) {
    return { userId, routes: bookingRoutes(await signedInClient(server, userId, ['booker'])) };
  }

  /** A draft as the form shows it to a viewer in Lisbon, for New York times on the test day. */
  const draft = (from: string, to: string, rest: Partial<BookingDraft> = {}) => draftForRange(nyc(from), nyc(to), VIEWER_ZONE, rest);

  beforeAll(async () => {
    server = await startTestServer();
    const admin = server.as(randomUUID(), ['admin']);
    const created = async (path: string, body: unknown) => {
      const res = await admin('POST', path, { body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const siteId = await created('/api/v1/sites', { name: 'Midtown', address: '5 Fifth Ave', city: 'New York', latitude: 40.7, longitude: -74, timeZone: SITE_ZONE, kind: 'office' });
    const spaceId = await created('/api/v1/spaces', room(siteId, { maxDurationMinutes: 240 }, 'Hudson'));
    const otherId = await created('/api/v1/spaces', room(siteId, {}, 'East'));
    await created('/api/v1/resources', { siteId, name: 'Projector', category: 'equipment', quantity: 2 });
    const { routes } = await booker();
    ({ space, resources } = await routes.place(spaceId));
    otherSpace = (await routes.place(otherId)).space;
    projector = resources.find((r) => r.name === 'Projector')!;
    order = resources.map((r) => r.id);
  });
  afterAll(() => server?.close());

  let first: BookingDetails;
  let ana: Awaited<ReturnType<typeof booker>>;

  it('books what the draft shows, typed in the site’s zone, after the preview called it free; a retry with the same key books nothing more', async () => {
    ana = await booker();
    // Shown in Lisbon, switched to New York wall clocks, then retimed there as a person would.
    const shown = rezone(draft('09:00', '10:00'), VIEWER_ZONE, SITE_ZONE);
    expect([shown.startTime, shown.endTime]).toEqual(['09:00', '10:00']);
    const built = requestBody({ ...shown, startTime: '10:00', endTime: '11:30', purpose: ' Board meeting ', participants: '6', quantities: { [projector.id]: 2 } }, space.id, SITE_ZONE, order);
    if (!built.ok) throw new Error(JSON.stringify(built.issues));

    expect(await ana.routes.preview(built.body)).toEqual({ acceptable: true, outcome: 'confirmed', problems: [] });
    const key = randomUUID();
    const booking = await ana.routes.create(built.body, key);
    expect(booking.status).toBe('confirmed');
    first = await ana.routes.get(booking.id);
    expect(first).toMatchObject({
      start: nyc('10:00'),
      end: nyc('11:30'),
      purpose: 'Board meeting',
      participants: 6,
      resources: [{ resourceId: projector.id, quantity: 2 }],
      bookerId: ana.userId,
      timeZone: SITE_ZONE,
    });

    // The form reuses the key when it got no answer: the server answers the first outcome again.
    expect((await ana.routes.create(built.body, key)).id).toBe(booking.id);
    expect((await ana.routes.list('upcoming', '', 0, 50)).items.map((b) => b.id)).toEqual([booking.id]);
  });

  it('previews a taken slot with the clash the real request is then refused with', async () => {
    const { routes } = await booker();
    const built = requestBody(draft('11:00', '12:00'), space.id, VIEWER_ZONE, order);
    if (!built.ok) throw new Error('incomplete');
    const preview = await routes.preview(built.body);
    expect(preview.acceptable).toBe(false);
    expect(preview.problems[0]).toMatchObject({ status: 409, conflicts: [{ start: nyc('10:00'), end: nyc('11:30'), targetId: space.id, holder: { kind: 'booking' } }] });
    expect(await refusalOf(routes.create(built.body, randomUUID()))).toEqual(preview.problems[0]);
  });

  it('previews a pooled resource running short elsewhere, as the real request is refused', async () => {
    const { routes } = await booker();
    const built = requestBody(draft('11:00', '12:00', { quantities: { [projector.id]: 1 } }), otherSpace.id, VIEWER_ZONE, order);
    if (!built.ok) throw new Error('incomplete');
    const preview = await routes.preview(built.body);
    expect(preview.problems[0]).toMatchObject({ status: 409, conflicts: [{ targetId: projector.id, start: nyc('10:00'), end: nyc('11:30') }] });
    expect(await refusalOf(routes.create(built.body, randomUUID()))).toEqual(preview.problems[0]);
  });

  it('previews broken rules by field, the same the real request is refused with, on the inputs the form shows them beside', async () => {
    const { routes } = await booker();
    // Before opening (08:00 in New York), and more people than the room holds.
    const built = requestBody(draft('06:00', '07:00', { participants: '9', quantities: { [projector.id]: 3 } }), otherSpace.id, VIEWER_ZONE, order);
    if (!built.ok) throw new Error('incomplete');
    const preview = await routes.preview(built.body);
    const [problem] = preview.problems;
    expect(problem).toMatchObject({ status: 422, type: 'urn:reserva:problem:rule-violated' });
    expect(await refusalOf(routes.create(built.body, randomUUID()))).toEqual(problem);
    const fields = problem!.errors!.map((e) => draftFieldOf(e.field, built.body.resources ?? []));
    expect(new Set(fields)).toEqual(new Set(['startTime', 'participants', `resource:${projector.id}`]));
  });

  it('changes only what the draft changed, at the booking’s revision; a stale revision is refused alike in preview and change', async () => {
    const edited = { ...draftFromBooking(first, VIEWER_ZONE), participants: '4' };
    const built = changeBody(edited, first, VIEWER_ZONE, order);
    if (!built.ok) throw new Error('incomplete');
    expect(built.body).toEqual({ participants: 4 });
    expect(await ana.routes.previewChange(first.id, built.body, first.revision)).toEqual({ acceptable: true, outcome: 'confirmed', problems: [] });
    const changed = await ana.routes.change(first.id, built.body, first.revision);
    expect(changed.revision).toBeGreaterThan(first.revision);
    expect(await ana.routes.get(first.id)).toMatchObject({ participants: 4, start: first.start, end: first.end, resources: first.resources, revision: changed.revision });

    const again = changeBody({ ...edited, participants: '3' }, first, VIEWER_ZONE, order);
    if (!again.ok) throw new Error('incomplete');
    const stale = await ana.routes.previewChange(first.id, again.body, first.revision);
    expect(stale.problems[0]).toMatchObject({ status: 412 });
    expect(await refusalOf(ana.routes.change(first.id, again.body, first.revision))).toEqual(stale.problems[0]);
  });
});
