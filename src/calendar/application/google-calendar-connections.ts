import type { PersonalDataVault } from '../../identity/application/identity-ports.js';
import type { Logger } from '../../platform/tokens.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/domain/errors.js';
import {
  GoogleApiError,
  REQUIRED_GOOGLE_SCOPE,
  type GoogleCalendarGateway,
  type GoogleCalendarInfo,
  type GoogleCalendarSession,
  type GoogleConnection,
  type GoogleSyncState,
  type GoogleSyncStore,
} from './google-calendar-ports.js';

/** What the vault keeps for a connection: the refresh token, sealed with the person's key (erasing them makes it unreadable). */
interface SealedGoogleGrant {
  refreshToken: string;
}

/** Why the callback sends the browser back with `google=error`. */
export type GoogleConnectFailure = 'invalid_state' | 'access_denied' | 'authorization_failed' | 'exchange_failed' | 'missing_scope';

export interface GoogleConnectionStatus {
  connected: boolean;
  calendarId: string | null;
  /** The person's writable calendars; left out when Google could not be asked. */
  calendars?: GoogleCalendarInfo[];
  /** Why a connection stopped (`access_revoked`: Google refused the token). */
  disconnectReason?: string;
}

export interface GoogleBookingSyncStatus {
  status: GoogleSyncState['status'] | 'not_connected';
  lastError?: string;
  syncedAt?: string;
}

export interface GoogleCalendarConnectionsDeps {
  store: GoogleSyncStore;
  gateway: GoogleCalendarGateway;
  vault: PersonalDataVault;
  /** The web client's settings page the callback redirects to. */
  settingsUrl: string;
  /** Who booked a booking, from the read models (the sync consumer may not have seen it yet). */
  bookerOf: (bookingId: string) => Promise<string | null>;
  log: Logger;
}

/** How long a person has to consent at Google before the `state` we gave them expires. */
export const GOOGLE_STATE_TTL_MS = 10 * 60_000;
export const ACCESS_REVOKED = 'access_revoked';

/** A person connects their Google Calendar, picks the calendar bookings go to, sees how each booking synced, disconnects. */
export class GoogleCalendarConnections {
  constructor(private readonly deps: GoogleCalendarConnectionsDeps) {}

  /** Starts the authorization code flow: the URL to send the browser to, with a single-use `state` bound to `userId`. */
  async begin(userId: string, now: Date): Promise<{ authorizationUrl: string }> {
    const state = await this.deps.store.issueState(userId, new Date(now.getTime() + GOOGLE_STATE_TTL_MS));
    return { authorizationUrl: this.deps.gateway.authorizationUrl(state) };
  }

  /**
   * Where Google sends the browser back: trades the code for a refresh token, seals and stores
   * it, queues the person's upcoming bookings. Answers the settings page URL to redirect to;
   * on any failure nothing is stored and the URL says why.
   */
  async complete(params: { state?: string; code?: string; error?: string }, now: Date): Promise<string> {
    const fail = (reason: GoogleConnectFailure) => `${this.deps.settingsUrl}?google=error&reason=${reason}`;
    const userId = params.state ? await this.deps.store.takeState(params.state, now) : null;
    if (userId === null) return fail('invalid_state');
    if (params.error !== undefined) return fail(params.error === 'access_denied' ? 'access_denied' : 'authorization_failed');
    if (!params.code) return fail('authorization_failed');
    let grant: { refreshToken: string | null; scopes: string[] };
    try {
      grant = await this.deps.gateway.exchangeCode(params.code);
    } catch (error) {
      this.deps.log.warn('Google authorization code exchange failed', { userId, error: String(error) });
      return fail('exchange_failed');
    }
    if (!grant.scopes.includes(REQUIRED_GOOGLE_SCOPE)) {
      // Consent without calendar access: give the rest back rather than keep a useless grant.
      if (grant.refreshToken) await this.deps.gateway.revoke(grant.refreshToken).catch(() => undefined);
      return fail('missing_scope');
    }
    if (!grant.refreshToken) return fail('exchange_failed');
    const sealed = await this.deps.vault.seal(userId, { refreshToken: grant.refreshToken } satisfies SealedGoogleGrant);
    await this.deps.store.connect(userId, sealed, now);
    return `${this.deps.settingsUrl}?google=connected`;
  }

