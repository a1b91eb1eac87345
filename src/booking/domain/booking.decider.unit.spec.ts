import { describe, expect, it } from 'vitest';
import { deciderSpec, stateAfter } from '../../shared/domain/decider-spec.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/domain/errors.js';
import { allResources, NOW, room } from './booking-fixtures.js';
import type { BookingCommand, CancelBooking, ChangeBooking, PlacementConflict, RequestBooking } from './booking.commands.js';
import { bookingDecider, placementBeingPlaced, reservationsToRelease } from './booking.decider.js';
import type { BookingChangeRequested, BookingEvent, BookingRequested } from './booking.events.js';

const spec = deciderSpec(bookingDecider);
const bookingId = 'b1';
// Monday 2 March 2026, 09:00–10:00 in Lisbon (UTC+0); the change deadline (60 min) is 08:00.
const START = '2026-03-02T09:00:00.000Z';
const END = '2026-03-02T10:00:00.000Z';

function request(overrides: Partial<RequestBooking['data']> = {}): RequestBooking {
  return {
    type: 'RequestBooking',
    data: {
      bookingId, bookerId: 'alice', space: room(), resources: allResources, lines: [{ resourceId: 'projectors', quantity: 2 }],
      start: START, end: END, purpose: 'Planning', participants: 4, private: false, now: NOW, ...overrides,
    },
  };
}
/** The events a command produces from the events before it (fixtures come from the decider itself). */
function decided(given: BookingEvent[], command: BookingCommand): BookingEvent[] {
  return bookingDecider.decide(command, stateAfter(bookingDecider, given));
}
const requested = (overrides: Partial<RequestBooking['data']> = {}) => decided([], request(overrides))[0] as BookingRequested;
const settle = (placement: number, conflicts: PlacementConflict[] = []): BookingCommand => ({ type: 'SettlePlacement', data: { bookingId, placement, conflicts } });
const abandon = (placement: number): BookingCommand => ({ type: 'AbandonPlacement', data: { bookingId, placement } });
function change(overrides: Partial<ChangeBooking['data']> = {}): ChangeBooking {
  return { type: 'ChangeBooking', data: { bookingId, space: room(), resources: allResources, now: NOW, actorId: 'alice', overrideDeadline: false, ...overrides } };
}
function cancel(overrides: Partial<CancelBooking['data']> = {}): CancelBooking {
  return { type: 'CancelBooking', data: { bookingId, actorId: 'alice', reason: 'plans changed', now: NOW, overrideDeadline: false, ...overrides } };
}
const approve: BookingCommand = { type: 'ApproveBooking', data: { bookingId, approverId: 'boss', comment: 'ok' } };
const reject: BookingCommand = { type: 'RejectBooking', data: { bookingId, approverId: 'boss', comment: 'no budget' } };
const checkIn = (now: string): BookingCommand => ({ type: 'CheckIn', data: { bookingId, actorId: 'alice', now } });
const complete = (now: string): BookingCommand => ({ type: 'CompleteBooking', data: { bookingId, now } });
const noShow = (now: string): BookingCommand => ({ type: 'MarkNoShow', data: { bookingId, actorId: 'desk', now } });

const conflict: PlacementConflict = { targetId: 'room-1', start: START, end: '2026-03-02T09:30:00.000Z', holderKind: 'booking', holderId: 'b0' };
const confirmed: BookingEvent = { type: 'BookingConfirmed', data: { bookingId, placement: 1 } };
const submitted: BookingEvent = { type: 'BookingSubmittedForApproval', data: { bookingId, placement: 1 } };
const checkedIn: BookingEvent = { type: 'BookingCheckedIn', data: { bookingId, checkedInBy: 'alice', at: '2026-03-02T08:50:00.000Z' } };
const cancelled: BookingEvent = { type: 'BookingCancelled', data: { bookingId, cancelledBy: 'alice', reason: 'x', override: false } };
const placed = () => [requested(), confirmed];
const changeRequested = (given: BookingEvent[], overrides: Partial<ChangeBooking['data']> = {}) => decided(given, change(overrides))[0] as BookingChangeRequested;
const moveToTen = { start: '2026-03-02T10:00:00Z', end: '2026-03-02T11:00:00Z' };

