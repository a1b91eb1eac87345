import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Sealed } from '../../shared/domain/sealed.js';
import { withTransaction } from '../../shared/postgres/with-transaction.js';
import type { BookingCalendarEntry } from '../domain/booking-calendar-entry.js';
import { googleEventId } from '../application/google-calendar-event.js';
import type { GoogleConnection, GoogleSyncJob, GoogleSyncState, GoogleSyncStore } from '../application/google-calendar-ports.js';
import { GOOGLE_SYNC_SIGNAL_CHANNEL } from './google-sync-schema.js';

const hashState = (state: string) => createHash('sha256').update(state).digest('hex');

/**
 * Taken first by whatever connects, disconnects or queues for one person: a booking folded
 * while the person connects is then either seen by the backfill or sees the connection.
 */
export const LOCK_PERSON = `SELECT pg_advisory_xact_lock(hashtext('reserva.google_sync.person:' || $1))`;
/**
 * The consumer's side of LOCK_PERSON. Shared: a consumer batch queues for many people in no
 * particular order, and exclusive locks taken that way by two partitions' batches deadlock.
 */
export const LOCK_PERSON_SHARED = `SELECT pg_advisory_xact_lock_shared(hashtext('reserva.google_sync.person:' || $1))`;

/** Wakes the sync workers once the transaction commits. */
export const SIGNAL_SYNC = `SELECT pg_notify('${GOOGLE_SYNC_SIGNAL_CHANNEL}', $1)`;

const UPSERT_CONNECTION = `
  INSERT INTO google_sync.connections (user_id, refresh_token, calendar_id, connected_at) VALUES ($1, $2, 'primary', $3)
  ON CONFLICT (user_id) DO UPDATE SET refresh_token = excluded.refresh_token, calendar_id = 'primary', connected_at = excluded.connected_at,
    disconnected_at = NULL, disconnect_reason = NULL`;

// The account may be another Google account than before: every upcoming booking is inserted
// afresh (an insert that finds the event updates it).
const BACKFILL = `
  INSERT INTO google_sync.jobs (booking_id, user_id, desired_sequence, status, next_attempt_at, updated_at)
  SELECT booking_id, booker_id, (entry->>'sequence')::int, 'pending', $2, $2 FROM google_sync.entries
   WHERE booker_id = $1 AND ends_at > $2 AND status <> 'cancelled'
  ON CONFLICT (booking_id, user_id) DO UPDATE SET desired_sequence = excluded.desired_sequence, synced_sequence = NULL, event_calendar_id = NULL,
    status = 'pending', attempts = 0, next_attempt_at = excluded.next_attempt_at, last_error = NULL, updated_at = excluded.updated_at`;

// Upcoming events move to the new calendar: pushBookingToGoogle deletes each from the old one first.
const MOVE_UPCOMING = `
  UPDATE google_sync.jobs j SET synced_sequence = NULL, status = 'pending', attempts = 0, next_attempt_at = $2, last_error = NULL, updated_at = $2
    FROM google_sync.entries e
   WHERE j.user_id = $1 AND e.booking_id = j.booking_id AND e.ends_at > $2 AND e.status <> 'cancelled'`;

const CLAIM_DUE = `
  WITH due AS (
    SELECT j.booking_id, j.user_id FROM google_sync.jobs j
      JOIN google_sync.connections c ON c.user_id = j.user_id AND c.refresh_token IS NOT NULL
     WHERE j.status = 'pending' AND j.next_attempt_at <= $1 AND (j.claimed_until IS NULL OR j.claimed_until <= $1)
     ORDER BY j.next_attempt_at
     LIMIT $2
     FOR UPDATE OF j SKIP LOCKED)
  UPDATE google_sync.jobs j SET claimed_until = $3
    FROM due
    JOIN google_sync.entries e ON e.booking_id = due.booking_id
    JOIN google_sync.connections c ON c.user_id = due.user_id
    LEFT JOIN google_sync.spaces s ON s.space_id = e.entry->>'spaceId'
    LEFT JOIN google_sync.sites t ON t.site_id = e.entry->>'siteId'
   WHERE j.booking_id = due.booking_id AND j.user_id = due.user_id
  RETURNING j.booking_id, j.user_id, e.entry, s.name AS space_name, t.name AS site_name, t.address, t.city,
            j.synced_sequence, j.event_calendar_id, c.calendar_id, c.refresh_token, j.attempts`;

const MARK_SYNCED = `
  UPDATE google_sync.jobs SET synced_sequence = $3, status = CASE WHEN desired_sequence > $3 THEN 'pending' ELSE 'synced' END,
    attempts = 0, last_error = NULL, synced_at = $4, next_attempt_at = $4, claimed_until = NULL, updated_at = $4
   WHERE booking_id = $1 AND user_id = $2`;

const MARK_RETRY = `
  UPDATE google_sync.jobs SET attempts = attempts + 1, last_error = $3, next_attempt_at = $4, claimed_until = NULL, updated_at = now()
   WHERE booking_id = $1 AND user_id = $2`;

// A newer change that arrived meanwhile gets its own tries.
const MARK_FAILED = `
  UPDATE google_sync.jobs SET status = CASE WHEN desired_sequence > $4 THEN 'pending' ELSE 'failed' END,
    attempts = 0, last_error = $3, next_attempt_at = $5, claimed_until = NULL, updated_at = $5
   WHERE booking_id = $1 AND user_id = $2`;

interface ClaimedRow {
  booking_id: string;
  user_id: string;
  entry: BookingCalendarEntry;
  space_name: string | null;
  site_name: string | null;
  address: string | null;
  city: string | null;
  synced_sequence: number | null;
  event_calendar_id: string | null;
  calendar_id: string;
  refresh_token: Sealed;
  attempts: number;
}

