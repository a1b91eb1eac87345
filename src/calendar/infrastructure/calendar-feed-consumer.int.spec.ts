import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import type { DomainEvent } from '../../shared/domain/decider.js';
import type { RecordedEvent } from '../../shared/event-store/event-store.js';
import type { RunningConsumer } from '../../messaging/consumer.js';
import { eventToMessage } from '../../messaging/event-message.js';
import { InProcessBus } from '../../messaging/in-process-bus.js';
import { HEADERS } from '../../messaging/message.js';
import { ensureMessagingSchema } from '../../messaging/messaging-schema.js';
import { CalendarFeeds } from '../application/calendar-feeds.js';
import { BOOKING_ID, cancelled, changed, changeRequested, confirmed, parseIcs, requested } from '../domain/ics-fixtures.js';
import { PostgresCalendarFeedReader } from './calendar-feed-reader.js';
import { startCalendarFeedConsumer } from './calendar-feed-consumer.js';
import { PostgresFeedTokenStore } from './feed-token-store.js';
import { randomFeedTokens } from './feed-tokens.js';

const SPACE = 'room-1';
const SITE = 'lisbon';
const revisions = new Map<string, number>();

/** A relayed event as the relay would publish it: the next revision of its stream. */
function recorded(streamId: string, event: DomainEvent, occurredAt: string): RecordedEvent {
  const revision = (revisions.get(streamId) ?? -1) + 1;
  revisions.set(streamId, revision);
  return {
    streamId, revision, position: { commit: 0n, prepare: 0n }, id: randomUUID(), type: event.type, data: event.data,
    metadata: { schemaVersion: 1, occurredAt, actor: { id: 'ann', kind: 'user' }, correlationId: randomUUID(), causationId: randomUUID() },
    recordedAt: occurredAt,
  };
}

