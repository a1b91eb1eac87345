import { assertNever, type Decider } from '../../shared/domain/decider.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/domain/errors.js';
import { fromIso, MINUTE, toIso } from '../../shared/domain/time-range.js';
import { parseInstant } from '../../scheduling/domain/parse-instant.js';
import { releasesFor } from '../../scheduling/domain/plan-reservations.js';
import type { ReleaseSlot } from '../../scheduling/domain/schedule.commands.js';
import type {
  AbandonPlacement,
  ApproveBooking,
  BookingCommand,
  CancelBooking,
  ChangeBooking,
  CheckIn,
  CompleteBooking,
  MarkNoShow,
  RejectBooking,
  RequestBooking,
  SettlePlacement,
} from './booking.commands.js';
import type { BookingEvent, BookingPlacement, BookingRequested, BookingStatus } from './booking.events.js';
import { planPlacement } from './booking-placement.js';
import { checkBookingRequest } from './booking-policy.js';

/** Check-in opens this long before start; a booking not checked in this long after start may be marked a no-show. */
export const CHECK_IN_GRACE_MINUTES = 15;

/** A booking's state: what it was requested with (see BookingRequested), then its lifecycle. */
export interface Booking extends Pick<BookingRequested['data'], 'bookingId' | 'bookerId' | 'spaceId' | 'siteId' | 'timeZone' | 'purpose' | 'approvalRequired' | 'changeDeadlineMinutes'> {
  status: BookingStatus;
  /** The placement in force; while `placing`, the one being placed. */
  current: BookingPlacement;
  /** A requested change still being placed on the schedule. */
  pendingChange: (BookingPlacement & { purpose: string }) | null;
  /** Highest placement number used so far; a new placement never reuses a released reservation id. */
  lastPlacement: number;
  checkedInAt: string | null;
  /** Reservations of placements that are no longer in force (see reservationsToRelease). */
  releasable: ReleaseSlot['data'][];
}

export type BookingState = { status: 'absent' } | Booking;

const STATUS_LABEL: Record<BookingStatus, string> = {
  placing: 'still being placed',
  pending_approval: 'awaiting approval',
  confirmed: 'confirmed',
  rejected: 'rejected',
  cancelled: 'cancelled',
  checked_in: 'checked in',
  completed: 'completed',
  no_show: 'marked as a no-show',
};

function existing(state: BookingState, bookingId: string): Booking {
  if (state.status === 'absent') throw new NotFoundError('booking', bookingId);
  return state;
}

function instant(text: string): number {
  const ms = parseInstant(text);
  if (ms === null) throw new Error(`not an ISO instant: ${text}`);
  return ms;
}

function changeDeadline(booking: Booking): number {
  return fromIso(booking.current.start) - booking.changeDeadlineMinutes * MINUTE;
}

function deadlineIssue(booking: Booking, what: 'change' | 'cancellation'): ValidationError {
  const message = `the ${what} deadline (${toIso(changeDeadline(booking))}, ${booking.changeDeadlineMinutes} minutes before start) has passed`;
  return new ValidationError([{ field: 'start', message }]);
}

/** The placement whose buckets are being reserved right now, if any: what a writer or the process manager must settle. */
export function placementBeingPlaced(state: BookingState): BookingPlacement | null {
  if (state.status === 'absent') return null;
  return state.status === 'placing' ? state.current : state.pendingChange;
}

/**
 * Reservations that must be released because their placement is no longer in force: the old
 * placement after a change, the new one after a change is rejected, everything after a
 * rejection, cancellation or no-show. Releasing is idempotent, so sending all of them again
 * (after a crash, or when a late writer finds its placement settled) is safe.
 */
export function reservationsToRelease(state: BookingState): ReleaseSlot['data'][] {
  return state.status === 'absent' ? [] : state.releasable;
}

