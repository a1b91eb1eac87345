import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGoogleCalendar, type FakeGoogleCalendar, type RecordedRequest } from '../../../test/support/fake-google-calendar.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { ensureIdentitySchema } from '../../identity/infrastructure/postgres/identity-schema.js';
import { PostgresPersonalDataVault } from '../../identity/infrastructure/postgres/postgres-personal-data-vault.js';
import type { RunningConsumer } from '../../messaging/consumer.js';
import { eventToMessage } from '../../messaging/event-message.js';
import { InProcessBus } from '../../messaging/in-process-bus.js';
import { ensureMessagingSchema } from '../../messaging/messaging-schema.js';
import type { Logger } from '../../platform/tokens.js';
import type { RecordedEvent } from '../../shared/event-store/event-store.js';
import { ValidationError } from '../../shared/domain/errors.js';
import { GoogleCalendarConnections } from '../application/google-calendar-connections.js';
import { googleEventId } from '../application/google-calendar-event.js';
import { GOOGLE_CALENDAR_SCOPES } from '../application/google-calendar-ports.js';
import { googleCalendarConsumer, startGoogleCalendarConsumer } from './google-calendar-consumer.js';
import { GoogleApisGateway } from './google-calendar-gateway.js';
import { PostgresGoogleSyncStore } from './google-sync-store.js';
import { GoogleSyncWorker } from './google-sync-worker.js';

const REDIRECT = 'http://127.0.0.1:9/api/v1/calendar/google/callback';
const SETTINGS = 'https://reserva.example.com/settings/calendar';
const PUBLIC_URL = 'https://reserva.example.com';
const SITE_ID = randomUUID();
const SPACE_ID = randomUUID();
const LOCATION = 'Tagus, Lisbon HQ, Rua Augusta 1, Lisbon';
const at = (iso: string) => new Date(iso).toISOString();

/**
 * Google Calendar sync end to end below HTTP: booking events on the in-process bus, the sync
 * consumer and worker on a real PostgreSQL, the real googleapis client against the local fake
 * Google, and the exact requests Google received.
 */