describe('calendar feed consumer: bus → schema calendar → feeds', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let bus: InProcessBus;
  let consumer: RunningConsumer;
  const booking = `booking-${BOOKING_ID}`;
  const published: RecordedEvent[] = [];

  const publish = async (...events: RecordedEvent[]) => {
    published.push(...events);
    await bus.publish(events.map((e) => eventToMessage(e)!));
  };
  /** Waits until the consumer has dealt with everything published (processed or skipped). */
  const settled = async () => {
    for (;;) {
      const s = consumer.stats();
      if (s.processed + s.duplicatesSkipped >= published.length) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const entryRow = async () => (await pool.query('SELECT revision, entry FROM calendar.entries WHERE booking_id = $1', [BOOKING_ID])).rows[0];

  beforeAll(async () => {
    db = await createTestDatabase('calendar');
    pool = new pg.Pool({ connectionString: db.url, max: 6 });
    await ensureMessagingSchema(pool);
    bus = new InProcessBus(pool, { pollMs: 20 });
    consumer = await startCalendarFeedConsumer({ pool, source: bus, publisher: bus });
  });
  afterAll(async () => {
    await consumer?.stop();
    await pool?.end();
    await db?.drop();
  });

  it('folds a booking that arrives before its space and site, and names the place once they come', async () => {
    await publish(recorded(booking, requested(), '2026-03-01T10:00:00.000Z'), recorded(booking, confirmed(), '2026-03-01T10:00:01.000Z'));
    await settled();
    const reader = new PostgresCalendarFeedReader(pool);
    const [before] = await reader.personBookings('ann', null, new Date('2026-01-01T00:00:00Z'), 10);
    expect(before!.entry).toMatchObject({ sequence: 1, status: 'confirmed', purpose: 'Quarterly planning' });
    expect(before!.place).toEqual({ spaceName: null, siteName: null, siteAddress: null });

    await publish(
      recorded(`space-${SPACE}`, { type: 'SpaceCreated', data: { spaceId: SPACE, siteId: SITE, timeZone: 'Europe/Lisbon', name: 'Room 1', kind: 'meeting_room', capacity: 8, amenities: [], photoUrls: [], description: '', policy: {} } }, '2026-03-01T09:00:00.000Z'),
      recorded(`site-${SITE}`, { type: 'SiteRegistered', data: { siteId: SITE, name: 'Lisbon HQ', address: 'Av. da Liberdade 1', city: 'Lisboa', latitude: 0, longitude: 0, timeZone: 'Europe/Lisbon', kind: 'office' } }, '2026-03-01T09:00:00.000Z'),
      recorded(`site-${SITE}`, { type: 'SiteUpdated', data: { siteId: SITE, address: 'Av. da Liberdade 2' } }, '2026-03-01T09:30:00.000Z'),
    );
    await settled();
    const [after] = await reader.personBookings('ann', null, new Date('2026-01-01T00:00:00Z'), 10);
    expect(after!.place).toEqual({ spaceName: 'Room 1', siteName: 'Lisbon HQ', siteAddress: 'Av. da Liberdade 2' });
    expect(await reader.personBookings('ann', ['porto'], new Date('2026-01-01T00:00:00Z'), 10)).toEqual([]);
  });

  it('applies a redelivered event once, whether it comes with the same event id or another', async () => {
    const change = recorded(booking, changeRequested(2, '2026-03-03T14:00:00.000Z', '2026-03-03T15:00:00.000Z', 'Moved'), '2026-03-01T11:00:00.000Z');
    const done = recorded(booking, changed(2), '2026-03-01T11:00:01.000Z');
    await publish(change, done);
    await settled();
    expect((await entryRow()).entry).toMatchObject({ sequence: 2, start: '2026-03-03T14:00:00.000Z', purpose: 'Moved' });

    const again = eventToMessage(done)!;
    published.push(done, done);
    await bus.publish([again, { ...again, headers: { ...again.headers, [HEADERS.eventId]: randomUUID() } }]);
    await settled();
    expect(await entryRow()).toMatchObject({ revision: 3, entry: expect.objectContaining({ sequence: 2 }) });
  });

  it('keeps a cancelled booking with a higher SEQUENCE, and shows a declared space blackout in the room feed', async () => {
    await publish(
      recorded(booking, cancelled(), '2026-03-01T12:00:00.000Z'),
      recorded('blackout-b-1', { type: 'BlackoutRequested', data: { blackoutId: 'b-1', siteId: SITE, timeZone: 'Europe/Lisbon', target: { kind: 'space', spaceId: SPACE }, start: '2026-03-04T08:00:00.000Z', end: '2026-03-04T18:00:00.000Z', reason: 'Painting', placement: 1, buckets: [], reservations: [] } }, '2026-03-01T12:00:00.000Z'),
      recorded('blackout-b-1', { type: 'BlackoutDeclared', data: { blackoutId: 'b-1' } }, '2026-03-01T12:00:01.000Z'),
    );
    await settled();
    expect((await entryRow()).entry).toMatchObject({ sequence: 3, status: 'cancelled' });

    const tokens = new PostgresFeedTokenStore(pool);
    const feeds = new CalendarFeeds({
      tokens, issuer: randomFeedTokens, reader: new PostgresCalendarFeedReader(pool),
      spaces: { siteOf: async (spaceId) => (spaceId === SPACE ? SITE : null) },
      owners: { resolve: async () => ({ permissions: new Set(['catalog.read', 'booking.read.own']), sitePermissions: new Map() }) },
      publicUrl: 'https://reserva.example',
    });
    const ctx = { actor: { id: 'ann', kind: 'user' as const }, permissions: new Set(['catalog.read', 'booking.read.own']), correlationId: 'c', causationId: 'c', now: new Date('2026-03-01T13:00:00Z'), newId: randomUUID };
    const { url } = await feeds.issue(ctx, { kind: 'space', spaceId: SPACE });
    expect(url).toMatch(/^https:\/\/reserva\.example\/api\/v1\/calendar\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    const token = url.slice(url.lastIndexOf('/') + 1, -'.ics'.length);
    const feed = await feeds.render(token, new Date('2026-03-01T13:00:00Z'));
    const { calendar } = parseIcs(feed!.ics);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Reserva: Room 1, Lisbon HQ');
    const events = calendar.getAllSubcomponents('vevent').map((e) => [e.getFirstPropertyValue('uid'), e.getFirstPropertyValue('status'), e.getFirstPropertyValue('summary')]);
    expect(events).toEqual([[`booking-${BOOKING_ID}@reserva`, 'CANCELLED', 'Moved'], ['blackout-b-1@reserva', 'CONFIRMED', 'Unavailable']]);
    // Only the hash is stored.
    const stored = await pool.query<{ token_hash: Buffer }>('SELECT token_hash FROM calendar.feed_tokens');
    expect(stored.rows.map((r) => r.token_hash.toString('hex'))).toEqual([randomFeedTokens.hashOf(token)]);
    expect(JSON.stringify(stored.rows)).not.toContain(token);

    // The window: 90 days after the booking ended it leaves the feed.
    const later = await feeds.render(token, new Date('2026-06-10T00:00:00Z'));
    expect(later!.ics).not.toContain('BEGIN:VEVENT');
  });

  it('revokes every feed token of an erased person', async () => {
    await new PostgresFeedTokenStore(pool).replace('bob', { kind: 'person' }, randomFeedTokens.issue().hash, new Date());
    await publish(
      recorded('user-ann', { type: 'UserErased', data: { userId: 'ann' } }, '2026-03-02T00:00:00.000Z'),
    );
    await settled();
    const owners = (await pool.query<{ owner_id: string }>('SELECT owner_id FROM calendar.feed_tokens')).rows.map((r) => r.owner_id);
    expect(owners).toEqual(['bob']);
  });
});
