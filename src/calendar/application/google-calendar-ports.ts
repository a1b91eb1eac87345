import type { Sealed } from '../../shared/domain/sealed.js';
import type { BookingCalendarEntry } from '../domain/booking-calendar-entry.js';

/** OAuth scopes asked for: write events, and list the person's calendars to choose one. */
export const GOOGLE_CALENDAR_SCOPES = ['https://www.googleapis.com/auth/calendar.events', 'https://www.googleapis.com/auth/calendar.readonly'] as const;
/** Without this one nothing can be synced, so a consent that leaves it out connects nothing. */
export const REQUIRED_GOOGLE_SCOPE = GOOGLE_CALENDAR_SCOPES[0];

/** What an event in Google Calendar says about a booking (Calendar v3 `Event` resource, the fields we set). */
export interface GoogleEventBody {
  summary: string;
  location?: string;
  description: string;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  status: 'confirmed' | 'tentative';
  visibility: 'default' | 'private';
  extendedProperties: { private: Record<string, string> };
}

export interface GoogleCalendarInfo {
  id: string;
  summary: string;
  primary: boolean;
}

/**
 * Why a call to Google failed, as the sync decides on it: `unauthorized` (still 401 after a
 * token refresh), `invalid_grant` (the person revoked our access: stop), `not_found`/`gone`/
 * `conflict` (404, 410, 409 on an event id), `throttled` (403 rate limit, 429, 5xx, network:
 * back off and retry, `retryAfterMs` from Retry-After), `rejected` (any other refusal: retrying
 * the same request would fail the same way).
 */
export type GoogleFailureKind = 'unauthorized' | 'invalid_grant' | 'not_found' | 'gone' | 'conflict' | 'throttled' | 'rejected';

export class GoogleApiError extends Error {
  constructor(
    readonly kind: GoogleFailureKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'GoogleApiError';
  }
}

/** One person's Google Calendar, through their refresh token; access tokens are refreshed as needed (401 included). */
export interface GoogleCalendarSession {
  writableCalendars(): Promise<GoogleCalendarInfo[]>;
  insertEvent(calendarId: string, eventId: string, body: GoogleEventBody): Promise<void>;
  updateEvent(calendarId: string, eventId: string, body: GoogleEventBody): Promise<void>;
  deleteEvent(calendarId: string, eventId: string): Promise<void>;
}

/** Google's OAuth2 endpoints and Calendar API (googleapis in production, a local fake in tests). Failures are GoogleApiErrors. */
export interface GoogleCalendarGateway {
  /** Where to send the person's browser to consent; Google comes back to the callback with `code` and `state`. */
  authorizationUrl(state: string): string;
  /** Trades an authorization code for tokens; `refreshToken` is null when Google gave none. */
  exchangeCode(code: string): Promise<{ refreshToken: string | null; scopes: string[] }>;
  /** Revokes the grant (the refresh token and every access token from it). */
  revoke(refreshToken: string): Promise<void>;
  session(account: { userId: string; refreshToken: string }): GoogleCalendarSession;
}

/** The sealed refresh token (`{ refreshToken }` under the person's key) and where their bookings go. */
export interface GoogleConnection {
  userId: string;
  /** null after Google refused the token (`disconnectReason` says why): nothing syncs until they connect again. */
  sealedToken: Sealed | null;
  calendarId: string;
  connectedAt: string;
  disconnectReason: string | null;
}

export type GoogleSyncStatus = 'pending' | 'synced' | 'failed';

/** Where a booking stands with one person's Google Calendar. */
export interface GoogleSyncState {
  status: GoogleSyncStatus;
  lastError: string | null;
  syncedAt: string | null;
}

/** A due sync job, claimed by one worker until `claimedUntil`. */
export interface GoogleSyncJob {
  bookingId: string;
  userId: string;
  entry: BookingCalendarEntry;
  /** Names for the event's location; null until the catalog events have been seen. */
  place: { spaceName: string | null; siteName: string | null; address: string | null; city: string | null };
  /** The last sequence pushed to `eventCalendarId`; null when the event may not exist there yet. */
  syncedSequence: number | null;
  /** The calendar that may hold the event (it moves when the person picks another). */
  eventCalendarId: string | null;
  targetCalendarId: string;
  sealedToken: Sealed;
  attempts: number;
}

/** Persistence of Google Calendar sync (schema `google_sync`). */
export interface GoogleSyncStore {
  /** A new random OAuth `state` bound to the person; only its hash is kept, until `expiresAt`. */
  issueState(userId: string, expiresAt: Date): Promise<string>;
  /** The person a `state` was issued to, if unexpired; it is used up either way. */
  takeState(state: string, now: Date): Promise<string | null>;
  /** Stores the connection (target calendar `primary`) and queues the person's upcoming bookings. */
  connect(userId: string, sealedToken: Sealed, now: Date): Promise<void>;
  findConnection(userId: string): Promise<GoogleConnection | null>;
  /** Picks the target calendar; upcoming bookings move there. */
  chooseCalendar(userId: string, calendarId: string, now: Date): Promise<void>;
  /** Forgets the connection and its sync jobs. */
  removeConnection(userId: string): Promise<void>;
  /** Google refused the token: keep the row (to say why) without the token; jobs wait for a new connection. */
  markAccessRevoked(userId: string, reason: string, now: Date): Promise<void>;
  /** Who booked it, as the sync consumer has seen it (null when unknown). */
  bookerOf(bookingId: string): Promise<string | null>;
  syncState(bookingId: string, userId: string): Promise<GoogleSyncState | null>;
  /** Up to `limit` due jobs of connected people, each claimed until `claimedUntil` (SKIP LOCKED: workers never share one). */
  claimDue(now: Date, limit: number, claimedUntil: Date): Promise<GoogleSyncJob[]>;
  /** The event may now exist in `calendarId` (noted before creating it there, so a crash leaves nothing untracked). */
  noteEventCalendar(job: GoogleSyncJob, calendarId: string): Promise<void>;
  /** Pushed `sequence`; the job stays pending when a newer one arrived meanwhile. */
  markSynced(job: GoogleSyncJob, sequence: number, now: Date): Promise<void>;
  markRetry(job: GoogleSyncJob, error: string, nextAttemptAt: Date): Promise<void>;
  markFailed(job: GoogleSyncJob, error: string, now: Date): Promise<void>;
}