describe('RequestBooking', () => {
  it('requests placement 1 with every bucket it must reserve', () => {
    const holder = { kind: 'booking', id: bookingId } as const;
    spec.given([]).when(request()).then([{
      type: 'BookingRequested',
      data: {
        bookingId, bookerId: 'alice', spaceId: 'room-1', siteId: 'lisbon', timeZone: 'Europe/Lisbon', purpose: 'Planning',
        approvalRequired: false, changeDeadlineMinutes: 60, private: false,
        placement: 1, start: START, end: END, holdUntil: '2026-03-02T10:15:00.000Z', participants: 4,
        resources: [{ resourceId: 'projectors', quantity: 2 }],
        buckets: ['schedule-projectors-2026-03-02', 'schedule-room-1-2026-03-02'],
        reservations: [
          { targetId: 'projectors', targetKind: 'resource', day: '2026-03-02', reservationId: 'b1#1', holder, start: START, end: END, quantity: 2, capacity: 5 },
          { targetId: 'room-1', targetKind: 'space', day: '2026-03-02', reservationId: 'b1#1', holder, start: START, end: '2026-03-02T10:15:00.000Z', quantity: 1, capacity: 1 },
        ],
      },
    }]);
  });

  it('stores instants in UTC whatever offset they came with', () => {
    const event = requested({ start: '2026-03-02T10:00:00+01:00', end: '2026-03-02T11:00:00+01:00' });
    expect([event.data.start, event.data.end]).toEqual([START, END]);
  });

  it('copies approvalRequired and the change deadline from the policy', () => {
    const event = requested({ space: room({}, { approvalRequired: true, changeDeadlineMinutes: 1440 }) });
    expect(event.data).toMatchObject({ approvalRequired: true, changeDeadlineMinutes: 1440 });
  });

  it('spans one bucket per local day for a multi-day stay', () => {
    const hotelRoom = room({ spaceId: 'suite' }, { openingHours: null, maxDurationMinutes: 14 * 1440, bufferMinutes: 0 });
    const event = requested({ space: hotelRoom, lines: [], start: '2026-03-02T15:00:00Z', end: '2026-03-05T11:00:00Z' });
    expect(event.data.buckets).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'].map((d) => `schedule-suite-${d}`));
  });

  it('rejects a request that breaks the policy, naming the fields', () => {
    const error = spec.given([]).when(request({ participants: 11, lines: [{ resourceId: 'projectors', quantity: 9 }] })).thenThrows(ValidationError);
    expect(error.issues.map((i) => i.field)).toEqual(['participants', 'resources.0.quantity']);
  });

  it('rejects an end before start', () => {
    const error = spec.given([]).when(request({ end: '2026-03-02T08:00:00Z' })).thenThrows(ValidationError);
    expect(error.issues).toContainEqual({ field: 'end', message: 'end must be after start' });
  });

  it('rejects a booking id that is already used', () => {
    spec.given([requested()]).when(request()).thenThrows(ConflictError);
  });
});