function requestBooking(command: RequestBooking['data'], state: BookingState): BookingEvent[] {
  if (state.status !== 'absent') throw new ConflictError(`booking ${command.bookingId} already exists`);
  const issues = checkBookingRequest(command);
  if (issues.length > 0) throw new ValidationError(issues);
  const { space } = command;
  const start = toIso(instant(command.start));
  const end = toIso(instant(command.end));
  const plan = planPlacement({ ...command, start, end, placement: 1, holder: { kind: 'booking', id: command.bookingId } });
  return [{
    type: 'BookingRequested',
    data: {
      bookingId: command.bookingId,
      bookerId: command.bookerId,
      spaceId: space.spaceId,
      siteId: space.siteId,
      timeZone: space.timeZone,
      purpose: command.purpose,
      approvalRequired: space.policy.approvalRequired,
      changeDeadlineMinutes: space.policy.changeDeadlineMinutes,
      private: command.private,
      placement: 1,
      start,
      end,
      participants: command.participants,
      resources: command.lines,
      ...plan,
    },
  }];
}

function settlePlacement(command: SettlePlacement['data'], state: BookingState): BookingEvent[] {
  const booking = existing(state, command.bookingId);
  const { bookingId, placement, conflicts } = command;
  if (booking.status === 'placing' && booking.current.placement === placement) {
    if (conflicts.length > 0) {
      const comment = `the requested time is no longer free (${conflicts.length} conflicting reservation${conflicts.length === 1 ? '' : 's'})`;
      return [{ type: 'BookingRejected', data: { bookingId, reason: 'conflict', rejectedBy: 'system', comment, conflicts } }];
    }
    return [{ type: booking.approvalRequired ? 'BookingSubmittedForApproval' : 'BookingConfirmed', data: { bookingId, placement } }];
  }
  if (booking.pendingChange?.placement === placement) {
    if (conflicts.length > 0) return [{ type: 'BookingChangeRejected', data: { bookingId, placement, reason: 'conflict', conflicts } }];
    return [{ type: 'BookingChanged', data: { bookingId, placement } }];
  }
  return [];
}

function abandonPlacement(command: AbandonPlacement['data'], state: BookingState): BookingEvent[] {
  const booking = existing(state, command.bookingId);
  const { bookingId, placement } = command;
  if (booking.status === 'placing' && booking.current.placement === placement) {
    return [{ type: 'BookingRejected', data: { bookingId, reason: 'abandoned', rejectedBy: 'system', comment: 'placing the booking stalled and was abandoned', conflicts: [] } }];
  }
  if (booking.pendingChange?.placement === placement) {
    return [{ type: 'BookingChangeRejected', data: { bookingId, placement, reason: 'abandoned', conflicts: [] } }];
  }
  return [];
}

function requireAwaitingApproval(booking: Booking): void {
  if (booking.status !== 'pending_approval') {
    throw new ConflictError(`booking ${booking.bookingId} is not awaiting approval (it is ${STATUS_LABEL[booking.status]})`);
  }
}

function approveBooking(command: ApproveBooking['data'], state: BookingState): BookingEvent[] {
  const booking = existing(state, command.bookingId);
  requireAwaitingApproval(booking);
  return [{ type: 'BookingApproved', data: { bookingId: booking.bookingId, approvedBy: command.approverId, comment: command.comment } }];
}

function rejectBooking(command: RejectBooking['data'], state: BookingState): BookingEvent[] {
  const booking = existing(state, command.bookingId);
  requireAwaitingApproval(booking);
  return [{ type: 'BookingRejected', data: { bookingId: booking.bookingId, reason: 'declined', rejectedBy: command.approverId, comment: command.comment, conflicts: [] } }];
}