/** GoogleSyncStore on PostgreSQL (schema `google_sync`, ensureGoogleSyncSchema). */
export class PostgresGoogleSyncStore implements GoogleSyncStore {
  constructor(private readonly pool: pg.Pool) {}

  async issueState(userId: string, expiresAt: Date): Promise<string> {
    const state = randomBytes(32).toString('base64url');
    // States nobody came back with are cleared as new ones are handed out.
    await this.pool.query('DELETE FROM google_sync.oauth_states WHERE expires_at < now()');
    await this.pool.query('INSERT INTO google_sync.oauth_states (state_hash, user_id, expires_at) VALUES ($1, $2, $3)', [hashState(state), userId, expiresAt]);
    return state;
  }

  async takeState(state: string, now: Date): Promise<string | null> {
    const { rows } = await this.pool.query<{ user_id: string; expires_at: Date }>(
      'DELETE FROM google_sync.oauth_states WHERE state_hash = $1 RETURNING user_id, expires_at',
      [hashState(state)],
    );
    const row = rows[0];
    return row && row.expires_at > now ? row.user_id : null;
  }

  async connect(userId: string, sealedToken: Sealed, now: Date): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      await client.query(LOCK_PERSON, [userId]);
      await client.query(UPSERT_CONNECTION, [userId, JSON.stringify(sealedToken), now]);
      await client.query(BACKFILL, [userId, now]);
      await client.query(SIGNAL_SYNC, [userId]);
    });
  }

  async findConnection(userId: string): Promise<GoogleConnection | null> {
    const { rows } = await this.pool.query<{ refresh_token: Sealed | null; calendar_id: string; connected_at: Date; disconnect_reason: string | null }>(
      'SELECT refresh_token, calendar_id, connected_at, disconnect_reason FROM google_sync.connections WHERE user_id = $1',
      [userId],
    );
    const row = rows[0];
    if (!row) return null;
    return { userId, sealedToken: row.refresh_token, calendarId: row.calendar_id, connectedAt: row.connected_at.toISOString(), disconnectReason: row.disconnect_reason };
  }

  async chooseCalendar(userId: string, calendarId: string, now: Date): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      await client.query('UPDATE google_sync.connections SET calendar_id = $2 WHERE user_id = $1', [userId, calendarId]);
      await client.query(MOVE_UPCOMING, [userId, now]);
      await client.query(SIGNAL_SYNC, [userId]);
    });
  }

  async removeConnection(userId: string): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      await client.query(LOCK_PERSON, [userId]);
      await client.query('DELETE FROM google_sync.connections WHERE user_id = $1', [userId]);
      await client.query('DELETE FROM google_sync.jobs WHERE user_id = $1', [userId]);
      await client.query('DELETE FROM google_sync.oauth_states WHERE user_id = $1', [userId]);
    });
  }

  async markAccessRevoked(userId: string, reason: string, now: Date): Promise<void> {
    await this.pool.query('UPDATE google_sync.connections SET refresh_token = NULL, disconnected_at = $3, disconnect_reason = $2 WHERE user_id = $1', [userId, reason, now]);
  }

  async bookerOf(bookingId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ booker_id: string }>('SELECT booker_id FROM google_sync.entries WHERE booking_id = $1', [bookingId]);
    return rows[0]?.booker_id ?? null;
  }

  async syncState(bookingId: string, userId: string): Promise<GoogleSyncState | null> {
    const { rows } = await this.pool.query<{ status: GoogleSyncState['status']; last_error: string | null; synced_at: Date | null }>(
      'SELECT status, last_error, synced_at FROM google_sync.jobs WHERE booking_id = $1 AND user_id = $2',
      [bookingId, userId],
    );
    const row = rows[0];
    return row ? { status: row.status, lastError: row.last_error, syncedAt: row.synced_at?.toISOString() ?? null } : null;
  }

  async claimDue(now: Date, limit: number, claimedUntil: Date): Promise<GoogleSyncJob[]> {
    const { rows } = await this.pool.query<ClaimedRow>(CLAIM_DUE, [now, limit, claimedUntil]);
    return rows.map((r) => ({
      bookingId: r.booking_id,
      userId: r.user_id,
      entry: r.entry,
      place: { spaceName: r.space_name, siteName: r.site_name, address: r.address, city: r.city },
      syncedSequence: r.synced_sequence,
      eventCalendarId: r.event_calendar_id,
      targetCalendarId: r.calendar_id,
      sealedToken: r.refresh_token,
      attempts: r.attempts,
    }));
  }

  async noteEventCalendar(job: GoogleSyncJob, calendarId: string): Promise<void> {
    await this.pool.query('UPDATE google_sync.jobs SET event_calendar_id = $3, google_event_id = $4, synced_sequence = NULL WHERE booking_id = $1 AND user_id = $2', [
      job.bookingId, job.userId, calendarId, googleEventId(job.bookingId),
    ]);
  }

  async markSynced(job: GoogleSyncJob, sequence: number, now: Date): Promise<void> {
    await this.pool.query(MARK_SYNCED, [job.bookingId, job.userId, sequence, now]);
  }

  async markRetry(job: GoogleSyncJob, error: string, nextAttemptAt: Date): Promise<void> {
    await this.pool.query(MARK_RETRY, [job.bookingId, job.userId, error, nextAttemptAt]);
  }

  async markFailed(job: GoogleSyncJob, error: string, now: Date): Promise<void> {
    await this.pool.query(MARK_FAILED, [job.bookingId, job.userId, error, job.entry.sequence, now]);
  }
}
