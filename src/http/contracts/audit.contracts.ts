import { z } from 'zod';
import { BookingStatus } from './bookings.contracts.js';
import { Instant, Revision, UserId, Uuid, instantRange, pageOf, pageQuery } from './common.contracts.js';
import { named } from './schema-registry.js';

export const AUDIT_FORMATS = ['json', 'jsonl', 'csv'] as const;

export const AuditEntriesQuery = z
  .strictObject({
    bookingId: Uuid.optional().describe("The booking's events and the schedule reservations it held."),
    userId: UserId.optional().describe('Events the person caused or that are about them (account, sign-ins, bookings).'),
    spaceId: Uuid.optional().describe("The space's events, its bookings and its schedule."),
    actor: UserId.optional().describe('Events caused by this actor.'),
    eventType: z.string().trim().min(1).max(100).optional(),
    from: Instant.optional().describe('occurredAt at or after.'),
    to: Instant.optional().describe('occurredAt before.'),
    format: z
      .enum(AUDIT_FORMATS)
      .default('json')
      .describe('`jsonl` (application/x-ndjson) and `csv` (text/csv) export every matching entry, ignoring limit and offset.'),
    ...pageQuery,
  })
  .superRefine(instantRange('from', 'to'));
export type AuditEntriesQuery = z.output<typeof AuditEntriesQuery>;

const RequestMetadata = z.union([z.object({ ip: z.string().optional(), userAgent: z.string().optional() }), z.object({ erased: z.literal(true) })]).nullable();

export const AuditEntry = named(
  'AuditEntry',
  z.object({
    seq: z.int().positive(),
    eventId: z.string(),
    streamId: z.string(),
    revision: Revision,
    type: z.string(),
    occurredAt: Instant,
    recordedAt: z.string(),
    actor: z.object({ id: z.string(), kind: z.enum(['user', 'system']) }),
    correlationId: z.string(),
    causationId: z.string(),
    request: RequestMetadata,
    data: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  }),
  'One event in the hash chain: hash = sha256(prevHash ‖ canonical JSON of the event, keys sorted).',
);
export const AuditEntryPage = pageOf('AuditEntryPage', AuditEntry);

export const AuditVerification = named(
  'AuditVerification',
  z.object({
    ok: z.boolean(),
    entries: z.int().nonnegative().describe('Entries found intact, from the first.'),
    broken: z
      .object({
        seq: z.int().positive(),
        eventId: z.string().nullable(),
        reason: z.enum(['missing', 'prev-hash', 'hash', 'columns']),
        expectedHash: z.string().nullable(),
        storedHash: z.string().nullable(),
      })
      .optional()
      .describe('The first entry that breaks the chain.'),
  }),
);

export const AuditBookingParams = z.strictObject({ bookingId: Uuid });
export const AuditBookingQuery = z.strictObject({
  asOf: Instant.describe('Apply the events that had occurred (their `occurredAt`, when the command was decided) at or before this instant.'),
  validAt: Instant.optional().describe('Valid time: also say whether the booking, in that state, held its space at this instant ([start, end) of its placement in force).'),
});

export const BookingAsOf = named(
  'BookingAsOf',
  z.object({
    bookingId: Uuid,
    asOf: Instant,
    revision: Revision,
    lastEventAt: Instant,
    eventsApplied: z.int().positive(),
    validTime: z
      .object({ at: Instant, holdsSpace: z.boolean() })
      .optional()
      .describe('With `validAt`: whether the booking held its space then, as it stood at `asOf` (rejected, cancelled and no-show bookings hold nothing).'),
    state: z.looseObject({ bookingId: Uuid, bookerId: z.string(), spaceId: z.string(), siteId: z.string(), status: BookingStatus, purpose: z.string() }),
  }),
  "The booking's state at `asOf`, folded from the events that had occurred by then.",
);
