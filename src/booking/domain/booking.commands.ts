import type { BookingPolicy } from '../../catalog/domain/catalog.types.js';
import type { BookingRejected, ResourceLine } from './booking.events.js';

/** What the booking decider needs to know about the space, read from its stream by the application. */
export interface SpaceSnapshot {
  spaceId: string;
  siteId: string;
  timeZone: string;
  capacity: number;
  policy: BookingPolicy;
  retired: boolean;
}

/** What the booking decider needs to know about a pooled resource. */
export interface ResourceSnapshot {
  resourceId: string;
  siteId: string;
  /** Stock: the capacity of the resource's schedule. */
  quantity: number;
  retired: boolean;
}

export type PlacementConflict = BookingRejected['data']['conflicts'][number];

/** Instants are ISO strings; `now` always comes from outside (the domain has no clock). */
export type RequestBooking = {
  type: 'RequestBooking';
  data: {
    bookingId: string;
    bookerId: string;
    space: SpaceSnapshot;
    /** Snapshots of the resources named in `lines` that exist; unknown ids are simply absent. */
    resources: ResourceSnapshot[];
    lines: ResourceLine[];
    start: string;
    end: string;
    purpose: string;
    participants: number;
    private: boolean;
    now: string;
  };
};
/** Outcome of reserving every bucket of a placement: no conflicts, or those that stopped it. */
export type SettlePlacement = { type: 'SettlePlacement'; data: { bookingId: string; placement: number; conflicts: PlacementConflict[] } };
/** The process manager gives up on a placement that stalled (its writer crashed). */
export type AbandonPlacement = { type: 'AbandonPlacement'; data: { bookingId: string; placement: number } };
export type ApproveBooking = { type: 'ApproveBooking'; data: { bookingId: string; approverId: string; comment: string } };
export type RejectBooking = { type: 'RejectBooking'; data: { bookingId: string; approverId: string; comment: string } };
/** Omitted fields keep their current values. */
export type ChangeBooking = {
  type: 'ChangeBooking';
  data: {
    bookingId: string;
    space: SpaceSnapshot;
    /** Snapshots of the resources named in the resulting lines that exist. */
    resources: ResourceSnapshot[];
    lines?: ResourceLine[];
    start?: string;
    end?: string;
    participants?: number;
    purpose?: string;
    now: string;
    actorId: string;
    /** The actor may change past the change deadline (e.g. holds `booking.change.any`). */
    overrideDeadline: boolean;
  };
};
export type CancelBooking = { type: 'CancelBooking'; data: { bookingId: string; actorId: string; reason: string; now: string; overrideDeadline: boolean } };
export type CheckIn = { type: 'CheckIn'; data: { bookingId: string; actorId: string; now: string } };
export type CompleteBooking = { type: 'CompleteBooking'; data: { bookingId: string; now: string } };
export type MarkNoShow = { type: 'MarkNoShow'; data: { bookingId: string; actorId: string; now: string } };

export type BookingCommand =
  | RequestBooking
  | SettlePlacement
  | AbandonPlacement
  | ApproveBooking
  | RejectBooking
  | ChangeBooking
  | CancelBooking
  | CheckIn
  | CompleteBooking
  | MarkNoShow;