  async status(userId: string, now: Date): Promise<GoogleConnectionStatus> {
    const connection = await this.deps.store.findConnection(userId);
    const session = connection && (await this.sessionOf(connection, now));
    if (!connection || !session) return disconnected(await this.deps.store.findConnection(userId));
    try {
      return { connected: true, calendarId: connection.calendarId, calendars: await session.writableCalendars() };
    } catch (error) {
      if (await this.revokedBy(error, userId, now)) return disconnected(await this.deps.store.findConnection(userId));
      // Google is slow or down: the connection stands, the list waits.
      return { connected: true, calendarId: connection.calendarId };
    }
  }

  /** Sends bookings to `calendarId`, which must be one of the person's writable calendars (`primary` always is). */
  async chooseCalendar(userId: string, calendarId: string, now: Date): Promise<GoogleConnectionStatus> {
    const connection = await this.deps.store.findConnection(userId);
    const session = connection && (await this.sessionOf(connection, now));
    if (!connection || !session) throw new ConflictError('Google Calendar is not connected');
    let calendars: GoogleCalendarInfo[];
    try {
      calendars = await session.writableCalendars();
    } catch (error) {
      if (await this.revokedBy(error, userId, now)) throw new ConflictError('Google refused access to the calendar; connect again');
      throw error;
    }
    if (calendarId !== 'primary' && !calendars.some((c) => c.id === calendarId)) {
      throw new ValidationError([{ field: 'calendarId', message: 'is not one of your Google calendars you can add events to' }]);
    }
    if (calendarId !== connection.calendarId) await this.deps.store.chooseCalendar(userId, calendarId, now);
    return { connected: true, calendarId, calendars };
  }

  /**
   * Revokes the grant at Google and forgets it: nothing syncs any more. A token Google already
   * refuses is forgotten all the same; when Google cannot be reached the connection stays (a
   * grant we could no longer revoke must not be left behind), and the error says so.
   */
  async disconnect(userId: string): Promise<{ revoked: boolean }> {
    const connection = await this.deps.store.findConnection(userId);
    if (!connection) return { revoked: false };
    const grant = connection.sealedToken && (await this.deps.vault.open<SealedGoogleGrant>(connection.sealedToken));
    let revoked = false;
    if (grant) {
      try {
        await this.deps.gateway.revoke(grant.refreshToken);
        revoked = true;
      } catch (error) {
        if (!(error instanceof GoogleApiError) || error.kind === 'throttled') throw error;
      }
    }
    await this.deps.store.removeConnection(userId);
    return { revoked };
  }

  /** How one of the caller's bookings stands in their Google Calendar; anyone else's answers like a missing one. */
  async bookingStatus(userId: string, bookingId: string): Promise<GoogleBookingSyncStatus> {
    const seen = await this.deps.store.bookerOf(bookingId);
    const booker = seen ?? (await this.deps.bookerOf(bookingId));
    if (booker !== userId) throw new NotFoundError('booking', bookingId);
    const connection = await this.deps.store.findConnection(userId);
    if (!connection?.sealedToken) return { status: 'not_connected' };
    const state = await this.deps.store.syncState(bookingId, userId);
    if (state) return { status: state.status, ...(state.lastError ? { lastError: state.lastError } : {}), ...(state.syncedAt ? { syncedAt: state.syncedAt } : {}) };
    // Connected without a job: the sync has not seen the booking yet, or it was over (or cancelled) before the connection.
    return seen === null ? { status: 'pending' } : { status: 'not_connected' };
  }

  private async sessionOf(connection: GoogleConnection, now: Date): Promise<GoogleCalendarSession | null> {
    if (!connection.sealedToken) return null;
    const grant = await this.deps.vault.open<SealedGoogleGrant>(connection.sealedToken);
    if (!grant) {
      // The person was erased: their key, and so the token, is gone.
      await this.deps.store.markAccessRevoked(connection.userId, 'erased', now);
      return null;
    }
    return this.deps.gateway.session({ userId: connection.userId, refreshToken: grant.refreshToken });
  }

  private async revokedBy(error: unknown, userId: string, now: Date): Promise<boolean> {
    if (!(error instanceof GoogleApiError && error.kind === 'invalid_grant')) return false;
    await this.deps.store.markAccessRevoked(userId, ACCESS_REVOKED, now);
    return true;
  }
}

function disconnected(connection: GoogleConnection | null): GoogleConnectionStatus {
  return { connected: false, calendarId: null, ...(connection?.disconnectReason ? { disconnectReason: connection.disconnectReason } : {}) };
}
