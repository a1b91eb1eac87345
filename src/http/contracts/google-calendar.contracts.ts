import { z } from 'zod';
import { Instant } from './common.contracts.js';
import { named } from './schema-registry.js';

export const GoogleAuthorization = named(
  'GoogleAuthorization',
  z.object({ authorizationUrl: z.url() }),
  "Send the person's browser here to consent; Google brings it back to /api/v1/calendar/google/callback, which redirects to the settings page.",
);

export const GoogleCalendar = named('GoogleCalendar', z.object({ id: z.string(), summary: z.string(), primary: z.boolean() }), 'A Google calendar the person can add events to.');

export const GoogleConnectionStatus = named(
  'GoogleConnectionStatus',
  z.object({
    /** False when this server has no Google OAuth client: nothing can connect, and the other Google routes answer 503. */
    available: z.boolean(),
    connected: z.boolean(),
    /** Where bookings go (`primary` until another is chosen); null when not connected. */
    calendarId: z.string().nullable(),
    /** Left out when Google could not be asked. */
    calendars: z.array(GoogleCalendar).optional(),
    /** Why sync stopped: `access_revoked` (Google refused the token), `erased`. */
    disconnectReason: z.string().optional(),
  }),
);

export const ChooseGoogleCalendarRequest = named(
  'ChooseGoogleCalendarRequest',
  z.strictObject({ calendarId: z.string().trim().min(1).max(1024) }),
  'One of the calendars listed in GoogleConnectionStatus (or `primary`).',
);

export const GoogleDisconnection = named(
  'GoogleDisconnection',
  z.object({ disconnected: z.literal(true), revoked: z.boolean() }),
  '`revoked`: Google took the grant back (false when there was none, or Google no longer honoured it).',
);

export const GoogleBookingSyncStatus = named(
  'GoogleBookingSyncStatus',
  z.object({
    status: z.enum(['pending', 'synced', 'failed', 'not_connected']),
    lastError: z.string().optional(),
    syncedAt: Instant.optional(),
  }),
  '`not_connected`: no Google Calendar connected, or the booking was over (or cancelled) before the connection.',
);
