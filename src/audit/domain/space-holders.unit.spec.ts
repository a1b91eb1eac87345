import { describe, expect, it } from 'vitest';
import { NOW, room } from '../../booking/domain/booking-fixtures.js';
import type { BookingCommand } from '../../booking/domain/booking.commands.js';
import { bookingDecider } from '../../booking/domain/booking.decider.js';
import { blackoutDecider } from '../../catalog/domain/blackout.decider.js';
import type { BlackoutCommand } from '../../catalog/domain/catalog.commands.js';
import type { Decider } from '../../shared/domain/decider.js';
import { stateAfter } from '../../shared/domain/decider-spec.js';
import { holderAt, recordedBy, spaceHoldersAt, type LoggedEvent } from './space-holders.js';

// Monday 2 March 2026 in Lisbon (UTC+0). The room has a 15-minute buffer.
const at = (hhmm: string) => Date.parse(`2026-03-02T${hhmm}:00.000Z`);
const ms = (iso: string) => Date.parse(iso);
/** System times: booked at S0, moved at S1, cancelled at S2 (all before the day). */
const S0 = '2026-03-01T12:00:00.000Z';
const S1 = '2026-03-01T12:10:00.000Z';
const S2 = '2026-03-01T12:20:00.000Z';
const justBefore = (iso: string) => new Date(ms(iso) - 1).toISOString();

/** Events decided by the aggregate itself from its earlier ones, each logged with the given recording time. */
function logOf<S, C, E extends { type: string; data: unknown }>(decider: Decider<S, C, E>, streamId: string, steps: [C, string][]): LoggedEvent[] {
  const given: E[] = [];
  const logged: LoggedEvent[] = [];
  for (const [command, recordedAt] of steps) {
    for (const e of decider.decide(command, stateAfter(decider, given))) {
      given.push(e);
      logged.push({ streamId, revision: logged.length, type: e.type, data: e.data, recordedAt });
    }
  }
  return logged;
}

const bookingId = 'b1';
const booking = (steps: [BookingCommand, string][]) => logOf(bookingDecider, `booking-${bookingId}`, steps);
const request: BookingCommand = {
  type: 'RequestBooking',
  data: { bookingId, bookerId: 'alice', space: room(), resources: [], lines: [], start: '2026-03-02T10:00:00Z', end: '2026-03-02T11:00:00Z', purpose: 'Planning', participants: 4, private: false, now: NOW },
};
const settle = (placement: number): BookingCommand => ({ type: 'SettlePlacement', data: { bookingId, placement, conflicts: [] } });
const moveTo14: BookingCommand = {
  type: 'ChangeBooking',
  data: { bookingId, space: room(), resources: [], now: NOW, actorId: 'alice', overrideDeadline: false, start: '2026-03-02T14:00:00Z', end: '2026-03-02T15:00:00Z' },
};
const cancel: BookingCommand = { type: 'CancelBooking', data: { bookingId, actorId: 'alice', reason: 'plans changed', now: NOW, overrideDeadline: false } };

/** Booked 10:00–11:00 at S0, moved to 14:00–15:00 at S1, cancelled at S2. */
const moved = booking([[request, S0], [settle(1), S0], [moveTo14, S1], [settle(2), S1], [cancel, S2]]);
const holder = (asOf: string | null, hhmm: string) => holderAt(recordedBy(moved, asOf === null ? null : ms(asOf)), 'room-1', at(hhmm));

const blackoutLog = (steps: [BlackoutCommand, string][]) => logOf(blackoutDecider, 'blackout-k1', steps);
const requestBlackout: BlackoutCommand = {
  type: 'RequestBlackout',
  data: { blackoutId: 'k1', siteId: 'lisbon', timeZone: 'Europe/Lisbon', target: { kind: 'space', spaceId: 'room-1' }, capacity: 1, start: '2026-03-02T16:00:00Z', end: '2026-03-02T17:00:00Z', reason: 'painting', now: NOW },
};

describe('recordedBy (system time)', () => {
  it('keeps the events recorded at or before the instant, all of them without one', () => {
    expect(recordedBy(moved, ms(S1)).map((e) => e.type)).toEqual(['BookingRequested', 'BookingConfirmed', 'BookingChangeRequested', 'BookingChanged']);
    expect(recordedBy(moved, ms(justBefore(S1))).map((e) => e.type)).toEqual(['BookingRequested', 'BookingConfirmed']);
    expect(recordedBy(moved, ms(justBefore(S0)))).toEqual([]);
    expect(recordedBy(moved, null)).toEqual(moved);
  });
});

