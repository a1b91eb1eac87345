import { z } from 'zod';
import { SPACE_KINDS, type BookingPolicy as DomainBookingPolicy } from '../../catalog/domain/catalog.types.js';
import type { Weekday } from '../../shared/domain/time-zone.js';
import { Instant, Interval, Revision, Uuid, instantRange, nonEmptyPatch, pageOf, pageQuery } from './common.contracts.js';
import { named } from './schema-registry.js';

/** Longest range an availability or free-between search may cover. */
export const MAX_SEARCH_DAYS = 62;

const MINUTES_PER_DAY = 1440;

export const OpeningWindow = named(
  'OpeningWindow',
  z
    .strictObject({ open: z.int().min(0).max(MINUTES_PER_DAY - 1), close: z.int().min(1).max(MINUTES_PER_DAY) })
    .refine((w) => w.close > w.open, { path: ['close'], error: 'close must be after open' }),
  'Minutes since local midnight; close may be 1440 (midnight).',
);

const windows = z.array(OpeningWindow).max(12).optional();
const openingHoursByDay: Record<Weekday, typeof windows> = { mon: windows, tue: windows, wed: windows, thu: windows, fri: windows, sat: windows, sun: windows };

export const BookingPolicy = named(
  'BookingPolicy',
  z
    .strictObject({
      /** `null`: always open. A weekday left out is closed. */
      openingHours: z.strictObject(openingHoursByDay).nullable(),
      slotMinutes: z.int().min(1).max(MINUTES_PER_DAY),
      minDurationMinutes: z.int().min(1),
      maxDurationMinutes: z.int().min(1),
      maxAdvanceDays: z.int().min(1).max(3660),
      bufferMinutes: z.int().min(0).max(MINUTES_PER_DAY),
      changeDeadlineMinutes: z.int().min(0),
      approvalRequired: z.boolean(),
    })
    .refine((p) => p.maxDurationMinutes >= p.minDurationMinutes, { path: ['maxDurationMinutes'], error: 'must be at least minDurationMinutes' }) satisfies z.ZodType<DomainBookingPolicy>,
);

const spaceFields = {
  name: z.string().trim().min(1).max(200),
  kind: z.enum(SPACE_KINDS),
  capacity: z.int().min(1).max(100_000),
  amenities: z.array(z.string().trim().min(1).max(60)).max(100),
  /** Absolute URLs or paths served by this site. */
  photoUrls: z.array(z.string().trim().min(1).max(2000)).max(50),
  description: z.string().max(5000),
};

export const CreateSpaceRequest = named(
  'CreateSpaceRequest',
  z.strictObject({
    spaceId: Uuid.optional(),
    siteId: Uuid,
    ...spaceFields,
    amenities: spaceFields.amenities.default([]),
    photoUrls: spaceFields.photoUrls.default([]),
    description: spaceFields.description.default(''),
    policy: BookingPolicy,
  }),
);
export type CreateSpaceRequest = z.input<typeof CreateSpaceRequest>;

export const UpdateSpaceRequest = named('UpdateSpaceRequest', nonEmptyPatch(z.strictObject({ ...spaceFields, policy: BookingPolicy }).partial()));
export type UpdateSpaceRequest = z.input<typeof UpdateSpaceRequest>;

export const Space = named(
  'Space',
  z.object({
    id: Uuid,
    siteId: Uuid,
    timeZone: z.string(),
    ...spaceFields,
    policy: BookingPolicy,
    retired: z.boolean(),
    revision: Revision,
    createdAt: Instant,
    updatedAt: Instant,
  }),
);
export type Space = z.infer<typeof Space>;
export const SpacePage = pageOf('SpacePage', Space);

export const SpaceIdParams = z.strictObject({ spaceId: Uuid });

const commaList = z
  .string()
  .transform((s) => s.split(',').map((item) => item.trim()).filter((item) => item.length > 0))
  .pipe(z.array(z.string().max(60)).max(20));

export const ListSpacesQuery = z
  .strictObject({
    siteId: Uuid.optional(),
    city: z.string().trim().min(1).max(100).optional(),
    kind: spaceFields.kind.optional(),
    minCapacity: z.coerce.number<string>().int().min(1).optional(),
    /** Comma-separated; a space must have every one. */
    amenities: commaList.optional(),
    /** Only spaces free for the whole range [freeFrom, freeTo) and open throughout it (opening hours). */
    freeFrom: Instant.optional(),
    freeTo: Instant.optional(),
    ...pageQuery,
  })
  .superRefine(instantRange('freeFrom', 'freeTo', { bothOrNeither: true, maxDays: MAX_SEARCH_DAYS }));
export type ListSpacesQuery = z.infer<typeof ListSpacesQuery>;

export const AvailabilityQuery = z
  .strictObject({ from: Instant, to: Instant })
  .superRefine(instantRange('from', 'to', { maxDays: MAX_SEARCH_DAYS }));

export const SpaceAvailability = named(
  'SpaceAvailability',
  z.object({
    spaceId: Uuid,
    from: Instant,
    to: Instant,
    /** Held by bookings or blackouts (including buffers). */
    busy: z.array(Interval),
    /** Outside opening hours. */
    closed: z.array(Interval),
    free: z.array(Interval),
  }),
);
export type SpaceAvailability = z.infer<typeof SpaceAvailability>;