describe('SettlePlacement', () => {
  it('confirms a placement without conflicts', () => {
    spec.given([requested()]).when(settle(1)).then([confirmed]);
  });

  it('submits for approval when the policy requires it', () => {
    spec.given([requested({ space: room({}, { approvalRequired: true }) })]).when(settle(1)).then([submitted]);
  });

  it('rejects a placement that met conflicts', () => {
    spec.given([requested()]).when(settle(1, [conflict])).then([{
      type: 'BookingRejected',
      data: { bookingId, reason: 'conflict', rejectedBy: 'system', comment: 'the requested time is no longer free (1 conflicting reservation)', conflicts: [conflict] },
    }]);
  });

  it('is idempotent once the placement is settled (a racing writer or process manager)', () => {
    spec.given(placed()).when(settle(1)).thenNothing();
    spec.given(placed()).when(settle(1, [conflict])).thenNothing();
    spec.given([requested(), ...decided([requested()], settle(1, [conflict]))]).when(settle(1)).thenNothing();
  });

  it('ignores a placement number that is not pending', () => {
    spec.given([requested()]).when(settle(2)).thenNothing();
  });

  it('applies a pending change without conflicts', () => {
    const given = [...placed(), changeRequested(placed(), moveToTen)];
    spec.given(given).when(settle(2)).then([{ type: 'BookingChanged', data: { bookingId, placement: 2 } }]);
  });

  it('rejects a pending change that met conflicts, keeping the booking', () => {
    const given = [...placed(), changeRequested(placed(), moveToTen)];
    spec.given(given).when(settle(2, [conflict])).then([{ type: 'BookingChangeRejected', data: { bookingId, placement: 2, reason: 'conflict', conflicts: [conflict] } }]);
    expect(stateAfter(bookingDecider, [...given, ...decided(given, settle(2, [conflict]))])).toMatchObject({ status: 'confirmed', current: { placement: 1, start: START } });
  });

  it('fails for an unknown booking', () => {
    spec.given([]).when(settle(1)).thenThrows(NotFoundError);
  });
});

describe('AbandonPlacement', () => {
  it('rejects a booking whose first placement stalled', () => {
    spec.given([requested()]).when(abandon(1)).then([{
      type: 'BookingRejected',
      data: { bookingId, reason: 'abandoned', rejectedBy: 'system', comment: 'placing the booking stalled and was abandoned', conflicts: [] },
    }]);
  });

  it('rejects a stalled change, keeping the booking', () => {
    const given = [...placed(), changeRequested(placed(), moveToTen)];
    spec.given(given).when(abandon(2)).then([{ type: 'BookingChangeRejected', data: { bookingId, placement: 2, reason: 'abandoned', conflicts: [] } }]);
  });

  it('does nothing when that placement is not pending', () => {
    spec.given(placed()).when(abandon(1)).thenNothing();
    spec.given([requested()]).when(abandon(2)).thenNothing();
  });
});

describe('ApproveBooking and RejectBooking', () => {
  const awaiting = () => [requested({ space: room({}, { approvalRequired: true }) }), submitted];

  it('approves a booking awaiting approval', () => {
    spec.given(awaiting()).when(approve).then([{ type: 'BookingApproved', data: { bookingId, approvedBy: 'boss', comment: 'ok' } }]);
    expect(stateAfter(bookingDecider, [...awaiting(), ...decided(awaiting(), approve)]).status).toBe('confirmed');
  });

  it('declines a booking awaiting approval', () => {
    spec.given(awaiting()).when(reject).then([{ type: 'BookingRejected', data: { bookingId, reason: 'declined', rejectedBy: 'boss', comment: 'no budget', conflicts: [] } }]);
  });

  it('refuses to approve or decline a booking that is not awaiting approval', () => {
    expect(spec.given(placed()).when(approve).thenThrows(ConflictError).message).toBe('booking b1 is not awaiting approval (it is confirmed)');
    spec.given(placed()).when(reject).thenThrows(ConflictError);
    spec.given([requested()]).when(approve).thenThrows(ConflictError);
  });

  it('fails for an unknown booking', () => {
    spec.given([]).when(approve).thenThrows(NotFoundError);
  });
});

