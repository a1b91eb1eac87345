import { z } from 'zod';
import type { BlackoutTarget as DomainBlackoutTarget } from '../../catalog/domain/catalog.types.js';
import { Instant, Revision, Uuid, instantRange, pageOf, pageQuery } from './common.contracts.js';
import { named } from './schema-registry.js';

/** Longest blackout accepted in one declaration. */
export const MAX_BLACKOUT_DAYS = 366;

export const BlackoutTarget = named(
  'BlackoutTarget',
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('space'), spaceId: Uuid }),
    z.strictObject({ kind: z.literal('resource'), resourceId: Uuid, quantity: z.int().min(1).max(1_000_000) }),
  ]) satisfies z.ZodType<DomainBlackoutTarget>,
  'A whole space, or some quantity of a pooled resource.',
);

const reason = z.string().trim().min(1).max(500);

export const DeclareBlackoutRequest = named(
  'DeclareBlackoutRequest',
  z
    .strictObject({ blackoutId: Uuid.optional(), target: BlackoutTarget, start: Instant, end: Instant, reason })
    .superRefine(instantRange('start', 'end', { maxDays: MAX_BLACKOUT_DAYS })),
);
export type DeclareBlackoutRequest = z.input<typeof DeclareBlackoutRequest>;

export const LiftBlackoutRequest = named('LiftBlackoutRequest', z.strictObject({ reason }));
export type LiftBlackoutRequest = z.input<typeof LiftBlackoutRequest>;

export const BLACKOUT_STATUSES = ['requested', 'declared', 'refused', 'lifted'] as const;

export const Blackout = named(
  'Blackout',
  z.object({
    id: Uuid,
    siteId: Uuid,
    timeZone: z.string(),
    target: BlackoutTarget,
    start: Instant,
    end: Instant,
    reason: z.string(),
    /** `requested`: being placed on the schedule; `declared`: in force; `refused`: clashed; `lifted`: ended early. */
    status: z.enum(BLACKOUT_STATUSES),
    revision: Revision,
    createdAt: Instant,
    updatedAt: Instant,
  }),
);
export type Blackout = z.infer<typeof Blackout>;
export const BlackoutPage = pageOf('BlackoutPage', Blackout);

export const BlackoutIdParams = z.strictObject({ blackoutId: Uuid });
export const ListBlackoutsQuery = z
  .strictObject({
    siteId: Uuid.optional(),
    spaceId: Uuid.optional(),
    resourceId: Uuid.optional(),
    status: z.enum(BLACKOUT_STATUSES).optional(),
    /** Blackouts overlapping [from, to). */
    from: Instant.optional(),
    to: Instant.optional(),
    ...pageQuery,
  })
  .superRefine(instantRange('from', 'to'));
export type ListBlackoutsQuery = z.infer<typeof ListBlackoutsQuery>;
