import { describe, expect, it } from 'vitest';
import { deciderSpec, stateAfter } from '../../shared/domain/decider-spec.js';
import { ConflictError } from '../../shared/domain/errors.js';
import type { ReleaseSlot, ReserveSlot } from './schedule.commands.js';
import { findScheduleConflicts, scheduleDecider } from './schedule.decider.js';
import type { Holder, ScheduleEvent, SlotReserved } from './schedule.events.js';

const spec = deciderSpec(scheduleDecider);
const DAY = '2026-03-02';
const at = (hhmm: string) => `${DAY}T${hhmm}:00.000Z`;
const booking = (id: string): Holder => ({ kind: 'booking', id });

function slot(holder: Holder, from: string, to: string, options: { quantity?: number; capacity?: number; placement?: number; targetId?: string } = {}): ReserveSlot['data'] {
  const targetId = options.targetId ?? 'room-1';
  return {
    targetId,
    targetKind: options.capacity === undefined ? 'space' : 'resource',
    day: DAY,
    reservationId: `${holder.id}#${options.placement ?? 1}`,
    holder,
    start: at(from),
    end: at(to),
    quantity: options.quantity ?? 1,
    capacity: options.capacity ?? 1,
  };
}
const reserve = (data: ReserveSlot['data']): ReserveSlot => ({ type: 'ReserveSlot', data });
const reserved = ({ capacity: _capacity, ...data }: ReserveSlot['data']): SlotReserved => ({ type: 'SlotReserved', data });
const release = (data: ReserveSlot['data']): ReleaseSlot => ({ type: 'ReleaseSlot', data: { targetId: data.targetId, day: data.day, reservationId: data.reservationId } });
const released = (data: ReserveSlot['data']): ScheduleEvent => ({ type: 'SlotReleased', data: release(data).data });

describe('schedule decider: ReserveSlot on a space', () => {
  const a = slot(booking('a'), '09:00', '10:00');

  it('reserves a free slot', () => {
    spec.given([]).when(reserve(a)).then([reserved(a)]);
  });

  it('is idempotent for a reservation that is already active', () => {
    spec.given([reserved(a)]).when(reserve(a)).thenNothing();
  });

  it('rejects an overlapping reservation of another holder, naming the interval', () => {
    const error = spec.given([reserved(a)]).when(reserve(slot(booking('b'), '09:30', '10:30'))).thenThrows(ConflictError);
    expect(error.conflicts).toEqual([{ targetId: 'room-1', holder: booking('a'), start: at('09:00'), end: at('10:00') }]);
    expect(error.message).toBe(`space room-1 is already taken: held by booking a from ${at('09:00')} to ${at('10:00')}`);
  });

  it('rejects a reservation enclosing another one', () => {
    spec.given([reserved(a)]).when(reserve(slot(booking('b'), '08:00', '11:00'))).thenThrows(ConflictError);
  });

  it('allows back-to-back reservations on either side', () => {
    const before = slot(booking('b'), '08:00', '09:00');
    const after = slot(booking('c'), '10:00', '11:00');
    spec.given([reserved(a)]).when(reserve(before)).then([reserved(before)]);
    spec.given([reserved(a)]).when(reserve(after)).then([reserved(after)]);
  });

  it('keeps a buffer held by the earlier booking (its hold ends after end + buffer)', () => {
    const withBuffer = slot(booking('a'), '09:00', '10:15'); // booking 09:00–10:00 + 15 min buffer
    spec.given([reserved(withBuffer)]).when(reserve(slot(booking('b'), '10:00', '11:00'))).thenThrows(ConflictError);
    const afterBuffer = slot(booking('b'), '10:15', '11:15');
    spec.given([reserved(withBuffer)]).when(reserve(afterBuffer)).then([reserved(afterBuffer)]);
  });

  it("never conflicts with the same holder's other placement (a change overlapping the old one)", () => {
    const moved = slot(booking('a'), '09:30', '10:30', { placement: 2 });
    spec.given([reserved(a)]).when(reserve(moved)).then([reserved(moved)]);
  });

  it('treats a blackout like any other holder', () => {
    const blackout = slot({ kind: 'blackout', id: 'x' }, '00:00', '12:00');
    const error = spec.given([reserved(blackout)]).when(reserve(a)).thenThrows(ConflictError);
    expect(error.conflicts.map((c) => c.holder)).toEqual([{ kind: 'blackout', id: 'x' }]);
  });

  it('frees the slot once the reservation is released', () => {
    const b = slot(booking('b'), '09:00', '10:00');
    spec.given([reserved(a), released(a)]).when(reserve(b)).then([reserved(b)]);
  });

  it('lists every conflicting interval, in start order', () => {
    const early = slot(booking('b'), '08:00', '09:00');
    const late = slot(booking('c'), '10:00', '11:00');
    const error = spec.given([reserved(late), reserved(early)]).when(reserve(slot(booking('d'), '08:30', '10:30'))).thenThrows(ConflictError);
    expect(error.conflicts.map((c) => c.holder.id)).toEqual(['b', 'c']);
  });
});