describe('ChangeBooking', () => {
  it('requests the next placement with the new values and the rest kept', () => {
    const event = changeRequested(placed(), { ...moveToTen, lines: [{ resourceId: 'chairs', quantity: 6 }] });
    expect(event.type).toBe('BookingChangeRequested');
    expect(event.data).toMatchObject({
      bookingId, placement: 2, purpose: 'Planning', requestedBy: 'alice', participants: 4,
      start: '2026-03-02T10:00:00.000Z', end: '2026-03-02T11:00:00.000Z', holdUntil: '2026-03-02T11:15:00.000Z',
      resources: [{ resourceId: 'chairs', quantity: 6 }],
      buckets: ['schedule-chairs-2026-03-02', 'schedule-room-1-2026-03-02'],
    });
    expect(new Set(event.data.reservations.map((r) => r.reservationId))).toEqual(new Set(['b1#2']));
  });

  it('keeps start, end and resources when only participants and purpose change', () => {
    const event = changeRequested(placed(), { participants: 8, purpose: 'Review' });
    expect(event.data).toMatchObject({ placement: 2, start: START, end: END, participants: 8, purpose: 'Review', resources: [{ resourceId: 'projectors', quantity: 2 }] });
  });

  it('may change a booking that awaits approval', () => {
    const awaiting = [requested({ space: room({}, { approvalRequired: true }) }), submitted];
    expect(changeRequested(awaiting, { participants: 2 }).data.placement).toBe(2);
  });

  it('never reuses the number of a rejected placement', () => {
    const first = [...placed(), changeRequested(placed(), moveToTen)];
    const given = [...first, ...decided(first, settle(2, [conflict]))];
    expect(changeRequested(given, moveToTen).data.placement).toBe(3);
  });

  it('makes the new placement current once changed, and releases the old one', () => {
    const given = [...placed(), changeRequested(placed(), { ...moveToTen, purpose: 'Review' })];
    const state = stateAfter(bookingDecider, [...given, ...decided(given, settle(2))]);
    expect(state).toMatchObject({ status: 'confirmed', purpose: 'Review', pendingChange: null, current: { placement: 2, start: '2026-03-02T10:00:00.000Z' } });
    expect(reservationsToRelease(state)).toEqual([
      { targetId: 'projectors', day: '2026-03-02', reservationId: 'b1#1' },
      { targetId: 'room-1', day: '2026-03-02', reservationId: 'b1#1' },
    ]);
  });

  it('rejects a change while another is being placed', () => {
    const given = [...placed(), changeRequested(placed(), moveToTen)];
    spec.given(given).when(change({ participants: 2 })).thenThrows(ConflictError);
  });

  it('rejects a change of a booking being placed or no longer active', () => {
    spec.given([requested()]).when(change({ participants: 2 })).thenThrows(ConflictError);
    expect(spec.given([...placed(), cancelled]).when(change({ participants: 2 })).thenThrows(ConflictError).message).toBe('booking b1 cannot be changed: it is cancelled');
    spec.given([...placed(), checkedIn]).when(change({ participants: 2 })).thenThrows(ConflictError);
  });

  it('rejects a change past the deadline', () => {
    const error = spec.given(placed()).when(change({ participants: 2, now: '2026-03-02T08:00:00Z' })).thenThrows(ValidationError);
    expect(error.issues).toEqual([{ field: 'start', message: 'the change deadline (2026-03-02T08:00:00.000Z, 60 minutes before start) has passed' }]);
  });

  it('lets someone allowed override the deadline', () => {
    expect(changeRequested(placed(), { participants: 2, now: '2026-03-02T08:30:00Z', overrideDeadline: true }).data.participants).toBe(2);
  });

  it('checks the changed booking against the policy', () => {
    const error = spec.given(placed()).when(change({ participants: 11, start: '2026-03-02T19:00:00Z', end: '2026-03-02T21:00:00Z' })).thenThrows(ValidationError);
    expect(error.issues.map((i) => i.field)).toEqual(['end', 'participants']);
  });

  it('fails for an unknown booking', () => {
    spec.given([]).when(change()).thenThrows(NotFoundError);
  });
});