function changeBooking(command: ChangeBooking['data'], state: BookingState): BookingEvent[] {
  const booking = existing(state, command.bookingId);
  if (booking.status !== 'pending_approval' && booking.status !== 'confirmed') {
    throw new ConflictError(`booking ${booking.bookingId} cannot be changed: it is ${STATUS_LABEL[booking.status]}`);
  }
  if (booking.pendingChange) throw new ConflictError(`booking ${booking.bookingId} has another change being placed; try again in a moment`);
  if (instant(command.now) >= changeDeadline(booking) && !command.overrideDeadline) throw deadlineIssue(booking, 'change');

  const { current } = booking;
  const wanted = {
    start: command.start ?? current.start,
    end: command.end ?? current.end,
    participants: command.participants ?? current.participants,
    lines: command.lines ?? current.resources,
  };
  const issues = checkBookingRequest({ ...wanted, space: command.space, resources: command.resources, now: command.now });
  if (issues.length > 0) throw new ValidationError(issues);
  const start = toIso(instant(wanted.start));
  const end = toIso(instant(wanted.end));
  const placement = booking.lastPlacement + 1;
  const plan = planPlacement({ ...wanted, start, end, space: command.space, resources: command.resources, placement, holder: { kind: 'booking', id: booking.bookingId } });
  return [{
    type: 'BookingChangeRequested',
    data: {
      bookingId: booking.bookingId,
      purpose: command.purpose ?? booking.purpose,
      requestedBy: command.actorId,
      placement,
      start,
      end,
      participants: wanted.participants,
      resources: wanted.lines,
      ...plan,
    },
  }];
}

function cancelBooking(command: CancelBooking['data'], state: BookingState): BookingEvent[] {
  const booking = existing(state, command.bookingId);
  if (booking.status === 'placing') throw new ConflictError(`booking ${booking.bookingId} is still being placed; try again in a moment`);
  if (booking.status !== 'pending_approval' && booking.status !== 'confirmed') {
    throw new ConflictError(`booking ${booking.bookingId} is already ${STATUS_LABEL[booking.status]}`);
  }
  const pastDeadline = instant(command.now) >= changeDeadline(booking);
  if (pastDeadline && !command.overrideDeadline) throw deadlineIssue(booking, 'cancellation');
  return [{ type: 'BookingCancelled', data: { bookingId: booking.bookingId, cancelledBy: command.actorId, reason: command.reason, override: pastDeadline } }];
}

function checkIn(command: CheckIn['data'], state: BookingState): BookingEvent[] {
  const booking = existing(state, command.bookingId);
  if (booking.status !== 'confirmed') throw new ConflictError(`booking ${booking.bookingId} cannot be checked in: it is ${STATUS_LABEL[booking.status]}`);
  const now = instant(command.now);
  const opens = fromIso(booking.current.start) - CHECK_IN_GRACE_MINUTES * MINUTE;
  if (now < opens) throw new ValidationError([{ field: 'start', message: `check-in opens at ${toIso(opens)}, ${CHECK_IN_GRACE_MINUTES} minutes before start` }]);
  if (now >= fromIso(booking.current.end)) throw new ValidationError([{ field: 'end', message: `the booking ended at ${booking.current.end}; it can no longer be checked in` }]);
  return [{ type: 'BookingCheckedIn', data: { bookingId: booking.bookingId, checkedInBy: command.actorId, at: toIso(now) } }];
}

function completeBooking(command: CompleteBooking['data'], state: BookingState): BookingEvent[] {
  const booking = existing(state, command.bookingId);
  if (booking.status !== 'checked_in') throw new ConflictError(`booking ${booking.bookingId} cannot be completed: it is ${STATUS_LABEL[booking.status]}`);
  if (instant(command.now) < fromIso(booking.current.end)) {
    throw new ValidationError([{ field: 'end', message: `the booking can be completed once it ends, at ${booking.current.end}` }]);
  }
  return [{ type: 'BookingCompleted', data: { bookingId: booking.bookingId } }];
}

function markNoShow(command: MarkNoShow['data'], state: BookingState): BookingEvent[] {
  const booking = existing(state, command.bookingId);
  if (booking.status !== 'confirmed') throw new ConflictError(`booking ${booking.bookingId} cannot be marked as a no-show: it is ${STATUS_LABEL[booking.status]}`);
  const from = fromIso(booking.current.start) + CHECK_IN_GRACE_MINUTES * MINUTE;
  if (instant(command.now) < from) {
    throw new ValidationError([{ field: 'start', message: `a no-show can be recorded from ${toIso(from)}, ${CHECK_IN_GRACE_MINUTES} minutes after start` }]);
  }
  return [{ type: 'BookingMarkedNoShow', data: { bookingId: booking.bookingId, markedBy: command.actorId } }];
}

