import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGoogleCalendar, type FakeGoogleCalendar, type FakeEvent } from '../../../test/support/fake-google-calendar.js';
import { startTestServer, type Client, type TestServer } from '../../../test/support/test-server.js';
import { googleEventId } from '../../calendar/application/google-calendar-event.js';
import { GOOGLE_CALENDAR_SCOPES } from '../../calendar/application/google-calendar-ports.js';

const PUBLIC_URL = 'http://reserva.test';
const CONNECTION = '/api/v1/calendar/google/connection';
const alwaysOpen = { openingHours: null, slotMinutes: 15, minDurationMinutes: 15, maxDurationMinutes: 600, maxAdvanceDays: 60, bufferMinutes: 0, changeDeadlineMinutes: 0, approvalRequired: false };
const DAY = (() => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 10);
  return d.toISOString().slice(0, 10);
})();
const at = (hhmm: string) => `${DAY}T${hhmm}:00Z`;

async function until<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await probe();
    if (value) return value;
    if (i > 300) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The whole product (API, relay, consumers, the Google sync worker on the in-process bus) with
 * the real googleapis client pointed at the local fake Google: connect through the browser
 * flow, book through the API, and see the exact requests Google received.
 */
describe('Google Calendar sync through the API', () => {
  let fake: FakeGoogleCalendar;
  let server: TestServer;
  let admin: Client;
  let spaceId: string;

  beforeAll(async () => {
    fake = await startFakeGoogleCalendar();
    server = await startTestServer({ ...fake.env, PUBLIC_URL }, { messaging: true });
    admin = server.as(randomUUID(), ['admin']);
    const site = await admin('POST', '/api/v1/sites', { body: { name: 'Harbour House', address: '2 Quay St', city: 'Cork', latitude: 51.9, longitude: -8.47, timeZone: 'UTC', kind: 'office' } });
    expect(site.status).toBe(201);
    const space = await admin('POST', '/api/v1/spaces', { body: { siteId: site.body.id, name: 'Lee Room', kind: 'meeting_room', capacity: 6, policy: alwaysOpen } });
    expect(space.status).toBe(201);
    spaceId = space.body.id;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  /** The browser's round trip: our authorization URL → Google's consent → our callback → the settings page. */
  async function browserConsent(client: Client): Promise<{ authorizationUrl: URL; settings: URL; callback: Response }> {
    const started = await client('POST', CONNECTION);
    expect(started.status).toBe(200);
    const authorizationUrl = new URL(started.body.authorizationUrl);
    const atGoogle = await fetch(authorizationUrl, { redirect: 'manual' });
    const back = new URL(atGoogle.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(`${PUBLIC_URL}/api/v1/calendar/google/callback`);
    // PUBLIC_URL stands for this server.
    const callback = await fetch(`${server.baseUrl}${back.pathname}${back.search}`, { redirect: 'manual' });
    return { authorizationUrl, settings: new URL(callback.headers.get('location') ?? 'about:blank'), callback };
  }

  const book = async (client: Client, start: string, end: string, purpose: string) => {
    const res = await client('POST', '/api/v1/bookings', { body: { spaceId, start, end, purpose, participants: 2, resources: [] } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const eventOf = (account: string, bookingId: string) => fake.events(account).find((e) => e.id === googleEventId(bookingId));
  // Strong: a booking just made may not be in the read models yet.
  const syncStatus = (client: Client, bookingId: string) => client('GET', `/api/v1/calendar/google/bookings/${bookingId}`, { strong: true });

  /** Whether `text` is anywhere in the database: every table of every schema, text and bytea alike. */
  async function databaseContains(text: string): Promise<string[]> {
    const tables = await server.pool.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    const found: string[] = [];
    for (const { schema, name } of tables.rows) {
      const hit = await server.pool.query(`SELECT 1 FROM "${schema}"."${name}" t WHERE strpos(t::text, $1) > 0 OR strpos(t::text, encode(convert_to($1, 'UTF8'), 'hex')) > 0 LIMIT 1`, [text]);
      if (hit.rowCount) found.push(`${schema}.${name}`);
    }
    return found;
  }

  it('connects, then creates, updates and deletes each booking in the chosen calendar; the refresh token is stored nowhere in clear', async () => {
    const aliceId = randomUUID();
    const alice = server.as(aliceId, ['booker']);
    fake.consent = { account: 'alice@example.com', answer: 'allow' };
    const { authorizationUrl, settings, callback } = await browserConsent(alice);
    expect(Object.fromEntries(authorizationUrl.searchParams)).toEqual({
      access_type: 'offline', prompt: 'consent', scope: GOOGLE_CALENDAR_SCOPES.join(' '), state: expect.any(String), response_type: 'code',
      client_id: fake.clientId, redirect_uri: `${PUBLIC_URL}/api/v1/calendar/google/callback`,
    });
    expect(callback.status).toBe(303);
    expect(callback.headers.get('referrer-policy')).toBe('no-referrer');
    expect(settings.toString()).toBe(`${PUBLIC_URL}/settings/calendar?google=connected`);
    expect((await alice('GET', CONNECTION)).body).toEqual({
      available: true,
      connected: true,
      calendarId: 'primary',
      calendars: [
        { id: 'alice@example.com', summary: 'alice@example.com', primary: true },
        { id: 'team-aliceexamplecom@group.calendar.google.com', summary: 'Team rooms', primary: false },
      ],
    });

    const bookingId = await book(alice, at('09:00'), at('10:00'), 'Design review');
    // While the booking is being placed the event may briefly show it tentative.
    const created = await until(async () => eventOf('alice@example.com', bookingId)?.status === 'confirmed' && eventOf('alice@example.com', bookingId), 'the event in Google');
    expect(created).toMatchObject({ summary: 'Design review', location: 'Lee Room, Harbour House, 2 Quay St, Cork', status: 'confirmed', start: { dateTime: `${DAY}T09:00:00.000Z`, timeZone: 'UTC' }, end: { dateTime: `${DAY}T10:00:00.000Z`, timeZone: 'UTC' } });
    const synced = await until(async () => {
      const res = await syncStatus(alice, bookingId);
      return res.body.status === 'synced' && res;
    }, 'synced status');
    expect(synced.body).toEqual({ status: 'synced', syncedAt: expect.any(String) });
    const inserts = () => fake.calendarRequests().filter((r) => r.method === 'POST' && r.body?.id === googleEventId(bookingId));
    expect(inserts()).toHaveLength(1);

    expect((await alice('PATCH', `/api/v1/bookings/${bookingId}`, { body: { start: at('11:00'), end: at('12:30') } })).status).toBe(200);
    const moved = await until(async () => eventOf('alice@example.com', bookingId)?.start.dateTime === `${DAY}T11:00:00.000Z` && eventOf('alice@example.com', bookingId), 'the event moved');
    expect(moved.end.dateTime).toBe(`${DAY}T12:30:00.000Z`);
    expect(fake.calendarRequests().filter((r) => r.method === 'PUT' && r.path.endsWith(googleEventId(bookingId)) && r.body.start.dateTime === `${DAY}T11:00:00.000Z`)).toHaveLength(1);

    expect((await alice('POST', `/api/v1/bookings/${bookingId}/cancel`, { body: { reason: 'no longer needed' } })).status).toBe(200);
    await until(async () => eventOf('alice@example.com', bookingId)?.status === 'cancelled', 'the event deleted');
    expect(fake.calendarRequests().filter((r) => r.method === 'DELETE' && r.path.endsWith(googleEventId(bookingId)))).toHaveLength(1);
    expect(inserts()).toHaveLength(1);

    const refreshToken = fake.refreshTokenOf('alice@example.com')!;
    expect(await databaseContains(refreshToken)).toEqual([]);
    expect(await databaseContains(fake.clientSecret)).toEqual([]);
    expect((await server.pool.query('SELECT refresh_token FROM google_sync.connections WHERE user_id = $1', [aliceId])).rows[0].refresh_token).toMatchObject({ keyOwner: aliceId, alg: 'A256GCM' });
  });

  it("answers a booking's sync status to its booker only: anyone else's is not found, like a missing one", async () => {
    const daveId = randomUUID();
    const dave = server.as(daveId, ['booker']);
    const eve = server.as(randomUUID(), ['booker']);
    const staff = server.as(randomUUID(), ['staff']);
    const bookingId = await book(dave, at('13:00'), at('14:00'), 'Dave only');
    // The sync consumer learns of the booking asynchronously; until then it is unknown to everyone.
    await until(async () => (await server.pool.query('SELECT 1 FROM google_sync.entries WHERE booking_id = $1', [bookingId])).rowCount === 1, 'the booking folded');
    expect((await syncStatus(dave, bookingId)).body).toEqual({ status: 'not_connected' });
    const problem = (res: { status: number; body: any }, id: string) => ({ status: res.status, type: res.body.type, detail: String(res.body.detail).replaceAll(id, '<id>') });
    const missing = randomUUID();
    for (const other of [eve, staff]) expect(problem(await syncStatus(other, bookingId), bookingId)).toEqual(problem(await syncStatus(eve, missing), missing));
    expect((await syncStatus(eve, missing)).status).toBe(404);
    expect((await syncStatus(dave, 'not-a-uuid')).status).toBe(400);
  });

  it('refuses a calendar the person cannot write and a malformed choice, changing nothing; a writable one takes the bookings', async () => {
    const carolId = randomUUID();
    const carol = server.as(carolId, ['booker']);
    fake.consent = { account: 'carol@example.com', answer: 'allow' };
    expect((await browserConsent(carol)).settings.searchParams.get('google')).toBe('connected');

    const reader = await carol('PUT', CONNECTION, { body: { calendarId: 'en.uk#holiday-carolexamplecom@group.v.calendar.google.com' } });
    expect(reader.status).toBe(422);
    expect(reader.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reader.body.errors).toEqual([{ field: 'calendarId', message: 'is not one of your Google calendars you can add events to' }]);
    expect((await carol('PUT', CONNECTION, { body: { calendarId: 'alice@example.com' } })).status).toBe(422);
    const malformed = await carol('PUT', CONNECTION, { body: { calendar: 'x' } });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await carol('GET', CONNECTION)).body.calendarId).toBe('primary');

    const team = 'team-carolexamplecom@group.calendar.google.com';
    expect((await carol('PUT', CONNECTION, { body: { calendarId: team } })).body).toMatchObject({ connected: true, calendarId: team });
    const bookingId = await book(carol, at('15:00'), at('16:00'), 'Team sync');
    const event = await until(async () => fake.events(team).find((e: FakeEvent) => e.id === googleEventId(bookingId)), 'the event in the team calendar');
    expect(event.summary).toBe('Team sync');
    expect(fake.events('carol@example.com')).toEqual([]);
  });

  it('stores nothing when the state is bad or consent is refused, and says so on the settings page', async () => {
    const frankId = randomUUID();
    const frank = server.as(frankId, ['booker']);
    const forged = await fetch(`${server.baseUrl}/api/v1/calendar/google/callback?code=4%2F0Aforged&state=forged`, { redirect: 'manual' });
    expect(forged.status).toBe(303);
    expect(forged.headers.get('location')).toBe(`${PUBLIC_URL}/settings/calendar?google=error&reason=invalid_state`);
    const bare = await fetch(`${server.baseUrl}/api/v1/calendar/google/callback`, { redirect: 'manual' });
    expect(bare.headers.get('location')).toBe(`${PUBLIC_URL}/settings/calendar?google=error&reason=invalid_state`);

    fake.consent = { account: 'frank@example.com', answer: 'deny' };
    const denied = await browserConsent(frank);
    expect(denied.settings.toString()).toBe(`${PUBLIC_URL}/settings/calendar?google=error&reason=access_denied`);
    expect((await frank('GET', CONNECTION)).body).toEqual({ available: true, connected: false, calendarId: null });
    expect((await server.pool.query('SELECT 1 FROM google_sync.connections WHERE user_id = $1', [frankId])).rowCount).toBe(0);
  });

  it('disconnects: the grant is revoked at Google, and later bookings are not synced', async () => {
    const graceId = randomUUID();
    const grace = server.as(graceId, ['booker']);
    fake.consent = { account: 'grace@example.com', answer: 'allow' };
    await browserConsent(grace);
    const refreshToken = fake.refreshTokenOf('grace@example.com')!;
    const revokes = fake.requests.filter((r) => r.path === '/revoke').length;
    expect((await grace('DELETE', CONNECTION)).body).toEqual({ disconnected: true, revoked: true });
    expect(fake.requests.filter((r) => r.path === '/revoke').slice(revokes).map((r) => r.query)).toEqual([{ token: refreshToken }]);
    expect((await grace('GET', CONNECTION)).body).toEqual({ available: true, connected: false, calendarId: null });

    const requests = fake.calendarRequests().length;
    const bookingId = await book(grace, at('17:00'), at('18:00'), 'After disconnecting');
    // Once the sync consumer has folded the booking, it has decided: no job for it.
    await until(async () => (await server.pool.query('SELECT 1 FROM google_sync.entries WHERE booking_id = $1', [bookingId])).rowCount === 1, 'the booking folded');
    expect((await server.pool.query('SELECT 1 FROM google_sync.jobs WHERE booking_id = $1', [bookingId])).rowCount).toBe(0);
    expect((await syncStatus(grace, bookingId)).body).toEqual({ status: 'not_connected' });
    expect(fake.calendarRequests().slice(requests).filter((r) => JSON.stringify(r).includes(googleEventId(bookingId)))).toEqual([]);
  });
});

describe('Google Calendar sync on a server without a Google OAuth client', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(() => server?.close());

  it('says so on the connection status, and answers 503 google-calendar-not-configured on every other route', async () => {
    const someone = server.as(randomUUID(), ['booker']);
    const status = await someone('GET', CONNECTION);
    expect(status.status).toBe(200);
    expect(status.body).toEqual({ available: false, connected: false, calendarId: null });
    for (const [method, path] of [['POST', CONNECTION], ['DELETE', CONNECTION], ['GET', `/api/v1/calendar/google/bookings/${randomUUID()}`]] as const) {
      const res = await someone(method, path);
      expect(res.status, `${method} ${path}`).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe('urn:reserva:problem:google-calendar-not-configured');
    }
    expect((await someone('PUT', CONNECTION, { body: { calendarId: 'primary' } })).status).toBe(503);
    expect((await server.anonymous('GET', '/api/v1/calendar/google/callback?code=x&state=y')).status).toBe(503);
    expect((await server.anonymous('POST', CONNECTION)).status).toBe(401);
  });

  it('documents the routes in a valid OpenAPI document', async () => {
    const doc = (await server.anonymous('GET', '/api/openapi.json')).body;
    expect(Object.keys(doc.paths[CONNECTION]).sort()).toEqual(['delete', 'get', 'post', 'put']);
    expect(Object.keys(doc.paths['/api/v1/calendar/google/bookings/{bookingId}'])).toEqual(['get']);
    expect(doc.paths[CONNECTION].put.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ChooseGoogleCalendarRequest' });
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
  });
});