describe('CancelBooking', () => {
  it('cancels a confirmed booking before the deadline', () => {
    spec.given(placed()).when(cancel()).then([{ type: 'BookingCancelled', data: { bookingId, cancelledBy: 'alice', reason: 'plans changed', override: false } }]);
  });

  it('cancels a booking awaiting approval', () => {
    spec.given([requested({ space: room({}, { approvalRequired: true }) }), submitted]).when(cancel()).then([
      { type: 'BookingCancelled', data: { bookingId, cancelledBy: 'alice', reason: 'plans changed', override: false } },
    ]);
  });

  it('rejects a cancellation past the deadline, naming it', () => {
    const error = spec.given(placed()).when(cancel({ now: '2026-03-02T08:30:00Z' })).thenThrows(ValidationError);
    expect(error.issues).toEqual([{ field: 'start', message: 'the cancellation deadline (2026-03-02T08:00:00.000Z, 60 minutes before start) has passed' }]);
  });

  it('records an override when someone allowed cancels past the deadline', () => {
    spec.given(placed()).when(cancel({ now: '2026-03-02T08:30:00Z', overrideDeadline: true })).then([
      { type: 'BookingCancelled', data: { bookingId, cancelledBy: 'alice', reason: 'plans changed', override: true } },
    ]);
    spec.given(placed()).when(cancel({ overrideDeadline: true })).then([
      { type: 'BookingCancelled', data: { bookingId, cancelledBy: 'alice', reason: 'plans changed', override: false } },
    ]);
  });

  it('asks to wait while the booking is being placed', () => {
    expect(spec.given([requested()]).when(cancel()).thenThrows(ConflictError).message).toBe('booking b1 is still being placed; try again in a moment');
  });

  it('rejects cancelling a booking that is over', () => {
    expect(spec.given([...placed(), cancelled]).when(cancel()).thenThrows(ConflictError).message).toBe('booking b1 is already cancelled');
    expect(spec.given([requested(), ...decided([requested()], settle(1, [conflict]))]).when(cancel()).thenThrows(ConflictError).message).toBe('booking b1 is already rejected');
    spec.given([...placed(), checkedIn]).when(cancel()).thenThrows(ConflictError);
  });

  it('releases the placement and any change still being placed', () => {
    const given = [...placed(), changeRequested(placed(), moveToTen)];
    const state = stateAfter(bookingDecider, [...given, ...decided(given, cancel())]);
    expect(state).toMatchObject({ status: 'cancelled', pendingChange: null });
    expect(reservationsToRelease(state).map((r) => r.reservationId)).toEqual(['b1#1', 'b1#1', 'b1#2', 'b1#2']);
  });

  it('fails for an unknown booking', () => {
    spec.given([]).when(cancel()).thenThrows(NotFoundError);
  });
});

describe('CheckIn', () => {
  it('checks in from 15 minutes before start', () => {
    spec.given(placed()).when(checkIn('2026-03-02T08:45:00Z')).then([{ type: 'BookingCheckedIn', data: { bookingId, checkedInBy: 'alice', at: '2026-03-02T08:45:00.000Z' } }]);
    expect(decided(placed(), checkIn('2026-03-02T09:59:00Z'))).toHaveLength(1);
  });

  it('rejects a check-in too early or after the end', () => {
    expect(spec.given(placed()).when(checkIn('2026-03-02T08:44:00Z')).thenThrows(ValidationError).issues).toEqual([
      { field: 'start', message: 'check-in opens at 2026-03-02T08:45:00.000Z, 15 minutes before start' },
    ]);
    expect(spec.given(placed()).when(checkIn(END)).thenThrows(ValidationError).issues[0]!.field).toBe('end');
  });

  it('rejects checking in a booking that is not confirmed', () => {
    expect(spec.given([requested({ space: room({}, { approvalRequired: true }) }), submitted]).when(checkIn('2026-03-02T08:50:00Z')).thenThrows(ConflictError).message)
      .toBe('booking b1 cannot be checked in: it is awaiting approval');
    spec.given([...placed(), checkedIn]).when(checkIn('2026-03-02T08:50:00Z')).thenThrows(ConflictError);
    spec.given([...placed(), cancelled]).when(checkIn('2026-03-02T08:50:00Z')).thenThrows(ConflictError);
  });
});

