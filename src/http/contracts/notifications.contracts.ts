import { z } from 'zod';
import type { NotificationData as StoredNotificationData } from '../../notifications/domain/notification-data.js';
import { MANDATORY_EMAIL_KINDS, NOTIFICATION_CHANNELS, NOTIFICATION_KINDS } from '../../notifications/domain/notification-kinds.js';
import { Instant } from './common.contracts.js';
import { NotificationSettings } from './identity.contracts.js';
import { named } from './schema-registry.js';

/** Notification ids are bigserial values; JavaScript numbers hold them exactly up to 2^53. */
const NotificationIdValue = z.int().min(1).max(Number.MAX_SAFE_INTEGER);
const idText = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, { error: 'expected a notification id (a positive integer)' })
  .transform(Number)
  .pipe(NotificationIdValue);

export const NotificationKind = named('NotificationKind', z.enum(NOTIFICATION_KINDS));
export const NotificationChannel = named('NotificationChannel', z.enum(NOTIFICATION_CHANNELS), '`in_app`: the inbox and its live WebSocket feed.');

export const NotifiedBooking = named(
  'NotifiedBooking',
  z.object({
    bookingId: z.string(),
    spaceId: z.string(),
    spaceName: z.string().nullable().describe('null when the space was not known yet when the notification was made.'),
    siteId: z.string(),
    siteName: z.string().nullable(),
    siteAddress: z.string().nullable(),
    timeZone: z.string().describe("The site's IANA time zone; start and end are UTC instants."),
    start: z.string(),
    end: z.string(),
    purpose: z.string(),
  }),
);

export const NotificationData = named(
  'NotificationData',
  z.object({
    booking: NotifiedBooking.optional(),
    actor: z.enum(['you', 'booker', 'staff', 'approver', 'system']).optional().describe('Who caused it, seen from you.'),
    reason: z.string().optional().describe('Cancellation reason, approver comment, blackout reason.'),
    invitation: z
      .object({ uid: z.string(), sequence: z.int(), method: z.enum(['REQUEST', 'CANCEL']), status: z.enum(['tentative', 'confirmed', 'cancelled']) })
      .optional()
      .describe('The calendar entry the booking emails carry (UID, SEQUENCE).'),
    login: z.object({ at: z.string(), userAgent: z.string().nullable() }).optional(),
    disruption: z
      .object({ cause: z.enum(['blackout', 'resource_retired']), start: z.string().optional(), end: z.string().optional(), resourceName: z.string().nullable().optional() })
      .optional(),
    rejectedBecause: z.enum(['conflict', 'declined', 'abandoned']).optional(),
    previous: z.object({ start: z.string(), end: z.string() }).optional().describe('booking.changed: the time before the change.'),
    requested: z.object({ start: z.string(), end: z.string() }).optional().describe('booking.change_rejected: the time that was asked for.'),
    reminder: z.object({ leadMinutes: z.int() }).optional(),
    twoFactor: z.enum(['enabled', 'disabled']).optional(),
    passwordChangedVia: z.enum(['change', 'reset']).optional(),
  }),
  'What to render; which parts are present depends on the kind.',
);
// Responses are cut to the contract: it must carry every field the consumer records, no more.
true satisfies SameType<z.output<typeof NotificationData>, StoredNotificationData>;
type SameType<A, B> = [A, keyof A] extends [B, keyof B] ? ([B, keyof B] extends [A, keyof A] ? true : false) : false;

export const Notification = named(
  'Notification',
  z.object({
    id: NotificationIdValue.describe('Grows with every notification: the WebSocket resumes after the last one seen.'),
    kind: NotificationKind,
    subjectId: z.string().describe('What it is about: a booking id, a blackout id, or your own user id.'),
    data: NotificationData,
    createdAt: Instant,
    readAt: Instant.nullable(),
  }),
);

export const NotificationIdParams = z.strictObject({ notificationId: idText });

export const ListNotificationsQuery = z.strictObject({
  before: idText.optional().describe('Cursor: only notifications older than this id (the `nextBefore` of the previous page).'),
  limit: z.coerce.number<string>().int().min(1).max(200).default(50),
  unread: z.enum(['true', 'false'], { error: 'expected true or false' }).transform((v) => v === 'true').default(false).describe('`true`: unread ones only.'),
});
export type ListNotificationsQuery = z.output<typeof ListNotificationsQuery>;

export const NotificationPage = named(
  'NotificationPage',
  z.object({
    items: z.array(Notification),
    nextBefore: NotificationIdValue.nullable().describe('Pass as `before` for the next (older) page; null on the last page.'),
  }),
);

export const UnreadCount = named('UnreadCount', z.object({ unread: z.int().nonnegative() }));

export const MarkAllReadRequest = named(
  'MarkAllReadRequest',
  z.strictObject({ upTo: NotificationIdValue.optional().describe('Only notifications with an id up to this one (the newest you have shown), so ones that arrived since stay unread.') }),
);
export const MarkedRead = named('MarkedRead', z.object({ marked: z.int().nonnegative(), unread: z.int().nonnegative() }));

/** Every kind × channel, as stored preferences and defaults make it. */
const ChannelMatrix = z.strictObject(Object.fromEntries(NOTIFICATION_CHANNELS.map((c) => [c, z.boolean()])) as Record<(typeof NOTIFICATION_CHANNELS)[number], z.ZodBoolean>);
const FullMatrix = z.strictObject(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, ChannelMatrix])) as Record<(typeof NOTIFICATION_KINDS)[number], typeof ChannelMatrix>);
const PartialMatrix = z.partialRecord(z.enum(NOTIFICATION_KINDS), z.partialRecord(z.enum(NOTIFICATION_CHANNELS), z.boolean()));

const KindRules = z.object({
  urgentKinds: z.array(NotificationKind).describe('Email and push of these ignore quiet hours.'),
  mandatory: z
    .array(z.object({ kind: NotificationKind, channel: NotificationChannel }))
    .describe('Always on (security notices): a hijacked account must not be able to silence them.'),
});

export const NotificationPreferencesView = named(
  'NotificationPreferencesView',
  z.object({
    preferences: FullMatrix.describe('Every kind × channel: your choices merged onto the defaults.'),
    notificationSettings: NotificationSettings,
    ...KindRules.shape,
  }),
  'Your effective notification preferences; the ETag is your profile revision.',
);

export const NotificationPreferencesChange = named(
  'NotificationPreferencesChange',
  z
    .strictObject({
      preferences: PartialMatrix.describe('Kind → channel → on/off; what is left out takes the default.'),
      notificationSettings: NotificationSettings,
      // Read-only parts of the GET answer, accepted so a client can send back what it read.
      urgentKinds: KindRules.shape.urgentKinds.optional(),
      mandatory: KindRules.shape.mandatory.optional(),
    })
    .superRefine((change, ctx) => {
      for (const kind of MANDATORY_EMAIL_KINDS) {
        if (change.preferences[kind]?.email === false) ctx.addIssue({ code: 'custom', path: ['preferences', kind, 'email'], message: 'security notices always go out by email' });
      }
    }),
  'What GET answered, changed (replaces every preference). Turning a mandatory channel off is refused.',
);
export type NotificationPreferencesChange = z.output<typeof NotificationPreferencesChange>;