describe('holderAt: a booking moved from 10:00 to 14:00 at S1 and cancelled at S2', () => {
  it('as known before the move, holds 10:00–11:00, start included, end and buffer excluded', () => {
    expect(holder(justBefore(S1), '10:30')).toMatchObject({
      kind: 'booking', id: bookingId, bookerId: 'alice', status: 'confirmed', start: '2026-03-02T10:00:00.000Z', end: '2026-03-02T11:00:00.000Z', holdUntil: '2026-03-02T11:15:00.000Z', revision: 1, recordedAt: S0,
    });
    expect(holder(S0, '10:00')).not.toBeNull();
    expect(holder(S0, '09:59')).toBeNull();
    expect(holder(S0, '11:00')).toBeNull();
    expect(holder(S0, '11:10')).toBeNull();
    expect(holder(S0, '14:30')).toBeNull();
  });

  it('as known from the move (S1 itself included) until the cancellation, holds 14:00–15:00 only', () => {
    for (const asOf of [S1, justBefore(S2)]) {
      expect(holder(asOf, '10:30'), asOf).toBeNull();
      expect(holder(asOf, '14:00'), asOf).toMatchObject({ status: 'confirmed', start: '2026-03-02T14:00:00.000Z', revision: 3, recordedAt: S1 });
      expect(holder(asOf, '14:59'), asOf).not.toBeNull();
      expect(holder(asOf, '15:00'), asOf).toBeNull();
    }
  });

  it('as known from the cancellation on, and now, holds nothing', () => {
    for (const asOf of [S2, null]) for (const t of ['10:30', '14:30']) expect(holder(asOf, t)).toBeNull();
  });

  it('before it was requested, holds nothing; nor does it hold another space', () => {
    expect(holder(justBefore(S0), '10:30')).toBeNull();
    expect(holderAt(recordedBy(moved, ms(S0)), 'room-2', at('10:30'))).toBeNull();
  });

  it('a no-show released the space; a completed booking held it', () => {
    const noShow = booking([[request, S0], [settle(1), S0], [{ type: 'MarkNoShow', data: { bookingId, actorId: 'desk', now: '2026-03-02T10:20:00Z' } }, S1]]);
    expect(holderAt(noShow, 'room-1', at('10:30'))).toBeNull();
    const done = booking([[request, S0], [settle(1), S0], [{ type: 'CheckIn', data: { bookingId, actorId: 'alice', now: '2026-03-02T09:55:00Z' } }, S1], [{ type: 'CompleteBooking', data: { bookingId, now: '2026-03-02T11:00:00Z' } }, S2]]);
    expect(holderAt(done, 'room-1', at('10:30'))).toMatchObject({ status: 'completed' });
  });
});

describe('holderAt: blackouts', () => {
  const declared = blackoutLog([[requestBlackout, S0], [{ type: 'SettleBlackout', data: { blackoutId: 'k1', placement: 1, conflicts: [] } }, S0]]);

  it('a declared blackout holds its space over [start, end)', () => {
    expect(holderAt(declared, 'room-1', at('16:00'))).toEqual({
      kind: 'blackout', id: 'k1', status: 'declared', start: '2026-03-02T16:00:00.000Z', end: '2026-03-02T17:00:00.000Z', reason: 'painting', revision: 1, recordedAt: S0,
    });
    expect(holderAt(declared, 'room-1', at('17:00'))).toBeNull();
    expect(holderAt(declared, 'room-2', at('16:30'))).toBeNull();
  });

  it('a lifted or refused one holds nothing', () => {
    const lifted = blackoutLog([
      [requestBlackout, S0],
      [{ type: 'SettleBlackout', data: { blackoutId: 'k1', placement: 1, conflicts: [] } }, S0],
      [{ type: 'LiftBlackout', data: { blackoutId: 'k1', reason: 'done early' } }, S1],
    ]);
    expect(holderAt(recordedBy(lifted, ms(S0)), 'room-1', at('16:30'))).not.toBeNull();
    expect(holderAt(lifted, 'room-1', at('16:30'))).toBeNull();
    const refused = blackoutLog([
      [requestBlackout, S0],
      [{ type: 'SettleBlackout', data: { blackoutId: 'k1', placement: 1, conflicts: [{ targetId: 'room-1', start: '2026-03-02T16:00:00Z', end: '2026-03-02T16:30:00Z', holder: { kind: 'booking', id: 'b9' } }] } }, S0],
    ]);
    expect(holderAt(refused, 'room-1', at('16:30'))).toBeNull();
  });
});

describe('spaceHoldersAt', () => {
  it('lists the holders of several streams by start', () => {
    const booked = booking([[request, S0], [settle(1), S0]]);
    const declared = blackoutLog([[{ ...requestBlackout, data: { ...requestBlackout.data, start: '2026-03-02T09:00:00Z', end: '2026-03-02T12:00:00Z' } } as BlackoutCommand, S0]]);
    // Overlapping holders cannot both be placed; the fold reports what the log says.
    expect(spaceHoldersAt([booked, declared, []], 'room-1', at('10:30')).map((h) => [h.kind, h.status])).toEqual([
      ['blackout', 'placing'],
      ['booking', 'confirmed'],
    ]);
  });
});
