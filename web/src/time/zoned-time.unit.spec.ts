import { describe, expect, it } from 'vitest';
import { addDays, fromWallClock, startOfWeek, toWallClock, weekday } from './zoned-time.js';

describe('wall clock ↔ instant', () => {
  it('converts both ways in a zone with an offset', () => {
    expect(fromWallClock('2026-07-01', '09:30', 'America/New_York').toISOString()).toBe('2026-07-01T13:30:00.000Z');
    expect(toWallClock('2026-07-01T13:30:00Z', 'America/New_York')).toEqual({ date: '2026-07-01', time: '09:30' });
    expect(fromWallClock('2026-01-15', '09:00', 'Asia/Tokyo').toISOString()).toBe('2026-01-15T00:00:00.000Z');
  });

  it('moves a time inside the spring-forward gap forward by the gap (Lisbon, 29 March 2026)', () => {
    // 01:00 → 02:00 local: 01:30 does not exist.
    expect(fromWallClock('2026-03-29', '01:30', 'Europe/Lisbon').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(toWallClock('2026-03-29T01:30:00Z', 'Europe/Lisbon').time).toBe('02:30');
    expect(fromWallClock('2026-03-29', '03:00', 'Europe/Lisbon').toISOString()).toBe('2026-03-29T02:00:00.000Z');
  });

  it('takes the earlier instant of an ambiguous fall-back time (Lisbon, 25 October 2026)', () => {
    expect(fromWallClock('2026-10-25', '01:30', 'Europe/Lisbon').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(fromWallClock('2026-10-25', '03:00', 'Europe/Lisbon').toISOString()).toBe('2026-10-25T03:00:00.000Z');
  });

  it('does calendar arithmetic on dates', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(weekday('2026-11-26')).toBe(4);
    expect(startOfWeek('2026-11-29')).toBe('2026-11-23');
  });
});