describe('CompleteBooking', () => {
  it('completes a checked-in booking once it ends', () => {
    spec.given([...placed(), checkedIn]).when(complete(END)).then([{ type: 'BookingCompleted', data: { bookingId } }]);
  });

  it('rejects completing before the end', () => {
    expect(spec.given([...placed(), checkedIn]).when(complete('2026-03-02T09:59:00Z')).thenThrows(ValidationError).issues[0]!.field).toBe('end');
  });

  it('rejects completing a booking that was not checked in', () => {
    spec.given(placed()).when(complete(END)).thenThrows(ConflictError);
  });
});

describe('MarkNoShow', () => {
  it('marks a confirmed booking not checked in 15 minutes after start', () => {
    spec.given(placed()).when(noShow('2026-03-02T09:15:00Z')).then([{ type: 'BookingMarkedNoShow', data: { bookingId, markedBy: 'desk' } }]);
    const state = stateAfter(bookingDecider, [...placed(), ...decided(placed(), noShow('2026-03-02T09:15:00Z'))]);
    expect(state.status).toBe('no_show');
    expect(reservationsToRelease(state)).toHaveLength(2);
  });

  it('rejects marking a no-show too early', () => {
    expect(spec.given(placed()).when(noShow('2026-03-02T09:14:00Z')).thenThrows(ValidationError).issues).toEqual([
      { field: 'start', message: 'a no-show can be recorded from 2026-03-02T09:15:00.000Z, 15 minutes after start' },
    ]);
  });

  it('rejects marking a checked-in or cancelled booking', () => {
    spec.given([...placed(), checkedIn]).when(noShow('2026-03-02T09:30:00Z')).thenThrows(ConflictError);
    spec.given([...placed(), cancelled]).when(noShow('2026-03-02T09:30:00Z')).thenThrows(ConflictError);
  });
});

describe('placementBeingPlaced and reservationsToRelease', () => {
  it('names the placement a writer must settle', () => {
    expect(placementBeingPlaced(stateAfter(bookingDecider, [requested()]))?.placement).toBe(1);
    expect(placementBeingPlaced(stateAfter(bookingDecider, placed()))).toBeNull();
    expect(placementBeingPlaced(stateAfter(bookingDecider, [...placed(), changeRequested(placed(), moveToTen)]))?.placement).toBe(2);
    expect(placementBeingPlaced(bookingDecider.initialState())).toBeNull();
  });

  it('releases nothing while the booking holds its placement', () => {
    expect(reservationsToRelease(stateAfter(bookingDecider, placed()))).toEqual([]);
    expect(reservationsToRelease(bookingDecider.initialState())).toEqual([]);
  });

  it('releases the first placement when it is rejected or abandoned', () => {
    for (const outcome of [settle(1, [conflict]), abandon(1)]) {
      const state = stateAfter(bookingDecider, [requested(), ...decided([requested()], outcome)]);
      expect(state.status).toBe('rejected');
      expect(reservationsToRelease(state).map((r) => `${r.targetId}/${r.reservationId}`)).toEqual(['projectors/b1#1', 'room-1/b1#1']);
    }
  });

  it('releases only the rejected change, keeping the placement in force', () => {
    const given = [...placed(), changeRequested(placed(), { ...moveToTen, lines: [] })];
    const state = stateAfter(bookingDecider, [...given, ...decided(given, abandon(2))]);
    expect(reservationsToRelease(state)).toEqual([{ targetId: 'room-1', day: '2026-03-02', reservationId: 'b1#2' }]);
  });
});