describe('schedule decider: ReserveSlot on a pooled resource (peak quantity)', () => {
  // Stock 5: booking a holds 2 for 09–11, booking b holds 3 for 10–12; at 10–11 all 5 are out.
  const a = slot(booking('a'), '09:00', '11:00', { quantity: 2, capacity: 5, targetId: 'projectors' });
  const b = slot(booking('b'), '10:00', '12:00', { quantity: 3, capacity: 5, targetId: 'projectors' });
  const given = [reserved(a), reserved(b)];
  const one = (from: string, to: string) => slot(booking('c'), from, to, { quantity: 1, capacity: 5, targetId: 'projectors' });

  it('rejects 1 more at the peak, naming what holds it', () => {
    const error = spec.given(given).when(reserve(one('10:00', '10:30'))).thenThrows(ConflictError);
    expect(error.conflicts.map((c) => c.holder.id)).toEqual(['a', 'b']);
    expect(error.message).toMatch(/^resource projectors has too few left \(5 in total, 1 requested\): held by booking a from .* booking b from/);
  });

  it('accepts 1 more where only 3 are out (11–12), and where only 2 are out (09–10)', () => {
    spec.given(given).when(reserve(one('11:00', '12:00'))).then([reserved(one('11:00', '12:00'))]);
    spec.given(given).when(reserve(one('09:00', '10:00'))).then([reserved(one('09:00', '10:00'))]);
  });

  it('names only the reservations held where the peak is exceeded', () => {
    const three = slot(booking('c'), '09:00', '10:00', { quantity: 4, capacity: 5, targetId: 'projectors' });
    const error = spec.given(given).when(reserve(three)).thenThrows(ConflictError);
    expect(error.conflicts.map((c) => c.holder.id)).toEqual(['a']);
  });

  it('does not add up reservations that only meet back-to-back', () => {
    const first = slot(booking('a'), '09:00', '10:00', { quantity: 3, capacity: 5, targetId: 'projectors' });
    const second = slot(booking('b'), '10:00', '11:00', { quantity: 3, capacity: 5, targetId: 'projectors' });
    const wanted = slot(booking('c'), '09:00', '11:00', { quantity: 2, capacity: 5, targetId: 'projectors' });
    spec.given([reserved(first), reserved(second)]).when(reserve(wanted)).then([reserved(wanted)]);
  });

  it('rejects a quantity above the capacity even on an empty schedule', () => {
    const error = spec.given([]).when(reserve(slot(booking('c'), '09:00', '10:00', { quantity: 6, capacity: 5, targetId: 'projectors' }))).thenThrows(ConflictError);
    expect(error.conflicts).toEqual([]);
    expect(error.message).toBe('resource projectors has 5 in total, 6 requested');
  });
});

describe('schedule decider: ReleaseSlot', () => {
  const a = slot(booking('a'), '09:00', '10:00');

  it('releases an active reservation', () => {
    spec.given([reserved(a)]).when(release(a)).then([released(a)]);
  });

  it('is idempotent for a reservation that is not active', () => {
    spec.given([]).when(release(a)).thenNothing();
    spec.given([reserved(a), released(a)]).when(release(a)).thenNothing();
  });
});

describe('findScheduleConflicts', () => {
  it('previews a reservation without deciding', () => {
    const a = slot(booking('a'), '09:00', '10:00');
    const state = stateAfter(scheduleDecider, [reserved(a)]);
    expect(findScheduleConflicts(state, slot(booking('b'), '10:00', '11:00'))).toEqual([]);
    expect(findScheduleConflicts(state, slot(booking('b'), '09:59', '11:00'))).toHaveLength(1);
  });
});
