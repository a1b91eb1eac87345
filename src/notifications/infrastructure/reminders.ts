import type pg from 'pg';
import { sleep } from '../../messaging/backoff.js';
import { withTransaction } from '../../shared/postgres/with-transaction.js';
import { reminderNotification } from '../domain/notification-rules.js';
import type { PlannedReminder } from '../domain/reminder-plan.js';
import { UNKNOWN_PLACE } from '../domain/tracked-booking.js';
import { recordNotifications } from './notifications-consumer-inbox.js';
import { NotificationsConsumerState } from './notifications-consumer-state.js';

/** Due reminders each ticker takes per transaction. */
const BATCH = 100;

// Taken and deleted in one statement: a second ticker skips the rows this one holds, and sees
// them gone once it commits, so each reminder is handled once.
const TAKE_DUE = `
  DELETE FROM notifications.reminders
   WHERE booking_id IN (SELECT booking_id FROM notifications.reminders WHERE due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
  RETURNING booking_id, recipient_id, start_at, due_at, lead_minutes, source_id`;

/**
 * Turns the reminders due at `now` into `booking.reminder` notifications, in transactions of
 * up to `batchSize`; reminders of bookings that have started, or are no longer confirmed at
 * the reminded time, are dropped unsent. Returns how many were taken.
 */
export async function fireDueReminders(pool: pg.Pool, now: Date, batchSize = BATCH): Promise<number> {
  let taken = 0;
  for (;;) {
    const batch = await withTransaction(pool, async (client) => {
      const { rows } = await client.query<{ booking_id: string; recipient_id: string; start_at: Date; due_at: Date; lead_minutes: number; source_id: string }>(TAKE_DUE, [now, batchSize]);
      const reminders: PlannedReminder[] = rows.map((r) => ({
        bookingId: r.booking_id, recipientId: r.recipient_id, start: r.start_at.toISOString(), dueAt: r.due_at.toISOString(), leadMinutes: r.lead_minutes, sourceId: r.source_id,
      }));
      const upcoming = reminders.filter((r) => r.start > now.toISOString());
      const state = new NotificationsConsumerState(client);
      const bookings = new Map((await state.bookings(upcoming.map((r) => r.bookingId))).map((b) => [b.entry.bookingId, b]));
      const places = await state.places([...bookings.values()]);
      const planned = upcoming.flatMap((reminder) => {
        const booking = bookings.get(reminder.bookingId);
        const stillSo = booking?.status === 'confirmed' && Date.parse(booking.entry.start) === Date.parse(reminder.start);
        return stillSo ? [reminderNotification(reminder, booking, places.get(reminder.bookingId) ?? UNKNOWN_PLACE)] : [];
      });
      await recordNotifications(client, planned, now.toISOString(), now);
      return rows.length;
    });
    taken += batch;
    if (batch < batchSize) return taken;
  }
}

export interface ReminderTickerOptions {
  /** Holds schema `notifications` (ensureNotificationsSchema). */
  pool: pg.Pool;
  clock: () => Date;
  /** Pause between ticks; a reminder goes out at most this late. */
  intervalMs: number;
  onError?: (error: unknown) => void;
}

export interface ReminderTicker {
  /** Lets the tick in hand finish, then stops. */
  stop(): Promise<void>;
}

/**
 * Fires due reminders now and every `intervalMs`. Any number of tickers may run (one per
 * notifications process): they share the work and never send a reminder twice.
 */
export function startReminderTicker(options: ReminderTickerOptions): ReminderTicker {
  const stopping = new AbortController();
  const run = async () => {
    while (!stopping.signal.aborted) {
      try {
        await fireDueReminders(options.pool, options.clock());
      } catch (error) {
        options.onError?.(error);
      }
      await sleep(options.intervalMs, stopping.signal);
    }
  };
  const running = run();
  return {
    async stop() {
      stopping.abort();
      await running;
    },
  };
}
