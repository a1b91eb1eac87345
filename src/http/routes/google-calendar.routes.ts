import express, { type Router } from 'express';
import type { GoogleCalendarConnections } from '../../calendar/application/google-calendar-connections.js';
import { GoogleApiError } from '../../calendar/application/google-calendar-ports.js';
import { defineRoute, type AnyApiRoute } from '../api-route.js';
import { BookingIdParams } from '../contracts/bookings.contracts.js';
import {
  ChooseGoogleCalendarRequest,
  GoogleAuthorization,
  GoogleBookingSyncStatus,
  GoogleConnectionStatus,
  GoogleDisconnection,
} from '../contracts/google-calendar.contracts.js';
import { HttpProblem } from '../problem/http-problem.js';
import { API_PREFIX } from './route-deps.js';

/** Google Calendar sync as the API sees it: the use cases, or the fact that this server has no OAuth client. */
export type GoogleCalendarAccess = GoogleCalendarConnections | 'not-configured';

const tags = ['calendar'];
const CONNECTION = `${API_PREFIX}/calendar/google/connection`;
/** The web client's page the callback sends the browser back to, with `?google=connected` or `?google=error&reason=…`. */
export const GOOGLE_CALENDAR_SETTINGS_PATH = '/settings/calendar';
/** Where Google sends the browser back after consent (the redirect URI registered with the OAuth client). */
export const GOOGLE_CALENDAR_CALLBACK_PATH = `${API_PREFIX}/calendar/google/callback`;

/** The use cases, or 503 `google-calendar-not-configured`. */
function configured(google: GoogleCalendarAccess): GoogleCalendarConnections {
  if (google === 'not-configured') {
    throw new HttpProblem('google-calendar-not-configured', 'This server has no Google OAuth client (GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET); ask its operator.');
  }
  return google;
}

/** A call to Google that failed without a verdict on the request (throttled, down, refused) answers 503. */
async function viaGoogle<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GoogleApiError) throw new HttpProblem('unavailable', `Google Calendar could not complete the request; try again later (${error.message}).`);
    throw error;
  }
}

/** The caller's own Google Calendar connection, and how each of their bookings synced. */
export function googleCalendarRoutes(google: GoogleCalendarAccess): AnyApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: CONNECTION,
      operationId: 'connectGoogleCalendar',
      summary: 'Start connecting your Google Calendar: where to send your browser to consent',
      description:
        'The URL carries a single-use `state` bound to you (valid 10 minutes). After consent Google sends the browser to GET /api/v1/calendar/google/callback, which stores the grant (the refresh token sealed with your personal key) and redirects to /settings/calendar?google=connected, or ?google=error&reason=… (invalid_state, access_denied, authorization_failed, exchange_failed, missing_scope) with nothing stored. From then on your bookings appear in your primary calendar.',
      tags,
      access: 'authenticated',
      // The answer holds a live `state`: never stored for Idempotency-Key replays.
      idempotent: false,
      success: { status: 200, description: 'Send the browser to `authorizationUrl`.', schema: GoogleAuthorization },
      errors: [503],
      handle: async ({ principal, ctx }) => ({ body: await configured(google).begin(principal.userId, ctx.now) }),
    }),
    defineRoute({
      method: 'get',
      path: CONNECTION,
      operationId: 'getGoogleCalendarConnection',
      summary: 'Whether your Google Calendar is connected, the calendar bookings go to, and the calendars you can choose',
      tags,
      access: 'authenticated',
      description: 'Also on a server without a Google OAuth client, with `available: false`, so a client can tell without an error.',
      success: { status: 200, description: 'Your connection.', schema: GoogleConnectionStatus },
      errors: [503],
      handle: async ({ principal, ctx }) => ({
        body:
          google === 'not-configured'
            ? { available: false, connected: false, calendarId: null }
            : { available: true, ...(await google.status(principal.userId, ctx.now)) },
      }),
    }),
    defineRoute({
      method: 'put',
      path: CONNECTION,
      operationId: 'chooseGoogleCalendar',
      summary: 'Choose the Google calendar your bookings go to',
      description: 'One of your writable calendars (as listed by GET). Upcoming bookings move there.',
      tags,
      access: 'authenticated',
      body: ChooseGoogleCalendarRequest,
      success: { status: 200, description: 'Your connection, with the new calendar.', schema: GoogleConnectionStatus },
      errors: [409, 422, 503],
      handle: async ({ principal, body, ctx }) => ({ body: { available: true, ...(await viaGoogle(() => configured(google).chooseCalendar(principal.userId, body.calendarId, ctx.now))) } }),
    }),
    defineRoute({
      method: 'delete',
      path: CONNECTION,
      operationId: 'disconnectGoogleCalendar',
      summary: 'Disconnect your Google Calendar: the grant is revoked at Google and forgotten here',
      description: 'Events already in your calendar stay there; nothing is synced any more. When Google cannot be reached the connection stays: 503, try again.',
      tags,
      access: 'authenticated',
      success: { status: 200, description: 'Disconnected.', schema: GoogleDisconnection },
      errors: [503],
      handle: async ({ principal }) => ({ body: { disconnected: true as const, ...(await viaGoogle(() => configured(google).disconnect(principal.userId))) } }),
    }),
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/calendar/google/bookings/{bookingId}`,
      operationId: 'getGoogleCalendarBookingSync',
      summary: 'How one of your bookings stands in your Google Calendar',
      description: "Someone else's booking answers 404, exactly like a missing one.",
      tags,
      access: 'authenticated',
      params: BookingIdParams,
      success: { status: 200, description: 'Its sync status.', schema: GoogleBookingSyncStatus },
      errors: [404, 503],
      handle: async ({ principal, params }) => ({ body: await configured(google).bookingStatus(principal.userId, params.bookingId) }),
    }),
  ];
}

/**
 * GET /api/v1/calendar/google/callback: public, as the browser arrives from Google with `code`
 * and `state` (or `error`); answers a redirect to the settings page, not JSON, so it lives
 * beside the route table. The `state` proves who started the flow.
 */
export function googleCalendarCallback(google: GoogleCalendarAccess, clock: () => Date): Router {
  const router = express.Router();
  router.get(GOOGLE_CALENDAR_CALLBACK_PATH, async (req, res) => {
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const target = await configured(google).complete({ state: text(req.query.state), code: text(req.query.code), error: text(req.query.error) }, clock());
    // The code and state in this URL must not travel on as a Referer.
    res.set('Referrer-Policy', 'no-referrer').redirect(303, target);
  });
  return router;
}
