import { describe, expect, it } from 'vitest';
import { deciderSpec, stateAfter } from '../../shared/domain/decider-spec.js';
import { ConflictError, NotFoundError, ValidationError, type ConflictingInterval } from '../../shared/domain/errors.js';
import { blackoutDecider, blackoutReservationsToRelease } from './blackout.decider.js';
import type { BlackoutCommand, RequestBlackout } from './catalog.commands.js';
import type { BlackoutEvent, BlackoutRequested } from './catalog.events.js';

const spec = deciderSpec(blackoutDecider);
const blackoutId = 'x1';
const holder = { kind: 'blackout', id: blackoutId } as const;
const NOW = '2026-03-01T12:00:00.000Z';

function request(overrides: Partial<RequestBlackout['data']> = {}): RequestBlackout {
  return {
    type: 'RequestBlackout',
    data: {
      blackoutId, siteId: 's1', timeZone: 'Europe/Lisbon', target: { kind: 'space', spaceId: 'room-1' }, capacity: 1,
      start: '2026-03-02T22:00:00Z', end: '2026-03-03T06:00:00Z', reason: 'floor polishing', now: NOW, ...overrides,
    },
  };
}
const requested = (overrides: Partial<RequestBlackout['data']> = {}) =>
  blackoutDecider.decide(request(overrides), blackoutDecider.initialState())[0] as BlackoutRequested;
const settle = (conflicts: ConflictingInterval[] = [], placement = 1): BlackoutCommand => ({ type: 'SettleBlackout', data: { blackoutId, placement, conflicts } });
const abandon: BlackoutCommand = { type: 'AbandonBlackout', data: { blackoutId, placement: 1 } };
const lift = (reason = 'done early'): BlackoutCommand => ({ type: 'LiftBlackout', data: { blackoutId, reason } });
const declared: BlackoutEvent = { type: 'BlackoutDeclared', data: { blackoutId } };
const conflict: ConflictingInterval = { targetId: 'room-1', start: '2026-03-02T21:00:00.000Z', end: '2026-03-02T22:15:00.000Z', holder: { kind: 'booking', id: 'b1' } };

describe('blackout decider: RequestBlackout', () => {
  it('places a space blackout on every local day it touches, without a buffer', () => {
    spec.given([]).when(request()).then([{
      type: 'BlackoutRequested',
      data: {
        blackoutId, siteId: 's1', timeZone: 'Europe/Lisbon', target: { kind: 'space', spaceId: 'room-1' },
        start: '2026-03-02T22:00:00.000Z', end: '2026-03-03T06:00:00.000Z', reason: 'floor polishing', placement: 1,
        buckets: ['schedule-room-1-2026-03-02', 'schedule-room-1-2026-03-03'],
        reservations: ['2026-03-02', '2026-03-03'].map((day) => ({
          targetId: 'room-1', targetKind: 'space', day, reservationId: 'x1#1', holder,
          start: '2026-03-02T22:00:00.000Z', end: '2026-03-03T06:00:00.000Z', quantity: 1, capacity: 1,
        })),
      },
    }]);
  });

  it('holds some quantity of a resource out of its stock', () => {
    const event = requested({ target: { kind: 'resource', resourceId: 'projectors', quantity: 2 }, capacity: 5, start: '2026-03-02T09:00:00Z', end: '2026-03-02T12:00:00Z' });
    expect(event.data.reservations).toEqual([{
      targetId: 'projectors', targetKind: 'resource', day: '2026-03-02', reservationId: 'x1#1', holder,
      start: '2026-03-02T09:00:00.000Z', end: '2026-03-02T12:00:00.000Z', quantity: 2, capacity: 5,
    }]);
  });

  it('may start in the past as long as it ends in the future', () => {
    expect(requested({ start: '2026-03-01T10:00:00Z' }).data.start).toBe('2026-03-01T10:00:00.000Z');
  });

  it('rejects a blackout that already exists', () => {
    spec.given([requested()]).when(request()).thenThrows(ConflictError);
  });

  it('rejects an empty reason, bad instants, an end before start, or an end in the past', () => {
    const fields = (overrides: Partial<RequestBlackout['data']>) => spec.given([]).when(request(overrides)).thenThrows(ValidationError).issues;
    expect(fields({ reason: '  ', start: 'soon', end: 'later' }).map((i) => i.field)).toEqual(['reason', 'start', 'end']);
    expect(fields({ end: '2026-03-02T21:00:00Z' })).toEqual([{ field: 'end', message: 'end must be after start' }]);
    expect(fields({ start: '2026-02-01T00:00:00Z', end: '2026-02-02T00:00:00Z' })).toEqual([{ field: 'end', message: 'a blackout must end in the future' }]);
  });

  it('rejects a resource quantity below 1 or above stock', () => {
    const fields = (quantity: number) => spec.given([]).when(request({ target: { kind: 'resource', resourceId: 'projectors', quantity }, capacity: 5 })).thenThrows(ValidationError).issues.map((i) => i.field);
    expect(fields(0)).toEqual(['target.quantity']);
    expect(fields(6)).toEqual(['target.quantity']);
  });
});

