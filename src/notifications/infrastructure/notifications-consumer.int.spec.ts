import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/test-database.js';
import { context, lisbonSite, room } from '../../../test/support/write-side.js';
import type { BookingRequested } from '../../booking/domain/booking.events.js';
import type { BlackoutRequested, BlackoutRefused, SiteRegistered, SpaceCreated } from '../../catalog/domain/catalog.events.js';
import type { ConsumedMessage } from '../../messaging/message.js';
import { toEventsToAppend } from '../../shared/event-store/envelope.js';
import { withTransaction } from '../../shared/postgres/with-transaction.js';
import { notificationsConsumer, notificationsConsumerBatch, NOTIFICATIONS_TOPICS } from './notifications-consumer.js';
import { ensureNotificationsSchema } from './notifications-schema.js';
import { createNotificationsPipeline, type NotificationsPipeline } from './notifications-consumer-pipeline.testing.js';

const NOW = '2026-03-01T09:00:00.000Z';
const monday = (hhmm: string) => `2026-03-02T${hhmm}:00.000Z`;
const PASSWORD = 'correct horse battery staple';

describe('notifications consumer: real events → relay → in-process bus → who is told what', () => {
  let p: NotificationsPipeline;
  const as = (userId: string, roles: string[], now = NOW) => context(userId, roles, now);
  const book = (userId: string, spaceId: string, from: string, to: string, extra: { resources?: { resourceId: string; quantity: number }[]; now?: string } = {}) =>
    p.bookings.requestBooking({ spaceId, start: monday(from), end: monday(to), purpose: `${userId}'s meeting`, participants: 2, resources: extra.resources ?? [] }, as(userId, ['booker'], extra.now));
  const kindsOf = async (recipientId: string, subjectId?: string) => (await p.notifications({ recipientId, ...(subjectId ? { subjectId } : {}) })).map((n) => n.kind);

  beforeAll(async () => {
    p = await createNotificationsPipeline();
    await p.identity.roles.defineRole('desk-lead', { description: 'Approves Lisbon desks', permissions: ['booking.approve'] }, p.identityContext('2026-02-27T08:00:00Z'));
    await p.person('ana');
    await p.person('bob');
    await p.person('sam', { roles: [{ role: 'staff', siteIds: null }] });
    await p.person('hugo', { roles: [{ role: 'hotelier', siteIds: [p.lisbon] }] });
    await p.person('dora', { roles: [{ role: 'desk-lead', siteIds: [p.lisbon] }] });
    await p.person('paulo', { roles: [{ role: 'hotelier', siteIds: [p.porto] }] });
    await p.settled();
  });
  afterAll(() => p?.close());

  it('asks exactly the approvers of the booking\'s site (everywhere, site-scoped, custom role) and tells the booker the outcome', async () => {
    const { bookingId } = await book('ana', p.approvalSpaceId, '09:00', '10:00');
    await p.settled();
    const told = (await p.notifications({ subjectId: bookingId })).map((n) => `${n.recipientId}:${n.kind}`).sort();
    expect(told).toEqual(['ana:booking.requested', 'dora:booking.pending_approval', 'hugo:booking.pending_approval', 'sam:booking.pending_approval']);
    const [pending] = await p.notifications({ recipientId: 'hugo', subjectId: bookingId });
    expect(pending!.data).toMatchObject({ actor: 'booker', booking: { bookingId, spaceName: 'Atlântico', siteName: 'Lisbon HQ', siteAddress: 'Avenida da Liberdade 110, Lisbon' } });

    await p.bookings.approveBooking(bookingId, { comment: 'Enjoy' }, undefined, as('sam', ['staff']));
    await p.settled();
    const approved = (await p.notifications({ recipientId: 'ana', subjectId: bookingId })).find((n) => n.kind === 'booking.approved');
    expect(approved!.data).toMatchObject({ actor: 'approver', reason: 'Enjoy', invitation: { method: 'REQUEST', status: 'confirmed', sequence: 1 } });
    expect(approved!.deliveries).toEqual([{ channel: 'email', notBefore: NOW }, { channel: 'push', notBefore: NOW }]);
  });

  it('tells the booker of a rejection with the approver\'s comment', async () => {
    const { bookingId } = await book('ana', p.approvalSpaceId, '11:00', '12:00');
    await p.bookings.rejectBooking(bookingId, { comment: 'Closed for an event' }, undefined, as('hugo', ['hotelier']));
    await p.settled();
    const rejected = (await p.notifications({ recipientId: 'ana', subjectId: bookingId })).find((n) => n.kind === 'booking.rejected');
    expect(rejected!.data).toMatchObject({ actor: 'approver', rejectedBecause: 'declined', reason: 'Closed for an event', invitation: { method: 'CANCEL' } });
  });

  it('follows one booking through request, confirmation, change, no-show or cancellation, and tells only its booker', async () => {
    const first = await book('ana', p.spaceId, '09:00', '10:00');
    await p.bookings.changeBooking(first.bookingId, { start: monday('13:00'), end: monday('14:00') }, undefined, as('ana', ['booker'], '2026-03-01T10:00:00Z'));
    await p.bookings.cancelBooking(first.bookingId, { reason: 'Room needed for the board' }, undefined, as('sam', ['staff'], '2026-03-01T11:00:00Z'));
    const second = await book('ana', p.spaceId, '10:00', '11:00');
    await p.bookings.markNoShow(second.bookingId, undefined, as('sam', ['staff'], '2026-03-02T10:30:00Z'));
    await p.settled();

    expect(await kindsOf('ana', first.bookingId)).toEqual(['booking.requested', 'booking.confirmed', 'booking.changed', 'booking.cancelled']);
    const [requested, confirmed, changed, cancelled] = await p.notifications({ subjectId: first.bookingId });
    expect(requested!.deliveries).toEqual([]);
    expect(confirmed!.deliveries).toEqual([{ channel: 'email', notBefore: NOW }]);
    expect(changed!.data).toMatchObject({ actor: 'you', previous: { start: monday('09:00') }, booking: { start: monday('13:00') }, invitation: { sequence: 2 } });
    expect(cancelled!.data).toMatchObject({ actor: 'staff', reason: 'Room needed for the board', invitation: { method: 'CANCEL', sequence: 3 } });
    expect(await kindsOf('ana', second.bookingId)).toEqual(['booking.requested', 'booking.confirmed', 'booking.missed_checkin']);
    expect((await p.notifications({ subjectId: second.bookingId })).every((n) => n.recipientId === 'ana')).toBe(true);
  });

  it('tells bookers whose booking holds a retired resource, and the booker and staff member of a blackout refused over a booking', async () => {
    const projector = await p.catalog.createResource({ siteId: p.lisbon, name: 'Projector', category: 'equipment', quantity: 2, description: '' }, as('admin-1', ['admin']));
    const withProjector = await book('ana', p.spaceId, '15:00', '16:00', { resources: [{ resourceId: projector.id, quantity: 1 }] });
    const without = await book('bob', p.spaceId, '16:00', '17:00');
    await p.catalog.retireResource(projector.id, undefined, as('sam', ['staff'], '2026-03-01T12:00:00Z'));

    // A refused blackout with bookings in its way (a race the write side loses only rarely): its events as the catalog writes them.
    const blackoutId = randomUUID();
    const samCtx = as('sam', ['staff'], '2026-03-01T12:00:00Z');
    const requested: BlackoutRequested = {
      type: 'BlackoutRequested',
      data: { blackoutId, siteId: p.lisbon, timeZone: 'Europe/Lisbon', target: { kind: 'space', spaceId: p.spaceId }, start: monday('14:30'), end: monday('17:00'), reason: 'Painting', placement: 1, buckets: [], reservations: [] },
    };
    const conflict = (id: string, start: string, end: string) => ({ targetId: p.spaceId, start: monday(start), end: monday(end), holder: { kind: 'booking' as const, id } });
    const refused: BlackoutRefused = { type: 'BlackoutRefused', data: { blackoutId, reason: 'conflict', conflicts: [conflict(withProjector.bookingId, '15:00', '16:00'), conflict(without.bookingId, '16:00', '17:00')] } };
    await p.store.appendToStream(`blackout-${blackoutId}`, toEventsToAppend([requested, refused], samCtx), { expectedRevision: 'no_stream' });
    await p.settled();

    const disrupted = (await p.notifications()).filter((n) => n.kind === 'booking.disrupted');
    expect(disrupted.map((n) => `${n.recipientId}:${n.subjectId}:${n.data.disruption!.cause}`).sort()).toEqual([
      `ana:${withProjector.bookingId}:blackout`,
      `ana:${withProjector.bookingId}:resource_retired`,
      `bob:${without.bookingId}:blackout`,
      `sam:${withProjector.bookingId}:blackout`,
      `sam:${without.bookingId}:blackout`,
    ].sort());
    expect(disrupted.find((n) => n.data.disruption!.cause === 'resource_retired')!.data).toMatchObject({ actor: 'staff', disruption: { resourceName: 'Projector' } });
    expect(disrupted.find((n) => n.recipientId === 'bob')!.data).toMatchObject({ actor: 'staff', reason: 'Painting', disruption: { start: monday('14:30'), end: monday('17:00') } });
  });

  it('tells a person of sign-ins from a new browser (not the first sign-in, not a known browser) and of account changes', async () => {
    await p.person('carla', { verified: false });
    const login = (userAgent: string, at: string) => p.identity.signIn.login({ login: 'ucarla', password: PASSWORD }, p.identityContext(at, { ip: '10.0.0.7', userAgent }));
    await login('Firefox/140', '2026-03-01T08:00:00Z');
    await login('Firefox/140', '2026-03-01T08:10:00Z');
    await login('Safari/19', '2026-03-01T08:20:00Z');
    await p.identity.passwords.request('ucarla@test.reserva.local', p.identityContext('2026-03-01T08:30:00Z'));
    // The request is recorded after the answer, just before the link is mailed.
    await p.mail.waitForMail((mail) => mail.text?.includes('reset-password') ?? false);
    await p.settled();

    const notes = await p.notifications({ recipientId: 'carla' });
    expect(notes.map((n) => n.kind).sort()).toEqual(['account.new_login', 'account.password_reset_requested']);
    const newLogin = notes.find((n) => n.kind === 'account.new_login')!;
    expect(newLogin).toMatchObject({ subjectId: 'carla', data: { actor: 'you', login: { at: '2026-03-01T08:20:00.000Z', userAgent: 'Safari/19' } } });
    expect(newLogin.deliveries.map((d) => d.channel)).toEqual(['email']);
    // The browsers are remembered as digests only.
    const { rows } = await p.pool.query<{ browser_hash: string }>('SELECT browser_hash FROM notifications.login_browsers WHERE user_id = $1', ['carla']);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.browser_hash))).toBe(true);
  });

  it('holds non-urgent email and push for quiet hours in the person\'s zone, but not the inbox or urgent news', async () => {
    await p.person('quinn', { timeZone: 'Europe/Lisbon' });
    await p.settings('quinn', { notificationSettings: { quietHours: { start: '22:00', end: '07:00' }, reminderLeadMinutes: 30 } });
    await p.settled();
    const late = '2026-03-01T23:30:00.000Z';
    p.clock.now = new Date(late);
    try {
      const { bookingId } = await book('quinn', p.spaceId, '17:00', '18:00', { now: late });
      await p.bookings.cancelBooking(bookingId, { reason: 'Plans changed' }, undefined, as('quinn', ['booker'], late));
      await p.settled();
      const [requested, confirmed, cancelled] = await p.notifications({ subjectId: bookingId });
      expect([requested!.inApp, confirmed!.inApp, cancelled!.inApp]).toEqual([true, true, true]);
      expect(confirmed!.deliveries).toEqual([{ channel: 'email', notBefore: '2026-03-02T07:00:00.000Z' }]);
      expect(cancelled!.deliveries).toEqual([{ channel: 'email', notBefore: late }, { channel: 'push', notBefore: late }]);
    } finally {
      p.clock.now = new Date(NOW);
    }
  });

  it('obeys a person\'s preferences per kind and channel', async () => {
    await p.person('pat');
    await p.settings('pat', { notificationPreferences: { 'booking.requested': { in_app: false }, 'booking.confirmed': { email: false, push: true } } });
    await p.settled();
    const { bookingId } = await book('pat', p.spaceId, '18:00', '19:00');
    await p.settled();
    const notes = await p.notifications({ subjectId: bookingId });
    expect(notes.map((n) => n.kind)).toEqual(['booking.confirmed']);
    expect(notes[0]!.deliveries).toEqual([{ channel: 'push', notBefore: NOW }]);
  });

  it('puts events more than a day old in the inbox only: starting over an old log mails nobody', async () => {
    await p.person('olga');
    await p.settled();
    p.clock.now = new Date('2026-03-05T09:00:00.000Z');
    try {
      const { bookingId } = await book('olga', p.spaceId, '19:00', '19:30');
      await p.settled();
      const notes = await p.notifications({ subjectId: bookingId });
      expect(notes.map((n) => [n.kind, n.inApp, n.deliveries.length])).toEqual([['booking.requested', true, 0], ['booking.confirmed', true, 0]]);
    } finally {
      p.clock.now = new Date(NOW);
    }
  });

  it('forgets an erased person: their notifications, settings, browsers and reminders go, and later events tell them nothing', async () => {
    await p.person('erin');
    await p.settings('erin', { notificationSettings: { quietHours: null, reminderLeadMinutes: 15 } });
    const { bookingId } = await book('erin', p.spaceId, '08:00', '08:30');
    await p.settled();
    expect((await kindsOf('erin')).sort()).toEqual(['account.email_verified', 'booking.confirmed', 'booking.requested']);
    await p.pool.query(`INSERT INTO notifications.push_subscriptions (endpoint, user_id, p256dh, auth) VALUES ('https://push.example/erin', 'erin', 'k', 'a')`);

    await p.identity.erasure.erase('erin', p.identityContext('2026-03-01T09:05:00Z'));
    await p.bookings.cancelBooking(bookingId, { reason: 'Account closed' }, undefined, as('sam', ['staff'], '2026-03-01T09:10:00Z'));
    await p.settled();
    expect(await p.notifications({ recipientId: 'erin' })).toEqual([]);
    for (const table of ['people', 'login_browsers', 'role_grants', 'push_subscriptions']) {
      expect(await p.count(`SELECT count(*)::int AS n FROM notifications.${table} WHERE user_id = $1`, ['erin']), table).toBe(0);
    }
    expect(await p.count('SELECT count(*)::int AS n FROM notifications.reminders WHERE recipient_id = $1', ['erin'])).toBe(0);
  });

  it('names the place once its site and space arrive, when the booking came first', async () => {
    const [bookingId, spaceId, siteId] = [randomUUID(), randomUUID(), randomUUID()];
    const requested: BookingRequested = {
      type: 'BookingRequested',
      data: {
        bookingId, bookerId: 'ana', spaceId, siteId, timeZone: 'Europe/Lisbon', purpose: 'Early bird', approvalRequired: false, changeDeadlineMinutes: 60,
        placement: 1, start: monday('07:00'), end: monday('08:00'), holdUntil: monday('08:00'), participants: 1, resources: [], buckets: [], reservations: [],
      },
    };
    await p.store.appendToStream(`booking-${bookingId}`, toEventsToAppend([requested], as('ana', ['booker'])), { expectedRevision: 'no_stream' });
    await p.settled();
    expect((await p.notifications({ subjectId: bookingId }))[0]!.data.booking).toMatchObject({ spaceName: null, siteName: null, siteAddress: null });

    const admin = as('admin-1', ['admin']);
    const site: SiteRegistered = { type: 'SiteRegistered', data: { siteId, ...lisbonSite, name: 'Sintra Annex', address: 'Rua Direita 2', city: 'Sintra' } };
    const space: SpaceCreated = { type: 'SpaceCreated', data: { spaceId, timeZone: 'Europe/Lisbon', ...room(siteId, {}, 'Pena') } };
    await p.store.appendToStream(`space-${spaceId}`, toEventsToAppend([space], admin), { expectedRevision: 'no_stream' });
    await p.store.appendToStream(`site-${siteId}`, toEventsToAppend([site], admin), { expectedRevision: 'no_stream' });
    await p.settled();
    expect((await p.notifications({ subjectId: bookingId }))[0]!.data.booking).toMatchObject({ spaceName: 'Pena', siteName: 'Sintra Annex', siteAddress: 'Rua Direita 2, Sintra' });
  });

  it('never tells an outsider about a booking: another booker, an approver of another site', async () => {
    await p.settled();
    expect((await p.notifications({ recipientId: 'paulo' })).map((n) => n.kind)).toEqual(['account.email_verified']);
    const bobs = await p.notifications({ recipientId: 'bob' });
    expect(bobs.filter((n) => n.kind.startsWith('booking.')).every((n) => n.data.booking!.bookingId === n.subjectId)).toBe(true);
    // Every booking notification reaches the booker, an approver of its site (pending approval), or the staff whose blackout it hit.
    const { rows } = await p.pool.query<{ booking_id: string; booker_id: string; site_id: string }>(`SELECT booking_id, booker_id, booking->'entry'->>'siteId' AS site_id FROM notifications.bookings`);
    const bookings = new Map(rows.map((r) => [r.booking_id, r]));
    const lisbonApprovers = ['sam', 'hugo', 'dora'];
    for (const n of await p.notifications()) {
      if (!n.kind.startsWith('booking.')) continue;
      const booking = bookings.get(n.subjectId)!;
      const allowed = n.kind === 'booking.pending_approval'
        ? (booking.site_id === p.lisbon ? lisbonApprovers : ['sam'])
        : n.kind === 'booking.disrupted' ? [booking.booker_id, 'sam'] : [booking.booker_id];
      expect(allowed, `${n.kind} about ${n.subjectId}`).toContain(n.recipientId);
    }
  });

  it('creates nothing twice when every message is delivered again', async () => {
    await p.settled();
    const before = { notifications: await p.count('SELECT count(*)::int AS n FROM notifications.notifications'), deliveries: await p.count('SELECT count(*)::int AS n FROM notifications.deliveries') };
    const { rows } = await p.pool.query<{ topic: string; partition: number; message_offset: string; key: string; value: Buffer; headers: Record<string, string> }>(
      'SELECT topic, partition, message_offset, key, value, headers FROM messaging.bus_messages WHERE topic = ANY($1::text[]) ORDER BY topic, partition, message_offset',
      [NOTIFICATIONS_TOPICS],
    );
    // Past the consumer's processed-event table: the handler itself must make each effect once.
    const handle = notificationsConsumer({ vault: p.vault, clock: () => p.clock.now });
    for (const row of rows) {
      const message: ConsumedMessage = { topic: row.topic, partition: row.partition, offset: row.message_offset, key: row.key, value: row.value, headers: row.headers };
      await withTransaction(p.pool, (client) => handle(message, client));
    }
    expect(await p.count('SELECT count(*)::int AS n FROM notifications.notifications')).toBe(before.notifications);
    expect(await p.count('SELECT count(*)::int AS n FROM notifications.deliveries')).toBe(before.deliveries);
    expect(p.errors).toEqual([]);
  });

  it('tells the same through the batch handler as through the message handler, whatever the batches', async () => {
    await p.settled();
    // Identity and catalog first: bookings then meet the disruptions later in the log that arrived before them.
    const { rows } = await p.pool.query<{ topic: string; partition: number; message_offset: string; key: string; value: Buffer; headers: Record<string, string> }>(
      'SELECT topic, partition, message_offset, key, value, headers FROM messaging.bus_messages WHERE topic = ANY($1::text[]) ORDER BY topic DESC, partition, message_offset',
      [NOTIFICATIONS_TOPICS],
    );
    const messages: ConsumedMessage[] = rows.map((r) => ({ topic: r.topic, partition: r.partition, offset: r.message_offset, key: r.key, value: r.value, headers: r.headers }));
    const deps = { vault: p.vault, clock: () => p.clock.now };
    const outcome = async (apply: (db: pg.Pool) => Promise<void>) => {
      const db = await createTestDatabase('notif_batch');
      const pool = new pg.Pool({ connectionString: db.url, max: 2 });
      try {
        await ensureNotificationsSchema(pool);
        await apply(pool);
        const read = async (sql: string) => (await pool.query(sql)).rows;
        return {
          notifications: await read('SELECT recipient_id, kind, subject_id, source_id, data, in_app FROM notifications.notifications ORDER BY id'),
          deliveries: await read('SELECT n.source_id, n.recipient_id, d.channel, d.not_before FROM notifications.deliveries d JOIN notifications.notifications n ON n.id = d.notification_id ORDER BY 1, 2, 3'),
          bookings: await read('SELECT * FROM notifications.bookings ORDER BY booking_id'),
          reminders: await read('SELECT * FROM notifications.reminders ORDER BY booking_id'),
        };
      } finally {
        await pool.end();
        await db.drop();
      }
    };
    const oneByOne = await outcome(async (pool) => {
      const handle = notificationsConsumer(deps);
      for (const message of messages) await withTransaction(pool, (client) => handle(message, client));
    });
    // Uneven slices of each topic partition: runs of booking events, each booking's events split across batches or together.
    const inBatches = await outcome(async (pool) => {
      const handleMany = notificationsConsumerBatch(deps);
      for (let from = 0, size = 1; from < messages.length; from += size, size = (size % 7) + 1) {
        const slice = messages.slice(from, from + size);
        const batch = slice.filter((m) => m.topic === slice[0]!.topic && m.partition === slice[0]!.partition);
        size = batch.length;
        await withTransaction(pool, (client) => handleMany(batch, client));
      }
    });
    expect(oneByOne.notifications.length).toBeGreaterThan(20);
    expect(oneByOne.reminders.length).toBeGreaterThan(0);
    expect(oneByOne.notifications.filter((n) => n.kind === 'booking.disrupted').length).toBeGreaterThan(0);
    expect(inBatches).toEqual(oneByOne);
  });
});
