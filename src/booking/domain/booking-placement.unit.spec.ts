import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/domain/errors.js';
import { scheduleDecider, type ScheduleState } from '../../scheduling/domain/schedule.decider.js';
import { scheduleStreamId } from '../../scheduling/domain/schedule.events.js';
import { chairs, projectors, room } from './booking-fixtures.js';
import { planPlacement, toPlacementConflicts } from './booking-placement.js';

const holder = { kind: 'booking' as const, id: 'b1' };

describe('planPlacement', () => {
  it('holds the space until end + buffer and each resource for [start, end)', () => {
    const plan = planPlacement({
      space: room(),
      lines: [{ resourceId: projectors.resourceId, quantity: 2 }],
      resources: [projectors, chairs],
      start: '2026-03-02T09:00:00Z',
      end: '2026-03-02T10:00:00Z',
      placement: 1,
      holder,
    });
    expect(plan).toEqual({
      holdUntil: '2026-03-02T10:15:00.000Z',
      buckets: ['schedule-projectors-2026-03-02', 'schedule-room-1-2026-03-02'],
      reservations: [
        { targetId: 'projectors', targetKind: 'resource', day: '2026-03-02', reservationId: 'b1#1', holder, start: '2026-03-02T09:00:00.000Z', end: '2026-03-02T10:00:00.000Z', quantity: 2, capacity: 5 },
        { targetId: 'room-1', targetKind: 'space', day: '2026-03-02', reservationId: 'b1#1', holder, start: '2026-03-02T09:00:00.000Z', end: '2026-03-02T10:15:00.000Z', quantity: 1, capacity: 1 },
      ],
    });
  });

  it('reserves every local day a multi-day booking touches, sorted, one reservation per bucket', () => {
    const plan = planPlacement({
      space: room({ spaceId: 'suite-7' }, { openingHours: null, bufferMinutes: 0 }),
      lines: [{ resourceId: chairs.resourceId, quantity: 4 }],
      resources: [chairs],
      start: '2026-03-02T15:00:00Z',
      end: '2026-03-05T11:00:00Z',
      placement: 3,
      holder,
    });
    const days = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'];
    expect(plan.buckets).toEqual([...days.map((d) => scheduleStreamId('chairs', d)), ...days.map((d) => scheduleStreamId('suite-7', d))]);
    expect(plan.reservations.map((r) => scheduleStreamId(r.targetId, r.day))).toEqual(plan.buckets);
    expect(new Set(plan.reservations.map((r) => r.reservationId))).toEqual(new Set(['b1#3']));
    // Each day's reservation carries the whole interval.
    expect(new Set(plan.reservations.map((r) => `${r.start}/${r.end}`))).toEqual(new Set(['2026-03-02T15:00:00.000Z/2026-03-05T11:00:00.000Z']));
  });

  it("lets the buffer spill into the next day's bucket for the space only", () => {
    const plan = planPlacement({
      space: room({}, { openingHours: null, bufferMinutes: 30 }),
      lines: [{ resourceId: projectors.resourceId, quantity: 1 }],
      resources: [projectors],
      start: '2026-03-02T23:00:00Z',
      end: '2026-03-03T00:00:00Z',
      placement: 1,
      holder,
    });
    expect(plan.holdUntil).toBe('2026-03-03T00:30:00.000Z');
    expect(plan.buckets).toEqual(['schedule-projectors-2026-03-02', 'schedule-room-1-2026-03-02', 'schedule-room-1-2026-03-03']);
  });

  it("buckets by the site's local date, not the UTC date", () => {
    // 20:00–23:00 in New York on 2 March is 01:00–04:00 UTC on 3 March.
    const plan = planPlacement({
      space: room({ timeZone: 'America/New_York' }, { bufferMinutes: 0 }),
      lines: [],
      resources: [],
      start: '2026-03-03T01:00:00Z',
      end: '2026-03-03T04:00:00Z',
      placement: 1,
      holder,
    });
    expect(plan.buckets).toEqual(['schedule-room-1-2026-03-02']);
  });
});

describe('placements on the schedule', () => {
  /** Reserves every bucket of a placement in order, as a writer does, over in-memory schedule states. */
  function place(streams: Map<string, ScheduleState>, plan: ReturnType<typeof planPlacement>): void {
    plan.reservations.forEach((reservation, i) => {
      const state = streams.get(plan.buckets[i]!) ?? scheduleDecider.initialState();
      const events = scheduleDecider.decide({ type: 'ReserveSlot', data: reservation }, state);
      streams.set(plan.buckets[i]!, events.reduce(scheduleDecider.evolve, state));
    });
  }
  const hotelRoom = room({ spaceId: 'suite-7' }, { openingHours: null, bufferMinutes: 0 });
  const stay = (id: string, start: string, end: string) =>
    planPlacement({ space: hotelRoom, lines: [], resources: [], start, end, placement: 1, holder: { kind: 'booking', id } });

  it("finds an overlap on a multi-day booking's later day, in that day's bucket", () => {
    const streams = new Map<string, ScheduleState>();
    place(streams, stay('b1', '2026-03-02T15:00:00Z', '2026-03-05T11:00:00Z'));
    let error: unknown;
    try {
      place(streams, stay('b2', '2026-03-05T10:00:00Z', '2026-03-06T11:00:00Z'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).conflicts).toEqual([{ targetId: 'suite-7', holder: { kind: 'booking', id: 'b1' }, start: '2026-03-02T15:00:00.000Z', end: '2026-03-05T11:00:00.000Z' }]);
  });

  it('lets the next stay start when the previous one ends (back-to-back)', () => {
    const streams = new Map<string, ScheduleState>();
    place(streams, stay('b1', '2026-03-02T15:00:00Z', '2026-03-05T11:00:00Z'));
    place(streams, stay('b2', '2026-03-05T11:00:00Z', '2026-03-06T11:00:00Z'));
    expect(streams.get('schedule-suite-7-2026-03-05')!.active.size).toBe(2);
  });
});

describe('toPlacementConflicts', () => {
  it('flattens the intervals of a schedule ConflictError', () => {
    const error = new ConflictError('taken', [{ targetId: 'room-1', start: 'a', end: 'b', holder: { kind: 'blackout', id: 'x' } }]);
    expect(toPlacementConflicts(error.conflicts)).toEqual([{ targetId: 'room-1', start: 'a', end: 'b', holderKind: 'blackout', holderId: 'x' }]);
  });
});
