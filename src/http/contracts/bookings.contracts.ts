import { z } from 'zod';
import type { BookingStatus as DomainBookingStatus } from '../../booking/domain/booking.events.js';
import { Instant, Revision, UserId, Uuid, instantRange, nonEmptyPatch, pageOf, pageQuery } from './common.contracts.js';
import { Problem } from './problem.contracts.js';
import { named } from './schema-registry.js';

const bookingStatuses: { [S in DomainBookingStatus]: S } = {
  placing: 'placing',
  pending_approval: 'pending_approval',
  confirmed: 'confirmed',
  rejected: 'rejected',
  cancelled: 'cancelled',
  checked_in: 'checked_in',
  completed: 'completed',
  no_show: 'no_show',
};
export const BookingStatus = named('BookingStatus', z.enum(bookingStatuses));

export const ResourceLine = named('ResourceLine', z.strictObject({ resourceId: Uuid, quantity: z.int().min(1).max(1_000_000) }));

const resourceLines = z
  .array(ResourceLine)
  .max(50)
  .superRefine((lines, ctx) => {
    const seen = new Set<string>();
    lines.forEach((line, i) => {
      if (seen.has(line.resourceId)) ctx.addIssue({ code: 'custom', path: [i, 'resourceId'], message: 'each resource may appear once' });
      seen.add(line.resourceId);
    });
  });

const purpose = z.string().trim().max(500);
const participants = z.int().min(1).max(100_000);

export const RequestBookingRequest = named(
  'RequestBookingRequest',
  z
    .strictObject({
      /** Client-chosen id; generated when absent. */
      bookingId: Uuid.optional(),
      spaceId: Uuid,
      start: Instant,
      end: Instant,
      purpose: purpose.default(''),
      participants,
      resources: resourceLines.default([]),
      private: z.boolean().default(false).describe('Others see the booking as busy only (space calendar feeds).'),
      /** Book for someone else (needs booking.create.others). */
      bookerId: UserId.optional(),
    })
    .superRefine(instantRange('start', 'end')),
);
export type RequestBookingRequest = z.input<typeof RequestBookingRequest>;

export const ChangeBookingRequest = named(
  'ChangeBookingRequest',
  nonEmptyPatch(
    z
      .strictObject({ start: Instant, end: Instant, purpose, participants, resources: resourceLines })
      .partial()
      .superRefine(instantRange('start', 'end')),
  ),
);
export type ChangeBookingRequest = z.input<typeof ChangeBookingRequest>;

export const CancelBookingRequest = named('CancelBookingRequest', z.strictObject({ reason: z.string().trim().max(500).default('') }));
export type CancelBookingRequest = z.input<typeof CancelBookingRequest>;

/** Body of approve and reject. */
export const BookingDecisionRequest = named('BookingDecisionRequest', z.strictObject({ comment: z.string().trim().max(1000).default('') }));
export type BookingDecisionRequest = z.input<typeof BookingDecisionRequest>;

const bookingFields = {
  id: Uuid,
  spaceId: Uuid,
  bookerId: z.string(),
  status: BookingStatus,
  start: Instant,
  end: Instant,
  purpose: z.string(),
  participants: z.int(),
  resources: z.array(ResourceLine),
  revision: Revision,
};

/** A booking as a command leaves it (the write side's state right after the command). */
export const Booking = named('Booking', z.object(bookingFields));
export type Booking = z.infer<typeof Booking>;

export const BookingPreview = named(
  'BookingPreview',
  z.object({
    acceptable: z.boolean().describe('Whether the command would succeed right now (someone may still take the slot before you submit).'),
    outcome: BookingStatus.optional().describe('When acceptable: the status the booking would have (`confirmed`, or `pending_approval` where the space needs approval).'),
    problems: z
      .array(Problem)
      .describe('When not acceptable: the problem+json body the command would answer with (conflicting intervals, broken policy rules by field, missing permission, …).'),
  }),
  'What the command would decide, with nothing written.',
);
export type BookingPreview = z.infer<typeof BookingPreview>;

/** A booking as the read model shows it. */
export const BookingDetails = named(
  'BookingDetails',
  z.object({ ...bookingFields, siteId: Uuid, timeZone: z.string(), createdAt: Instant, updatedAt: Instant }),
);
export type BookingDetails = z.infer<typeof BookingDetails>;
export const BookingPage = pageOf('BookingPage', BookingDetails);

export const BookingHistoryEntry = named(
  'BookingHistoryEntry',
  z.object({
    revision: Revision,
    type: z.string(),
    occurredAt: Instant,
    actor: z.object({ id: z.string(), kind: z.enum(['user', 'system']) }),
    correlationId: z.string(),
    previousStatus: BookingStatus.nullable(),
    status: BookingStatus,
    details: z.record(z.string(), z.unknown()),
  }),
);
export type BookingHistoryEntry = z.infer<typeof BookingHistoryEntry>;
export const BookingHistory = named('BookingHistory', z.object({ bookingId: Uuid, entries: z.array(BookingHistoryEntry) }));

export const BookingIdParams = z.strictObject({ bookingId: Uuid });
export const ListBookingsQuery = z
  .strictObject({
    /** Without booking.read.any on some site only your own id is allowed; with it on some sites, only narrows what you see. */
    bookerId: UserId.optional(),
    spaceId: Uuid.optional(),
    siteId: Uuid.optional(),
    status: BookingStatus.optional(),
    /** Bookings overlapping [from, to). */
    from: Instant.optional(),
    to: Instant.optional(),
    view: z
      .enum(['upcoming', 'past', 'cancelled'])
      .optional()
      .describe(
        '`upcoming`: not over yet (in progress included), soonest first; `past`: over, or completed or a no-show, latest first; `cancelled`: cancelled or rejected, latest first. Without it: every status, by start.',
      ),
    q: z.string().trim().min(1).max(200).optional().describe('Text the purpose contains (case-insensitive).'),
    ...pageQuery,
  })
  .superRefine(instantRange('from', 'to'));
export type ListBookingsQuery = z.infer<typeof ListBookingsQuery>;