describe('Google Calendar sync (consumer, worker, googleapis against a fake Google)', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let bus: InProcessBus;
  let consumer: RunningConsumer;
  let fake: FakeGoogleCalendar;
  let vault: PostgresPersonalDataVault;
  let store: PostgresGoogleSyncStore;
  let connections: GoogleCalendarConnections;
  let worker: GoogleSyncWorker;
  const logs: string[] = [];
  const log: Logger = { info: (m, f) => logs.push(JSON.stringify([m, f])), warn: (m, f) => logs.push(JSON.stringify([m, f])), error: (m, f) => logs.push(JSON.stringify([m, f])) };
  let delivered = 0;
  let position = 0n;
  /** The clock of the consumer and the worker: tests move it on to make retries due. */
  let now = new Date();

  beforeAll(async () => {
    db = await createTestDatabase('google_sync');
    pool = new pg.Pool({ connectionString: db.url, max: 10 });
    await ensureIdentitySchema(pool);
    await ensureMessagingSchema(pool);
    fake = await startFakeGoogleCalendar();
    bus = new InProcessBus(pool, { pollMs: 20 });
    consumer = await startGoogleCalendarConsumer({ pool, source: bus, publisher: bus, clock: () => now });
    vault = new PostgresPersonalDataVault(pool);
    store = new PostgresGoogleSyncStore(pool);
    const gateway = new GoogleApisGateway({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      redirectUrl: REDIRECT,
      endpoints: { apiRootUrl: fake.env.GOOGLE_API_ROOT_URL, authUrl: fake.env.GOOGLE_OAUTH_AUTH_URL, tokenUrl: fake.env.GOOGLE_OAUTH_TOKEN_URL, revokeUrl: fake.env.GOOGLE_OAUTH_REVOKE_URL },
    });
    connections = new GoogleCalendarConnections({ store, gateway, vault, settingsUrl: SETTINGS, bookerOf: async () => null, log });
    worker = new GoogleSyncWorker({ store, gateway, vault, publicUrl: PUBLIC_URL, log, clock: () => now, random: () => 0.5 });
    await deliver(
      recorded(`site-${SITE_ID}`, 0, 'SiteRegistered', { siteId: SITE_ID, name: 'Lisbon HQ', address: 'Rua Augusta 1', city: 'Lisbon', latitude: 38.7, longitude: -9.1, timeZone: 'Europe/Lisbon', kind: 'office' }),
      recorded(`space-${SPACE_ID}`, 0, 'SpaceCreated', { spaceId: SPACE_ID, siteId: SITE_ID, timeZone: 'Europe/Lisbon', name: 'Tagus', kind: 'meeting_room', capacity: 8, amenities: [], photoUrls: [], description: '' }),
    );
  });
  afterAll(async () => {
    await consumer?.stop();
    await fake?.close();
    await pool?.end();
    await db?.drop();
  });

  function recorded(streamId: string, revision: number, type: string, data: unknown): RecordedEvent {
    position += 1n;
    return {
      id: randomUUID(), type, streamId, revision, position: { commit: position, prepare: position }, data, recordedAt: new Date().toISOString(),
      metadata: { schemaVersion: 1, occurredAt: new Date().toISOString(), actor: { id: 'system', kind: 'system' }, correlationId: randomUUID(), causationId: randomUUID() },
    };
  }

  /** A booking's events, one call per event, revisions in order. */
  function aBooking(bookerId: string, start: string, end: string, purpose = 'Planning') {
    const id = randomUUID();
    let revision = -1;
    const next = (type: string, data: object) => recorded(`booking-${id}`, ++revision, type, { bookingId: id, ...data });
    const placement = (n: number, s: string, e: string) => ({ placement: n, start: s, end: e, holdUntil: e, participants: 2, resources: [], buckets: [], reservations: [] });
    return {
      id,
      eventId: googleEventId(id),
      requested: () => next('BookingRequested', { bookerId, spaceId: SPACE_ID, siteId: SITE_ID, timeZone: 'Europe/Lisbon', purpose, approvalRequired: false, changeDeadlineMinutes: 0, ...placement(1, start, end) }),
      confirmed: () => next('BookingConfirmed', { placement: 1 }),
      changeRequested: (n: number, s: string, e: string) => next('BookingChangeRequested', { purpose, requestedBy: bookerId, ...placement(n, s, e) }),
      changed: (n: number) => next('BookingChanged', { placement: n }),
      cancelled: () => next('BookingCancelled', { cancelledBy: bookerId, reason: 'plans changed', override: false }),
    };
  }

  /** Publishes the events and waits until the consumer has handled every message published so far. */
  async function deliver(...events: RecordedEvent[]): Promise<void> {
    await bus.publish(events.map((e) => eventToMessage(e)!));
    delivered += events.length;
    await until(() => {
      const s = consumer.stats();
      return s.processed + s.duplicatesSkipped >= delivered;
    });
  }

  async function until(check: () => boolean | Promise<boolean>): Promise<void> {
    for (let i = 0; !(await check()); i++) {
      if (i > 500) throw new Error('condition not met within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The browser's trip to the consent page: Google's redirect back, as the callback receives it. */
  async function consent(authorizationUrl: string): Promise<{ code?: string; state?: string; error?: string }> {
    const res = await fetch(authorizationUrl, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(REDIRECT);
    const param = (name: string) => back.searchParams.get(name) ?? undefined;
    return { code: param('code'), state: param('state'), error: param('error') };
  }

  /** A person who has connected `account` through the whole authorization code flow. */
  async function connected(account: string): Promise<string> {
    const userId = randomUUID();
    fake.consent = { account, answer: 'allow' };
    const { authorizationUrl } = await connections.begin(userId, now);
    expect(await connections.complete(await consent(authorizationUrl), now)).toBe(`${SETTINGS}?google=connected`);
    return userId;
  }

  const since = (mark: number) => fake.requests.slice(mark);
  const lines = (requests: RecordedRequest[]) => requests.map((r) => `${r.method} ${r.path}`);
  const eventsPath = (calendarId: string, eventId?: string) => `/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events${eventId ? `/${eventId}` : ''}`;
  const later = (ms: number) => (now = new Date(now.getTime() + ms));

  it('connects through the authorization code flow and keeps the refresh token only sealed with the person’s key', async () => {
    const userId = randomUUID();
    const { authorizationUrl } = await connections.begin(userId, now);
    const url = new URL(authorizationUrl);
    expect(`${url.origin}${url.pathname}`).toBe(fake.env.GOOGLE_OAUTH_AUTH_URL);
    const state = url.searchParams.get('state')!;
    expect(Object.fromEntries(url.searchParams)).toEqual({
      access_type: 'offline', prompt: 'consent', scope: GOOGLE_CALENDAR_SCOPES.join(' '), state, response_type: 'code', client_id: fake.clientId, redirect_uri: REDIRECT,
    });
    expect(state.length).toBeGreaterThanOrEqual(43);
    const states = await pool.query('SELECT state_hash, user_id FROM google_sync.oauth_states WHERE user_id = $1', [userId]);
    expect(states.rows).toEqual([{ state_hash: expect.stringMatching(/^[0-9a-f]{64}$/), user_id: userId }]);

    fake.consent = { account: 'connect@example.com', answer: 'allow' };
    const mark = fake.requests.length;
    const back = await consent(authorizationUrl);
    expect(await connections.complete(back, now)).toBe(`${SETTINGS}?google=connected`);
    const exchange = since(mark).filter((r) => r.path === '/token');
    expect(exchange.map((r) => r.body)).toEqual([{ code: back.code, grant_type: 'authorization_code', redirect_uri: REDIRECT, client_id: fake.clientId, client_secret: fake.clientSecret }]);

    const refreshToken = fake.refreshTokenOf('connect@example.com')!;
    const { rows } = await pool.query<{ refresh_token: unknown; calendar_id: string }>('SELECT refresh_token, calendar_id FROM google_sync.connections WHERE user_id = $1', [userId]);
    expect(rows).toEqual([{ refresh_token: { keyOwner: userId, alg: 'A256GCM', iv: expect.any(String), data: expect.any(String) }, calendar_id: 'primary' }]);
    expect(await vault.open(rows[0]!.refresh_token as never)).toEqual({ refreshToken });
    const everything = await pool.query(`SELECT string_agg(t::text, ' ') AS text FROM (SELECT c::text AS t FROM google_sync.connections c UNION ALL SELECT s::text FROM google_sync.oauth_states s) x`);
    expect(everything.rows[0].text).not.toContain(refreshToken);
    expect(logs.join('\n')).not.toContain(refreshToken);

    // The state is used up: the same callback again stores nothing.
    expect(await connections.complete(back, now)).toBe(`${SETTINGS}?google=error&reason=invalid_state`);
    expect((await pool.query('SELECT 1 FROM google_sync.oauth_states WHERE user_id = $1', [userId])).rowCount).toBe(0);
    expect(await connections.status(userId, now)).toEqual({
      connected: true,
      calendarId: 'primary',
      calendars: [
        { id: 'connect@example.com', summary: 'connect@example.com', primary: true },
        { id: 'team-connectexamplecom@group.calendar.google.com', summary: 'Team rooms', primary: false },
      ],
    });
  });

  it('stores nothing for a refused consent, an unknown or expired state, or a grant without calendar access', async () => {
    const userId = randomUUID();
    const begin = async () => (await connections.begin(userId, now)).authorizationUrl;
    fake.consent = { account: 'refuser@example.com', answer: 'deny' };
    const denied = await consent(await begin());
    expect(denied).toEqual({ error: 'access_denied', state: expect.any(String) });
    expect(await connections.complete(denied, now)).toBe(`${SETTINGS}?google=error&reason=access_denied`);

    fake.consent = { account: 'refuser@example.com', answer: 'allow' };
    const good = await consent(await begin());
    expect(await connections.complete({ ...good, state: 'forged' }, now)).toBe(`${SETTINGS}?google=error&reason=invalid_state`);
    expect(await connections.complete({ code: good.code }, now)).toBe(`${SETTINGS}?google=error&reason=invalid_state`);

    const late = await consent(await begin());
    expect(await connections.complete(late, new Date(now.getTime() + 11 * 60_000))).toBe(`${SETTINGS}?google=error&reason=invalid_state`);

    fake.consent = { account: 'refuser@example.com', answer: 'allow', scopes: [GOOGLE_CALENDAR_SCOPES[1]] };
    const mark = fake.requests.length;
    const partial = await consent(await begin());
    expect(await connections.complete(partial, now)).toBe(`${SETTINGS}?google=error&reason=missing_scope`);
    // The useless grant is given back.
    expect(lines(since(mark))).toEqual(['GET /o/oauth2/v2/auth', 'POST /token', 'POST /revoke']);

    expect((await pool.query('SELECT 1 FROM google_sync.connections WHERE user_id = $1', [userId])).rowCount).toBe(0);
    expect(await connections.status(userId, now)).toEqual({ connected: false, calendarId: null });
  });

  it('inserts a new booking under the id derived from it, updates it on change, deletes it on cancel', async () => {
    const ada = await connected('ada@example.com');
    const booking = aBooking(ada, '2030-03-04T09:00:00.000Z', '2030-03-04T10:30:00.000Z', 'Quarterly planning');
    await deliver(booking.requested(), booking.confirmed());
    expect(await connections.bookingStatus(ada, booking.id)).toEqual({ status: 'pending' });

    let mark = fake.requests.length;
    expect(await worker.runOnce(now)).toBe(1);
    const created = since(mark);
    expect(lines(created)).toEqual(['POST /token', `POST ${eventsPath('primary')}`]);
    expect(created[0]!.body).toEqual({ refresh_token: fake.refreshTokenOf('ada@example.com'), client_id: fake.clientId, client_secret: fake.clientSecret, grant_type: 'refresh_token' });
    expect(created[1]!.authorization).toMatch(/^Bearer ya29\./);
    expect(created[1]!.body).toEqual({
      id: booking.eventId,
      summary: 'Quarterly planning',
      location: LOCATION,
      description: `Booked with Reserva: ${PUBLIC_URL}/bookings/${booking.id}`,
      start: { dateTime: '2030-03-04T09:00:00.000Z', timeZone: 'Europe/Lisbon' },
      end: { dateTime: '2030-03-04T10:30:00.000Z', timeZone: 'Europe/Lisbon' },
      status: 'confirmed',
      visibility: 'default',
      extendedProperties: { private: { reservaBookingId: booking.id, reservaUid: `booking-${booking.id}@reserva`, reservaSequence: '1' } },
    });
    expect(await connections.bookingStatus(ada, booking.id)).toEqual({ status: 'synced', syncedAt: now.toISOString() });
    expect(await worker.runOnce(now)).toBe(0);

    await deliver(booking.changeRequested(2, '2030-03-05T14:00:00.000Z', '2030-03-05T15:00:00.000Z'), booking.changed(2));
    mark = fake.requests.length;
    expect(await worker.runOnce(now)).toBe(1);
    const changed = since(mark);
    expect(lines(changed)).toEqual([`PUT ${eventsPath('primary', booking.eventId)}`]);
    expect(changed[0]!.body).toMatchObject({ start: { dateTime: '2030-03-05T14:00:00.000Z', timeZone: 'Europe/Lisbon' }, end: { dateTime: '2030-03-05T15:00:00.000Z', timeZone: 'Europe/Lisbon' } });
    expect(changed[0]!.body.extendedProperties.private.reservaSequence).toBe('2');

    await deliver(booking.cancelled());
    mark = fake.requests.length;
    expect(await worker.runOnce(now)).toBe(1);
    expect(lines(since(mark))).toEqual([`DELETE ${eventsPath('primary', booking.eventId)}`]);
    expect(fake.events('ada@example.com').map((e) => [e.id, e.status, e.start.dateTime])).toEqual([[booking.eventId, 'cancelled', '2030-03-05T14:00:00.000Z']]);
    expect(await connections.bookingStatus(ada, booking.id)).toMatchObject({ status: 'synced' });
  });

  it('never makes a second event: redelivered events, a handler run twice, a push whose outcome was lost', async () => {
    const bea = await connected('bea@example.com');
    const booking = aBooking(bea, '2030-03-06T09:00:00.000Z', '2030-03-06T10:00:00.000Z');
    const requested = booking.requested();
    const confirmed = booking.confirmed();
    await deliver(requested, confirmed, requested, confirmed);
    expect(consumer.stats().duplicatesSkipped).toBeGreaterThanOrEqual(2);
    // Below the processed-event table too: the fold skips revisions it has folded.
    const handle = googleCalendarConsumer(() => new Date());
    const client = await pool.connect();
    try {
      for (const event of [requested, confirmed]) await handle({ ...eventToMessage(event)!, partition: 0, offset: '0' }, client);
    } finally {
      client.release();
    }
    const job = await pool.query('SELECT desired_sequence FROM google_sync.jobs WHERE booking_id = $1', [booking.id]);
    expect(job.rows).toEqual([{ desired_sequence: 1 }]);

    const mark = fake.requests.length;
    expect(await worker.runOnce(now)).toBe(1);
    // A worker that pushed, then died before recording it: the next one finds the event (409) and updates it.
    await pool.query(`UPDATE google_sync.jobs SET status = 'pending', synced_sequence = NULL WHERE booking_id = $1`, [booking.id]);
    expect(await worker.runOnce(now)).toBe(1);
    expect(lines(since(mark).filter((r) => r.path.startsWith('/calendar/')))).toEqual([
      `POST ${eventsPath('primary')}`,
      `POST ${eventsPath('primary')}`,
      `PUT ${eventsPath('primary', booking.eventId)}`,
    ]);
    expect(fake.events('bea@example.com').map((e) => e.id)).toEqual([booking.eventId]);
  });

  it('lets workers in parallel share the due jobs without pushing one twice (SKIP LOCKED)', async () => {
    const cai = await connected('cai@example.com');
    const bookings = Array.from({ length: 6 }, (_, i) => aBooking(cai, `2030-04-0${i + 1}T09:00:00.000Z`, `2030-04-0${i + 1}T10:00:00.000Z`));
    await deliver(...bookings.flatMap((b) => [b.requested(), b.confirmed()]));
    const other = new GoogleSyncWorker({ store, gateway: new GoogleApisGateway({ clientId: fake.clientId, clientSecret: fake.clientSecret, redirectUrl: REDIRECT, endpoints: { apiRootUrl: fake.env.GOOGLE_API_ROOT_URL, tokenUrl: fake.env.GOOGLE_OAUTH_TOKEN_URL } }), vault, publicUrl: PUBLIC_URL, log, clock: () => now, batchSize: 2 });
    const mine = new GoogleSyncWorker({ store, gateway: new GoogleApisGateway({ clientId: fake.clientId, clientSecret: fake.clientSecret, redirectUrl: REDIRECT, endpoints: { apiRootUrl: fake.env.GOOGLE_API_ROOT_URL, tokenUrl: fake.env.GOOGLE_OAUTH_TOKEN_URL } }), vault, publicUrl: PUBLIC_URL, log, clock: () => now, batchSize: 2 });
    const mark = fake.requests.length;
    const handled = (await Promise.all([mine.runOnce(now), other.runOnce(now), mine.runOnce(now), other.runOnce(now), mine.runOnce(now), other.runOnce(now)])).reduce((a, b) => a + b, 0);
    expect(handled).toBe(6);
    expect(since(mark).filter((r) => r.method === 'POST' && r.path.startsWith('/calendar/'))).toHaveLength(6);
    expect(fake.events('cai@example.com').map((e) => e.id).sort()).toEqual(bookings.map((b) => b.eventId).sort());
  });

  it('refreshes an access token Google no longer takes (401), then succeeds', async () => {
    const dee = await connected('dee@example.com');
    const booking = aBooking(dee, '2030-03-07T09:00:00.000Z', '2030-03-07T10:00:00.000Z');
    await deliver(booking.requested(), booking.confirmed());
    await worker.runOnce(now);
    fake.expireAccessTokens();
    await deliver(booking.changeRequested(2, '2030-03-07T11:00:00.000Z', '2030-03-07T12:00:00.000Z'), booking.changed(2));
    const mark = fake.requests.length;
    expect(await worker.runOnce(now)).toBe(1);
    const calls = since(mark);
    expect(lines(calls)).toEqual([`PUT ${eventsPath('primary', booking.eventId)}`, 'POST /token', `PUT ${eventsPath('primary', booking.eventId)}`]);
    expect(calls[1]!.body).toMatchObject({ grant_type: 'refresh_token', refresh_token: fake.refreshTokenOf('dee@example.com') });
    expect(calls[2]!.authorization).not.toBe(calls[0]!.authorization);
    expect(await connections.bookingStatus(dee, booking.id)).toMatchObject({ status: 'synced' });
    expect(fake.events('dee@example.com')[0]!.start.dateTime).toBe('2030-03-07T11:00:00.000Z');
  });

  it('backs off on 429 (Retry-After), 403 rate limit and 503, with jitter, then succeeds', async () => {
    const eve = await connected('eve@example.com');
    const booking = aBooking(eve, '2030-03-08T09:00:00.000Z', '2030-03-08T10:00:00.000Z');
    await deliver(booking.requested(), booking.confirmed());
    fake.failNext(1, { status: 429, retryAfterSeconds: 7 });
    fake.failNext(1, { status: 403 });
    fake.failNext(1, { status: 503 });
    const mark = fake.requests.length;
    const start = now;

    expect(await worker.runOnce(now)).toBe(1);
    expect(await connections.bookingStatus(eve, booking.id)).toEqual({ status: 'pending', lastError: 'Google answered 429: Rate Limit Exceeded' });
    // Retry-After: 7 s exactly.
    expect(await worker.runOnce(later(6_999))).toBe(0);
    expect(await worker.runOnce(later(1))).toBe(1);
    expect(await connections.bookingStatus(eve, booking.id)).toEqual({ status: 'pending', lastError: 'Google answered 403: Rate Limit Exceeded' });
    // Second failure: between 2 and 4 s (2 s · 2¹, jittered); the test's random is 0.5, so 3 s.
    expect(await worker.runOnce(later(2_999))).toBe(0);
    expect(await worker.runOnce(later(1))).toBe(1);
    expect(await connections.bookingStatus(eve, booking.id)).toEqual({ status: 'pending', lastError: 'Google answered 503: The service is currently unavailable.' });
    // Third: 8 s jittered to 6 s.
    expect(await worker.runOnce(later(5_999))).toBe(0);
    expect(await worker.runOnce(later(1))).toBe(1);
    expect(now.getTime() - start.getTime()).toBe(7_000 + 3_000 + 6_000);

    expect(lines(since(mark).filter((r) => r.path.startsWith('/calendar/')))).toEqual(Array(4).fill(`POST ${eventsPath('primary')}`));
    expect(await connections.bookingStatus(eve, booking.id)).toEqual({ status: 'synced', syncedAt: now.toISOString() });
    expect(fake.events('eve@example.com')).toHaveLength(1);
  });

  it('records a refusal as failed, and tries a newer change afresh', async () => {
    const fay = await connected('fay@example.com');
    const booking = aBooking(fay, '2030-03-09T09:00:00.000Z', '2030-03-09T10:00:00.000Z');
    await deliver(booking.requested(), booking.confirmed());
    fake.failNext(1, { status: 400, reason: 'invalid' });
    expect(await worker.runOnce(now)).toBe(1);
    expect(await connections.bookingStatus(fay, booking.id)).toEqual({ status: 'failed', lastError: 'Google answered 400: invalid' });
    expect(await worker.runOnce(later(3_600_000))).toBe(0);

    await deliver(booking.changeRequested(2, '2030-03-09T11:00:00.000Z', '2030-03-09T12:00:00.000Z'), booking.changed(2));
    expect(await worker.runOnce(now)).toBe(1);
    expect(await connections.bookingStatus(fay, booking.id)).toMatchObject({ status: 'synced' });
    expect(fake.events('fay@example.com').map((e) => e.start.dateTime)).toEqual(['2030-03-09T11:00:00.000Z']);
  });

  it('stops on invalid_grant (access revoked at Google): disconnected, nothing claimed until the person connects again', async () => {
    const gus = await connected('gus@example.com');
    const booking = aBooking(gus, '2030-03-10T09:00:00.000Z', '2030-03-10T10:00:00.000Z');
    await deliver(booking.requested(), booking.confirmed());
    await worker.runOnce(now);
    fake.revokeAccess('gus@example.com');
    await deliver(booking.changeRequested(2, '2030-03-10T13:00:00.000Z', '2030-03-10T14:00:00.000Z'), booking.changed(2));
    let mark = fake.requests.length;
    expect(await worker.runOnce(now)).toBe(1);
    expect(lines(since(mark))).toEqual([`PUT ${eventsPath('primary', booking.eventId)}`, 'POST /token']);
    expect(await connections.status(gus, now)).toEqual({ connected: false, calendarId: null, disconnectReason: 'access_revoked' });
    expect(await connections.bookingStatus(gus, booking.id)).toEqual({ status: 'not_connected' });
    expect((await pool.query('SELECT refresh_token FROM google_sync.connections WHERE user_id = $1', [gus])).rows).toEqual([{ refresh_token: null }]);
    expect(await worker.runOnce(later(3_600_000))).toBe(0);

    // Connecting again brings the upcoming booking back (the event is found and updated).
    fake.consent = { account: 'gus@example.com', answer: 'allow' };
    const { authorizationUrl } = await connections.begin(gus, now);
    expect(await connections.complete(await consent(authorizationUrl), now)).toBe(`${SETTINGS}?google=connected`);
    mark = fake.requests.length;
    expect(await worker.runOnce(now)).toBe(1);
    expect(lines(since(mark))).toEqual(['POST /token', `POST ${eventsPath('primary')}`, `PUT ${eventsPath('primary', booking.eventId)}`]);
    expect(fake.events('gus@example.com').map((e) => e.start.dateTime)).toEqual(['2030-03-10T13:00:00.000Z']);
  });

  it('fills the calendar with the upcoming bookings made before connecting, and only those', async () => {
    const hal = randomUUID();
    const upcoming = aBooking(hal, '2030-05-01T09:00:00.000Z', '2030-05-01T10:00:00.000Z', 'upcoming');
    const past = aBooking(hal, '2020-05-01T09:00:00.000Z', '2020-05-01T10:00:00.000Z', 'past');
    const cancelled = aBooking(hal, '2030-05-02T09:00:00.000Z', '2030-05-02T10:00:00.000Z', 'cancelled');
    await deliver(upcoming.requested(), upcoming.confirmed(), past.requested(), past.confirmed(), cancelled.requested(), cancelled.cancelled());
    expect((await pool.query('SELECT 1 FROM google_sync.jobs WHERE user_id = $1', [hal])).rowCount).toBe(0);

    fake.consent = { account: 'hal@example.com', answer: 'allow' };
    const { authorizationUrl } = await connections.begin(hal, now);
    await connections.complete(await consent(authorizationUrl), now);
    expect(await worker.runOnce(now)).toBe(1);
    expect(fake.events('hal@example.com').map((e) => e.summary)).toEqual(['upcoming']);
    expect(await connections.bookingStatus(hal, past.id)).toEqual({ status: 'not_connected' });
  });

  it('moves upcoming events to the calendar the person picks, which must be one they can write', async () => {
    const ivy = await connected('ivy@example.com');
    const booking = aBooking(ivy, '2030-03-11T09:00:00.000Z', '2030-03-11T10:00:00.000Z');
    await deliver(booking.requested(), booking.confirmed());
    await worker.runOnce(now);

    await expect(connections.chooseCalendar(ivy, 'en.uk#holiday-ivyexamplecom@group.v.calendar.google.com', now)).rejects.toBeInstanceOf(ValidationError);
    await expect(connections.chooseCalendar(ivy, 'someone-else@example.com', now)).rejects.toThrow('calendarId: is not one of your Google calendars you can add events to');
    expect((await connections.status(ivy, now)).calendarId).toBe('primary');

    const team = 'team-ivyexamplecom@group.calendar.google.com';
    expect(await connections.chooseCalendar(ivy, team, now)).toMatchObject({ connected: true, calendarId: team });
    const mark = fake.requests.length;
    expect(await worker.runOnce(now)).toBe(1);
    expect(lines(since(mark))).toEqual([`DELETE ${eventsPath('primary', booking.eventId)}`, `POST ${eventsPath(team)}`]);
    expect(fake.events(team).map((e) => [e.id, e.status])).toEqual([[booking.eventId, 'confirmed']]);
    expect(fake.events('ivy@example.com').map((e) => e.status)).toEqual(['cancelled']);
  });

  it('disconnects: revokes the grant at Google, forgets it, and syncs no later booking', async () => {
    const jo = await connected('jo@example.com');
    const refreshToken = fake.refreshTokenOf('jo@example.com')!;
    const mark = fake.requests.length;
    expect(await connections.disconnect(jo)).toEqual({ revoked: true });
    expect(since(mark).map((r) => [r.method, r.path, r.query])).toEqual([['POST', '/revoke', { token: refreshToken }]]);
    expect(fake.revokedTokens()).toContain(refreshToken);
    expect((await pool.query('SELECT 1 FROM google_sync.connections WHERE user_id = $1', [jo])).rowCount).toBe(0);

    const booking = aBooking(jo, '2030-03-12T09:00:00.000Z', '2030-03-12T10:00:00.000Z');
    await deliver(booking.requested(), booking.confirmed());
    expect((await pool.query('SELECT 1 FROM google_sync.jobs WHERE user_id = $1', [jo])).rowCount).toBe(0);
    const after = fake.requests.length;
    expect(await worker.runOnce(now)).toBe(0);
    expect(fake.requests.length).toBe(after);
    expect(await connections.bookingStatus(jo, booking.id)).toEqual({ status: 'not_connected' });
    expect(await connections.disconnect(jo)).toEqual({ revoked: false });
  });

  it('forgets an erased person: connection, jobs and bookings; their sealed token no longer opens', async () => {
    const kim = await connected('kim@example.com');
    const booking = aBooking(kim, '2030-03-13T09:00:00.000Z', '2030-03-13T10:00:00.000Z');
    await deliver(booking.requested(), booking.confirmed());
    const sealed = (await pool.query('SELECT refresh_token FROM google_sync.connections WHERE user_id = $1', [kim])).rows[0].refresh_token;
    await vault.erase(kim);
    expect(await vault.open(sealed)).toBeNull();
    // Before UserErased arrives, the worker finds the token unreadable and stops.
    expect(await worker.runOnce(now)).toBe(1);
    expect(await connections.status(kim, now)).toEqual({ connected: false, calendarId: null, disconnectReason: 'erased' });
    await deliver(recorded(`user-${kim}`, 5, 'UserErased', { userId: kim }));
    for (const table of ['connections', 'jobs']) expect((await pool.query(`SELECT 1 FROM google_sync.${table} WHERE user_id = $1`, [kim])).rowCount).toBe(0);
    expect((await pool.query('SELECT 1 FROM google_sync.entries WHERE booker_id = $1', [kim])).rowCount).toBe(0);
  });

  it('answers for the booker only: anyone else’s booking is not found', async () => {
    const lea = await connected('lea@example.com');
    const booking = aBooking(lea, '2030-03-14T09:00:00.000Z', '2030-03-14T10:00:00.000Z');
    await deliver(booking.requested());
    await expect(connections.bookingStatus(randomUUID(), booking.id)).rejects.toThrow(`booking ${booking.id} was not found`);
    await expect(connections.bookingStatus(lea, randomUUID())).rejects.toThrow('was not found');
    expect(at((await store.findConnection(lea))!.connectedAt)).toBe(now.toISOString());
  });
});
