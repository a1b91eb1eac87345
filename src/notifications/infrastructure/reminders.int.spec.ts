import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context, room } from '../../../test/support/write-side.js';
import { createNotificationsPipeline, type NotificationsPipeline } from './notifications-consumer-pipeline.testing.js';
import { fireDueReminders, startReminderTicker } from './reminders.js';

const NOW = '2026-03-01T09:00:00.000Z';
/** Lisbon is on UTC in early March: local times read as UTC. */
const on = (date: string, hhmm: string) => `${date}T${hhmm}:00.000Z`;

describe('booking reminders: planned by the consumer, fired by tickers', () => {
  let p: NotificationsPipeline;
  const rooms: string[] = [];
  const book = async (userId: string, spaceId: string, date: string, from: string, to: string) =>
    (await p.bookings.requestBooking({ spaceId, start: on(date, from), end: on(date, to), purpose: 'Sync', participants: 2, resources: [] }, context(userId, ['booker'], NOW))).bookingId;
  const reminders = async (bookingId: string) => (await p.notifications({ subjectId: bookingId })).filter((n) => n.kind === 'booking.reminder');
  const pending = async (bookingId: string) =>
    (await p.pool.query<{ due_at: Date }>('SELECT due_at FROM notifications.reminders WHERE booking_id = $1', [bookingId])).rows.map((r) => r.due_at.toISOString());
  const fire = (at: string) => fireDueReminders(p.pool, new Date(at));

  beforeAll(async () => {
    p = await createNotificationsPipeline();
    const admin = context('admin-1', ['admin'], '2026-02-27T08:00:00Z');
    for (const name of ['Sado', 'Mondego', 'Douro', 'Minho']) rooms.push((await p.catalog.createSpace(room(p.lisbon, {}, name), admin)).id);
    for (const person of ['rita', 'lena', 'mo', 'ana', 'bea', 'cai', 'dan']) await p.person(person);
    await p.settings('lena', { notificationSettings: { quietHours: { start: '00:00', end: '23:59' }, reminderLeadMinutes: 60 } });
    await p.settled();
  });
  afterAll(() => p?.close());

  it('reminds the booker once, lead minutes before the start, whatever their quiet hours', async () => {
    const rita = await book('rita', p.spaceId, '2026-03-02', '10:00', '11:00');
    const lena = await book('lena', rooms[0]!, '2026-03-02', '10:00', '11:00');
    await p.settled();
    expect(await pending(rita)).toEqual([on('2026-03-02', '09:30')]);
    expect(await pending(lena)).toEqual([on('2026-03-02', '09:00')]);

    await fire(on('2026-03-02', '08:59'));
    expect(await reminders(lena)).toEqual([]);
    await fire(on('2026-03-02', '09:00'));
    const [lenas] = await reminders(lena);
    expect(lenas).toMatchObject({
      recipientId: 'lena', sourceId: `reminder:${lena}:${on('2026-03-02', '10:00')}`,
      data: { actor: 'system', reminder: { leadMinutes: 60 }, booking: { bookingId: lena, spaceName: 'Sado', start: on('2026-03-02', '10:00') } },
      // Urgent: lena's all-day quiet hours do not hold it back.
      deliveries: [{ channel: 'email', notBefore: on('2026-03-02', '09:00') }, { channel: 'push', notBefore: on('2026-03-02', '09:00') }],
    });
    expect(await reminders(rita)).toEqual([]);

    await fire(on('2026-03-02', '09:30'));
    await fire(on('2026-03-02', '09:45'));
    expect((await reminders(rita)).map((n) => n.recipientId)).toEqual(['rita']);
    expect(await reminders(lena)).toHaveLength(1);
    expect(await pending(rita)).toEqual([]);
  });

  it('goes out once with two tickers taking the same due reminders', async () => {
    const bookings = await Promise.all(['ana', 'bea', 'cai', 'dan'].map((person, i) => book(person, rooms[i]!, '2026-03-03', '10:00', '11:00')));
    await p.settled();
    await Promise.all([fire(on('2026-03-03', '09:40')), fire(on('2026-03-03', '09:40')), fire(on('2026-03-03', '09:41'))]);
    for (const bookingId of bookings) expect(await reminders(bookingId)).toHaveLength(1);
  });

  it('moves with a change of time and with the person\'s lead time; vanishes with a cancellation', async () => {
    const moved = await book('rita', p.spaceId, '2026-03-04', '12:00', '13:00');
    const cancelled = await book('rita', p.spaceId, '2026-03-04', '16:00', '17:00');
    const mos = await book('mo', rooms[0]!, '2026-03-04', '13:00', '14:00');
    await p.settled();
    await p.bookings.changeBooking(moved, { start: on('2026-03-04', '15:00'), end: on('2026-03-04', '16:00') }, undefined, context('rita', ['booker'], NOW));
    await p.bookings.cancelBooking(cancelled, { reason: 'Not needed' }, undefined, context('rita', ['booker'], NOW));
    await p.settings('mo', { notificationSettings: { quietHours: null, reminderLeadMinutes: 90 } }, NOW);
    await p.settled();
    expect(await pending(moved)).toEqual([on('2026-03-04', '14:30')]);
    expect(await pending(cancelled)).toEqual([]);
    expect(await pending(mos)).toEqual([on('2026-03-04', '11:30')]);

    await fire(on('2026-03-04', '11:30'));
    expect(await reminders(moved)).toEqual([]);
    expect(await reminders(mos)).toHaveLength(1);
    await fire(on('2026-03-04', '14:30'));
    expect((await reminders(moved)).map((n) => n.sourceId)).toEqual([`reminder:${moved}:${on('2026-03-04', '15:00')}`]);
    expect(await reminders(cancelled)).toEqual([]);
  });

  it('is never sent once the booking has started', async () => {
    const late = await book('rita', p.spaceId, '2026-03-05', '17:00', '18:00');
    await p.settled();
    expect(await pending(late)).toEqual([on('2026-03-05', '16:30')]);
    await fire(on('2026-03-05', '17:05'));
    expect(await reminders(late)).toEqual([]);
    expect(await pending(late)).toEqual([]);
  });

  it('runs on its own: a ticker with an injected clock fires what is due', async () => {
    const ticked = await book('rita', p.spaceId, '2026-03-06', '10:00', '11:00');
    await p.settled();
    const errors: unknown[] = [];
    const ticker = startReminderTicker({ pool: p.pool, clock: () => new Date(on('2026-03-06', '09:35')), intervalMs: 10, onError: (error) => errors.push(error) });
    try {
      while ((await pending(ticked)).length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      await ticker.stop();
    }
    expect(errors).toEqual([]);
    expect(await reminders(ticked)).toHaveLength(1);
  });
});
