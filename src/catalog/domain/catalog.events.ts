import type { DomainEvent } from '../../shared/domain/decider.js';
import type { ConflictingInterval } from '../../shared/domain/errors.js';
import type { ReserveSlot } from '../../scheduling/domain/schedule.commands.js';
import type { BlackoutTarget, BookingPolicy, ResourceDetails, SiteDetails, SpaceDetails } from './catalog.types.js';

/** Streams: `site-<id>`, `space-<id>`, `resource-<id>`, `blackout-<id>`. */
export type SiteRegistered = DomainEvent<'SiteRegistered', { siteId: string } & SiteDetails>;
export type SiteUpdated = DomainEvent<'SiteUpdated', { siteId: string } & Partial<Omit<SiteDetails, 'timeZone'>>>;
export type SiteEvent = SiteRegistered | SiteUpdated;

/** `timeZone` is copied from the site so schedule buckets can be computed from the space alone. */
export type SpaceCreated = DomainEvent<'SpaceCreated', { spaceId: string; siteId: string; timeZone: string; policy: BookingPolicy } & SpaceDetails>;
export type SpaceUpdated = DomainEvent<'SpaceUpdated', { spaceId: string } & Partial<SpaceDetails>>;
export type SpacePolicyChanged = DomainEvent<'SpacePolicyChanged', { spaceId: string; policy: BookingPolicy }>;
export type SpaceRetired = DomainEvent<'SpaceRetired', { spaceId: string }>;
export type SpaceEvent = SpaceCreated | SpaceUpdated | SpacePolicyChanged | SpaceRetired;

export type ResourceCreated = DomainEvent<'ResourceCreated', { resourceId: string; siteId: string; timeZone: string } & ResourceDetails>;
export type ResourceUpdated = DomainEvent<'ResourceUpdated', { resourceId: string } & Partial<ResourceDetails>>;
export type ResourceRetired = DomainEvent<'ResourceRetired', { resourceId: string }>;
export type ResourceEvent = ResourceCreated | ResourceUpdated | ResourceRetired;

/**
 * A blackout is placed on the schedule like a booking (it reserves the same buckets), so
 * "bookings and blackouts never overlap" is enforced by one mechanism.
 */
export type BlackoutRequested = DomainEvent<'BlackoutRequested', {
  blackoutId: string; siteId: string; timeZone: string; target: BlackoutTarget; start: string; end: string; reason: string; placement: number;
  /** Schedule stream ids the blackout reserves, sorted (the fixed order every writer uses). */
  buckets: string[];
  /** The reservation for each bucket (`reservations[i]` goes to `buckets[i]`). */
  reservations: ReserveSlot['data'][];
}>;
export type BlackoutDeclared = DomainEvent<'BlackoutDeclared', { blackoutId: string }>;
/** `conflict`: the period is not free; `abandoned`: the process manager gave up on a stalled placement. */
export type BlackoutRefused = DomainEvent<'BlackoutRefused', { blackoutId: string; reason: 'conflict' | 'abandoned'; conflicts: ConflictingInterval[] }>;
export type BlackoutLifted = DomainEvent<'BlackoutLifted', { blackoutId: string; reason: string }>;
export type BlackoutEvent = BlackoutRequested | BlackoutDeclared | BlackoutRefused | BlackoutLifted;

export type CatalogEvent = SiteEvent | SpaceEvent | ResourceEvent | BlackoutEvent;