describe('blackout decider: settling, abandoning and lifting', () => {
  it('declares a blackout placed without conflicts', () => {
    spec.given([requested()]).when(settle()).then([declared]);
  });

  it('refuses a blackout that met conflicts and releases what it held', () => {
    spec.given([requested()]).when(settle([conflict])).then([{
      type: 'BlackoutRefused', data: { blackoutId, reason: 'conflict', conflicts: [conflict] },
    }]);
    const refused = blackoutDecider.decide(settle([conflict]), stateAfter(blackoutDecider, [requested()]));
    expect(blackoutReservationsToRelease(stateAfter(blackoutDecider, [requested(), ...refused]))).toEqual([
      { targetId: 'room-1', day: '2026-03-02', reservationId: 'x1#1' },
      { targetId: 'room-1', day: '2026-03-03', reservationId: 'x1#1' },
    ]);
  });

  it('is idempotent once settled, and ignores another placement number', () => {
    spec.given([requested(), declared]).when(settle()).thenNothing();
    spec.given([requested()]).when(settle([], 2)).thenNothing();
  });

  it('refuses a stalled blackout when the process manager abandons it', () => {
    spec.given([requested()]).when(abandon).then([{ type: 'BlackoutRefused', data: { blackoutId, reason: 'abandoned', conflicts: [] } }]);
    spec.given([requested(), declared]).when(abandon).thenNothing();
  });

  it('lifts a declared blackout and releases its reservations', () => {
    spec.given([requested(), declared]).when(lift()).then([{ type: 'BlackoutLifted', data: { blackoutId, reason: 'done early' } }]);
    const state = stateAfter(blackoutDecider, [requested(), declared, { type: 'BlackoutLifted', data: { blackoutId, reason: 'done early' } }]);
    expect(blackoutReservationsToRelease(state)).toHaveLength(2);
    expect(blackoutReservationsToRelease(stateAfter(blackoutDecider, [requested(), declared]))).toEqual([]);
  });

  it('rejects lifting without a reason, or a blackout that is not declared', () => {
    expect(spec.given([requested(), declared]).when(lift(' ')).thenThrows(ValidationError).issues[0]!.field).toBe('reason');
    expect(spec.given([requested()]).when(lift()).thenThrows(ConflictError).message).toBe('blackout x1 cannot be lifted: it is still being placed');
    spec.given([requested(), declared, { type: 'BlackoutLifted', data: { blackoutId, reason: 'x' } }]).when(lift()).thenThrows(ConflictError);
  });

  it('fails on an unknown blackout', () => {
    expect(spec.given([]).when(lift()).thenThrows(NotFoundError).message).toBe('blackout x1 was not found');
    spec.given([]).when(settle()).thenThrows(NotFoundError);
  });
});