/** Ends the booking's hold on the schedule: its placement and any change still being placed. */
function releaseAll(booking: Booking, status: BookingStatus): Booking {
  const released = [booking.current, ...(booking.pendingChange ? [booking.pendingChange] : [])];
  return { ...booking, status, pendingChange: null, releasable: [...booking.releasable, ...released.flatMap((p) => releasesFor(p.reservations))] };
}

function placementOf(data: BookingPlacement): BookingPlacement {
  const { placement, start, end, holdUntil, participants, resources, buckets, reservations } = data;
  return { placement, start, end, holdUntil, participants, resources, buckets, reservations };
}

function evolveBooking(booking: Booking, event: Exclude<BookingEvent, { type: 'BookingRequested' }>): Booking {
  switch (event.type) {
    case 'BookingConfirmed':
    case 'BookingApproved':
      return { ...booking, status: 'confirmed' };
    case 'BookingSubmittedForApproval':
      return { ...booking, status: 'pending_approval' };
    case 'BookingRejected':
      return releaseAll(booking, 'rejected');
    case 'BookingCancelled':
      return releaseAll(booking, 'cancelled');
    case 'BookingMarkedNoShow':
      return releaseAll(booking, 'no_show');
    case 'BookingChangeRequested':
      return { ...booking, pendingChange: { ...placementOf(event.data), purpose: event.data.purpose }, lastPlacement: event.data.placement };
    case 'BookingChanged': {
      if (!booking.pendingChange) return booking;
      const { purpose, ...next } = booking.pendingChange;
      return { ...booking, purpose, current: next, pendingChange: null, releasable: [...booking.releasable, ...releasesFor(booking.current.reservations)] };
    }
    case 'BookingChangeRejected':
      if (!booking.pendingChange) return booking;
      return { ...booking, pendingChange: null, releasable: [...booking.releasable, ...releasesFor(booking.pendingChange.reservations)] };
    case 'BookingCheckedIn':
      return { ...booking, status: 'checked_in', checkedInAt: event.data.at };
    case 'BookingCompleted':
      return { ...booking, status: 'completed' };
    default:
      return assertNever(event);
  }
}

/** The booking aggregate (stream `booking-<id>`): every command it handles is listed in `decide`. */
export const bookingDecider: Decider<BookingState, BookingCommand, BookingEvent> = {
  initialState: () => ({ status: 'absent' }),
  decide(command, state) {
    switch (command.type) {
      case 'RequestBooking':
        return requestBooking(command.data, state);
      case 'SettlePlacement':
        return settlePlacement(command.data, state);
      case 'AbandonPlacement':
        return abandonPlacement(command.data, state);
      case 'ApproveBooking':
        return approveBooking(command.data, state);
      case 'RejectBooking':
        return rejectBooking(command.data, state);
      case 'ChangeBooking':
        return changeBooking(command.data, state);
      case 'CancelBooking':
        return cancelBooking(command.data, state);
      case 'CheckIn':
        return checkIn(command.data, state);
      case 'CompleteBooking':
        return completeBooking(command.data, state);
      case 'MarkNoShow':
        return markNoShow(command.data, state);
      default:
        return assertNever(command);
    }
  },
  evolve(state, event) {
    if (event.type === 'BookingRequested') {
      const { bookingId, bookerId, spaceId, siteId, timeZone, purpose, approvalRequired, changeDeadlineMinutes } = event.data;
      return {
        status: 'placing',
        bookingId, bookerId, spaceId, siteId, timeZone, purpose, approvalRequired, changeDeadlineMinutes,
        current: placementOf(event.data),
        pendingChange: null,
        lastPlacement: event.data.placement,
        checkedInAt: null,
        releasable: [],
      };
    }
    return state.status === 'absent' ? state : evolveBooking(state, event);
  },
};
