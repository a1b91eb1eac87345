import type { ConflictingInterval } from '../../shared/domain/errors.js';
import type { BlackoutTarget, BookingPolicy, ResourceDetails, SiteDetails, SpaceDetails } from './catalog.types.js';

export type RegisterSite = { type: 'RegisterSite'; data: { siteId: string } & SiteDetails };
/** Omitted fields keep their values; the time zone is fixed at registration (schedule buckets depend on it). */
export type UpdateSite = { type: 'UpdateSite'; data: { siteId: string } & Partial<Omit<SiteDetails, 'timeZone'>> };
export type SiteCommand = RegisterSite | UpdateSite;

/** `siteId` and `timeZone` come from the site, which the application has found. */
export type CreateSpace = { type: 'CreateSpace'; data: { spaceId: string; siteId: string; timeZone: string; policy: BookingPolicy } & SpaceDetails };
export type UpdateSpace = { type: 'UpdateSpace'; data: { spaceId: string; policy?: BookingPolicy } & Partial<SpaceDetails> };
export type RetireSpace = { type: 'RetireSpace'; data: { spaceId: string } };
export type SpaceCommand = CreateSpace | UpdateSpace | RetireSpace;

export type CreateResource = { type: 'CreateResource'; data: { resourceId: string; siteId: string; timeZone: string } & ResourceDetails };
export type UpdateResource = { type: 'UpdateResource'; data: { resourceId: string } & Partial<ResourceDetails> };
export type RetireResource = { type: 'RetireResource'; data: { resourceId: string } };
export type ResourceCommand = CreateResource | UpdateResource | RetireResource;

/** `siteId`, `timeZone` and `capacity` (1 for a space, the stock of a resource) come from the target, which the application has found. */
export type RequestBlackout = {
  type: 'RequestBlackout';
  data: { blackoutId: string; siteId: string; timeZone: string; target: BlackoutTarget; capacity: number; start: string; end: string; reason: string; now: string };
};
/** Outcome of reserving every bucket: no conflicts, or the intervals (ConflictError.conflicts) that stopped it. */
export type SettleBlackout = { type: 'SettleBlackout'; data: { blackoutId: string; placement: number; conflicts: ConflictingInterval[] } };
/** The process manager gives up on a blackout whose placement stalled. */
export type AbandonBlackout = { type: 'AbandonBlackout'; data: { blackoutId: string; placement: number } };
export type LiftBlackout = { type: 'LiftBlackout'; data: { blackoutId: string; reason: string } };
export type BlackoutCommand = RequestBlackout | SettleBlackout | AbandonBlackout | LiftBlackout;
