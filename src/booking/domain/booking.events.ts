import type { DomainEvent } from '../../shared/domain/decider.js';
import type { ReserveSlot } from '../../scheduling/domain/schedule.commands.js';

export interface ResourceLine {
  resourceId: string;
  quantity: number;
}

/** The part of a booking that occupies the schedule; a change produces a new placement. */
export interface BookingPlacement {
  /** 1 for the first placement, +1 on every change request. */
  placement: number;
  start: string;
  end: string;
  /** End of the space's hold: `end` + the space's buffer. */
  holdUntil: string;
  participants: number;
  resources: ResourceLine[];
  /** Schedule stream ids this placement reserves, in the fixed order they are reserved in. */
  buckets: string[];
  /** The reservation for each bucket (`reservations[i]` goes to `buckets[i]`), so a writer or the process manager can place or release this placement from the event alone. */
  reservations: ReserveSlot['data'][];
}

export type BookingStatus = 'placing' | 'pending_approval' | 'confirmed' | 'rejected' | 'cancelled' | 'checked_in' | 'completed' | 'no_show';

/** Stream: `booking-<id>`. */
export type BookingRequested = DomainEvent<'BookingRequested', {
  bookingId: string;
  bookerId: string;
  spaceId: string;
  siteId: string;
  timeZone: string;
  purpose: string;
  approvalRequired: boolean;
  /** Minutes before start after which the booker can no longer change or cancel (copied from policy). */
  changeDeadlineMinutes: number;
  /** Others' calendars show a private booking as busy only (absent in events before it existed: false). */
  private?: boolean;
} & BookingPlacement>;
/** All buckets reserved; no approval needed. */
export type BookingConfirmed = DomainEvent<'BookingConfirmed', { bookingId: string; placement: number }>;
/** All buckets reserved; waiting for an approver. The slot stays held meanwhile. */
export type BookingSubmittedForApproval = DomainEvent<'BookingSubmittedForApproval', { bookingId: string; placement: number }>;
export type BookingApproved = DomainEvent<'BookingApproved', { bookingId: string; approvedBy: string; comment: string }>;
export type BookingRejected = DomainEvent<'BookingRejected', {
  bookingId: string;
  /** `conflict`: a slot was taken; `declined`: an approver said no; `abandoned`: the process manager gave up on a stalled placement. */
  reason: 'conflict' | 'declined' | 'abandoned';
  rejectedBy: string;
  comment: string;
  conflicts: { targetId: string; start: string; end: string; holderKind: 'booking' | 'blackout'; holderId: string }[];
}>;
export type BookingChangeRequested = DomainEvent<'BookingChangeRequested', { bookingId: string; purpose: string; requestedBy: string } & BookingPlacement>;
export type BookingChanged = DomainEvent<'BookingChanged', { bookingId: string; placement: number }>;
export type BookingChangeRejected = DomainEvent<'BookingChangeRejected', {
  bookingId: string;
  placement: number;
  reason: 'conflict' | 'abandoned';
  conflicts: BookingRejected['data']['conflicts'];
}>;
export type BookingCancelled = DomainEvent<'BookingCancelled', { bookingId: string; cancelledBy: string; reason: string; /** true when cancelled past the deadline by someone allowed to */ override: boolean }>;
export type BookingCheckedIn = DomainEvent<'BookingCheckedIn', { bookingId: string; checkedInBy: string; at: string }>;
export type BookingCompleted = DomainEvent<'BookingCompleted', { bookingId: string }>;
export type BookingMarkedNoShow = DomainEvent<'BookingMarkedNoShow', { bookingId: string; markedBy: string }>;

export type BookingEvent =
  | BookingRequested
  | BookingConfirmed
  | BookingSubmittedForApproval
  | BookingApproved
  | BookingRejected
  | BookingChangeRequested
  | BookingChanged
  | BookingChangeRejected
  | BookingCancelled
  | BookingCheckedIn
  | BookingCompleted
  | BookingMarkedNoShow;

export const BOOKING_EVENT_TYPES: readonly BookingEvent['type'][] = [
  'BookingRequested', 'BookingConfirmed', 'BookingSubmittedForApproval', 'BookingApproved', 'BookingRejected',
  'BookingChangeRequested', 'BookingChanged', 'BookingChangeRejected', 'BookingCancelled', 'BookingCheckedIn',
  'BookingCompleted', 'BookingMarkedNoShow',
];
