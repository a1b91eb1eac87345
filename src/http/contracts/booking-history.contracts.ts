import { z } from 'zod';
import { BOOKING_EVENT_TYPES, type BookingEvent } from '../../booking/domain/booking.events.js';
import { BookingHistoryEntry, BookingStatus } from './bookings.contracts.js';
import { Instant, Revision, UserId, Uuid, instantRange, pageOf, pageQuery } from './common.contracts.js';
import { named } from './schema-registry.js';

const bookingEventTypes = BOOKING_EVENT_TYPES as readonly [BookingEvent['type'], ...BookingEvent['type'][]];

export const BookingChangesQuery = z
  .strictObject({
    bookingId: Uuid.optional(),
    bookerId: UserId.optional().describe("Changes to this person's bookings. Without booking.read.any or history.read on some site only your own id is allowed."),
    spaceId: Uuid.optional(),
    siteId: Uuid.optional(),
    actorId: UserId.optional().describe('Changes made by this actor.'),
    type: z.enum(bookingEventTypes).optional().describe('Only events of this type.'),
    from: Instant.optional().describe('occurredAt at or after.'),
    to: Instant.optional().describe('occurredAt before.'),
    ...pageQuery,
  })
  .superRefine(instantRange('from', 'to'));
export type BookingChangesQuery = z.output<typeof BookingChangesQuery>;

export const BookingChange = named(
  'BookingChange',
  BookingHistoryEntry.extend({
    eventId: z.string(),
    bookingId: Uuid,
    bookerId: z.string(),
    spaceId: Uuid,
    siteId: Uuid,
    recordedAt: Instant,
    actor: z.object({
      id: z.string(),
      kind: z.enum(['user', 'system']),
      displayName: z
        .string()
        .nullable()
        .optional()
        .describe('Only for callers holding users.read everywhere (names are personal data); null for a system actor or an erased person.'),
    }),
  }),
  'One event of a booking: who (actor) changed what (type, status before → after, `details.changes` as `{field: {from, to}}` for start, end, participants, resources, purpose) and when (occurredAt).',
);
export type BookingChange = z.infer<typeof BookingChange>;
export const BookingChangePage = pageOf('BookingChangePage', BookingChange);

export const SpaceHoldersParams = z.strictObject({ spaceId: Uuid });
export const SpaceHoldersQuery = z.strictObject({
  at: Instant.describe('Valid time: the instant in the world asked about. A holder’s interval [start, end) contains it (start included, end excluded).'),
  asOf: Instant.optional().describe(
    'System time: answer from the events the store had recorded at or before this instant (their `recordedAt`), i.e. what the system showed then. Absent: every event the audit log holds now.',
  ),
});
export type SpaceHoldersQuery = z.output<typeof SpaceHoldersQuery>;

const holderFields = {
  id: Uuid,
  start: Instant,
  end: Instant,
  revision: Revision.describe('Revision of the last event applied.'),
  recordedAt: Instant.describe('When the store recorded the last event applied (system time).'),
};

export const SpaceHolder = named(
  'SpaceHolder',
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('booking'),
      ...holderFields,
      bookerId: z.string(),
      status: BookingStatus,
      holdUntil: Instant.describe('End of the space’s hold including its buffer; the buffer does not count as holding.'),
      purpose: z.string(),
    }),
    z.object({ kind: z.literal('blackout'), ...holderFields, status: z.enum(['placing', 'declared']), reason: z.string() }),
  ]),
  'A booking (placing, pending approval, confirmed, checked in or completed: its placement in force) or a blackout (being placed or declared) whose interval [start, end) contains `at`. Rejected, cancelled and no-show bookings and refused or lifted blackouts released the space and hold nothing.',
);

export const SpaceHolders = named(
  'SpaceHolders',
  z.object({ spaceId: Uuid, at: Instant, asOf: Instant.nullable().describe('null: the whole log as it stands now.'), holders: z.array(SpaceHolder) }),
  'Who held the space at valid time `at`, as the system knew it at system time `asOf`: every booking and blackout stream of the space folded from its events recorded by `asOf`.',
);
