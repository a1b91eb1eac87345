import type { Backoff } from '../../messaging/backoff.js';
import { googleEventBody, googleEventId } from './google-calendar-event.js';
import { GoogleApiError, type GoogleCalendarSession, type GoogleSyncJob } from './google-calendar-ports.js';

export interface GoogleSyncPolicy {
  /** Tries of one change before it is recorded as failed (a newer change starts counting again). */
  maxAttempts: number;
  /** Between throttled tries when Google sends no Retry-After; each delay is jittered down to half. */
  backoff: Backoff;
}

export const DEFAULT_GOOGLE_SYNC_POLICY: GoogleSyncPolicy = { maxAttempts: 10, backoff: { initialMs: 2_000, maxMs: 30 * 60_000 } };

/** What a failed push means for its job. */
export type GoogleSyncFailure =
  | { kind: 'retry'; error: string; delayMs: number }
  | { kind: 'failed'; error: string }
  /** Google refused the refresh token (invalid_grant): the person revoked access or it expired. */
  | { kind: 'access_revoked'; error: string };

/**
 * Makes the booker's Google Calendar show `job.entry`. Every step can run again after a crash
 * or a redelivery without making a second event: the event id comes from the booking id, an
 * insert that finds it (409) updates it, an update that misses it (404) inserts it, a delete
 * of something gone (404/410) is done. A cancelled booking's event is deleted.
 */
export async function pushBookingToGoogle(
  job: GoogleSyncJob,
  session: GoogleCalendarSession,
  deps: { publicUrl: string; noteEventCalendar: (calendarId: string) => Promise<void> },
): Promise<void> {
  const eventId = googleEventId(job.bookingId);
  const target = job.targetCalendarId;
  const moved = job.eventCalendarId !== null && job.eventCalendarId !== target;
  // The person picked another calendar: the event leaves the old one.
  if (moved) await deleteIfPresent(session, job.eventCalendarId!, eventId);
  if (job.entry.status === 'cancelled') {
    if (job.eventCalendarId === target) await deleteIfPresent(session, target, eventId);
    return;
  }
  const body = googleEventBody(job.entry, job.place, deps.publicUrl);
  if (job.eventCalendarId === target && job.syncedSequence !== null) {
    try {
      await session.updateEvent(target, eventId, body);
    } catch (error) {
      // Deleted in Google by hand: put it back.
      if (!(error instanceof GoogleApiError && error.kind === 'not_found')) throw error;
      await session.insertEvent(target, eventId, body);
    }
    return;
  }
  if (job.eventCalendarId !== target) await deps.noteEventCalendar(target);
  try {
    await session.insertEvent(target, eventId, body);
  } catch (error) {
    // Made by an earlier try whose outcome was never recorded (or a cancelled event in the bin).
    if (!(error instanceof GoogleApiError && error.kind === 'conflict')) throw error;
    await session.updateEvent(target, eventId, body);
  }
}

async function deleteIfPresent(session: GoogleCalendarSession, calendarId: string, eventId: string): Promise<void> {
  try {
    await session.deleteEvent(calendarId, eventId);
  } catch (error) {
    if (!(error instanceof GoogleApiError && (error.kind === 'not_found' || error.kind === 'gone'))) throw error;
  }
}

/** What a failed try means for its job, the `attempts` before it counted. `random` in [0, 1) jitters the backoff. */
export function outcomeOfFailure(error: unknown, attempts: number, policy: GoogleSyncPolicy, random: () => number): GoogleSyncFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof GoogleApiError) {
    if (error.kind === 'invalid_grant') return { kind: 'access_revoked', error: message };
    if (error.kind !== 'throttled' && error.kind !== 'unauthorized') return { kind: 'failed', error: message };
  }
  // Throttled, unavailable, or our own side failing (database, network): try again later.
  if (attempts + 1 >= policy.maxAttempts) return { kind: 'failed', error: `gave up after ${attempts + 1} tries: ${message}` };
  const retryAfter = error instanceof GoogleApiError ? error.retryAfterMs : undefined;
  return { kind: 'retry', error: message, delayMs: retryAfter ?? jitteredBackoff(policy.backoff, attempts, random) };
}

/** Exponential backoff with jitter: between half and all of `initialMs · 2^failures` (at most `maxMs`), so many throttled jobs do not come back at once. */
export function jitteredBackoff(backoff: Backoff, failures: number, random: () => number): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** failures);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
