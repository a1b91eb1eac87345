import { describe, expect, it } from 'vitest';
import type { BookingPolicy } from '../../catalog/domain/catalog.types.js';
import { fromIso, toIso, type TimeRange } from '../../shared/domain/time-range.js';
import { isWithinOpeningHours, openIntervals } from './opening-hours.js';

const iso = (ranges: TimeRange[]) => ranges.map((r) => [toIso(r.start), toIso(r.end)]);
const between = (from: string, to: string) => ({ start: fromIso(from), end: fromIso(to) });
const intervals = (hours: BookingPolicy['openingHours'], zone: string, from: string, to: string) =>
  iso(openIntervals(hours, zone, fromIso(from), fromIso(to)));

const officeHours: BookingPolicy['openingHours'] = {
  mon: [{ open: 480, close: 1080 }],
  tue: [{ open: 480, close: 1080 }],
  sun: [{ open: 480, close: 1080 }],
};
const allDay = [{ open: 0, close: 1440 }];

describe('openIntervals', () => {
  it('is the whole range when opening hours are null (always open)', () => {
    expect(intervals(null, 'Europe/Lisbon', '2026-03-02T10:00:00Z', '2026-03-05T10:00:00Z'))
      .toEqual([['2026-03-02T10:00:00.000Z', '2026-03-05T10:00:00.000Z']]);
  });

  it('is empty for an empty range', () => {
    expect(intervals(null, 'UTC', '2026-03-02T10:00:00Z', '2026-03-02T10:00:00Z')).toEqual([]);
  });

  it('gives one interval per open window in local time and skips closed weekdays', () => {
    // 2026-03-02 is a Monday; Lisbon is UTC+0 in winter, Berlin UTC+1.
    expect(intervals(officeHours, 'Europe/Berlin', '2026-03-02T00:00:00Z', '2026-03-05T00:00:00Z')).toEqual([
      ['2026-03-02T07:00:00.000Z', '2026-03-02T17:00:00.000Z'],
      ['2026-03-03T07:00:00.000Z', '2026-03-03T17:00:00.000Z'],
    ]);
  });

  it('clips the windows to the range', () => {
    expect(intervals(officeHours, 'Europe/Lisbon', '2026-03-02T10:00:00Z', '2026-03-03T09:00:00Z')).toEqual([
      ['2026-03-02T10:00:00.000Z', '2026-03-02T18:00:00.000Z'],
      ['2026-03-03T08:00:00.000Z', '2026-03-03T09:00:00.000Z'],
    ]);
  });

  it('keeps a lunch break as a gap', () => {
    const hours = { mon: [{ open: 480, close: 720 }, { open: 780, close: 1080 }] };
    expect(intervals(hours, 'UTC', '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z')).toEqual([
      ['2026-03-02T08:00:00.000Z', '2026-03-02T12:00:00.000Z'],
      ['2026-03-02T13:00:00.000Z', '2026-03-02T18:00:00.000Z'],
    ]);
  });

  it('merges windows that meet at midnight (Mon 08:00–24:00 + Tue 00:00–08:00)', () => {
    const hours = { mon: [{ open: 480, close: 1440 }], tue: [{ open: 0, close: 480 }] };
    expect(intervals(hours, 'Europe/Lisbon', '2026-03-01T00:00:00Z', '2026-03-04T00:00:00Z'))
      .toEqual([['2026-03-02T08:00:00.000Z', '2026-03-03T08:00:00.000Z']]);
  });

  it('makes the spring-forward day 23 hours long (Europe/Lisbon, 2026-03-29)', () => {
    expect(intervals({ sun: allDay }, 'Europe/Lisbon', '2026-03-28T00:00:00Z', '2026-03-31T00:00:00Z'))
      .toEqual([['2026-03-29T00:00:00.000Z', '2026-03-29T23:00:00.000Z']]);
  });

  it('makes the fall-back day 25 hours long (Europe/Lisbon, 2026-10-25)', () => {
    expect(intervals({ sun: allDay }, 'Europe/Lisbon', '2026-10-24T00:00:00Z', '2026-10-27T00:00:00Z'))
      .toEqual([['2026-10-24T23:00:00.000Z', '2026-10-26T00:00:00.000Z']]);
  });

  it('uses the offset in force on each local day (America/New_York around 2026-03-08)', () => {
    const hours = { sat: [{ open: 480, close: 1080 }], sun: [{ open: 480, close: 1080 }] };
    expect(intervals(hours, 'America/New_York', '2026-03-07T00:00:00Z', '2026-03-09T12:00:00Z')).toEqual([
      ['2026-03-07T13:00:00.000Z', '2026-03-07T23:00:00.000Z'], // EST, UTC−5
      ['2026-03-08T12:00:00.000Z', '2026-03-08T22:00:00.000Z'], // EDT, UTC−4
    ]);
  });

  it('stays contiguous across a DST change when open around the clock', () => {
    const hours = { sat: allDay, sun: allDay, mon: allDay };
    expect(intervals(hours, 'America/New_York', '2026-10-31T12:00:00Z', '2026-11-02T12:00:00Z'))
      .toEqual([['2026-10-31T12:00:00.000Z', '2026-11-02T12:00:00.000Z']]);
  });
});

describe('isWithinOpeningHours', () => {
  it('accepts a range inside one window', () => {
    expect(isWithinOpeningHours(officeHours, 'Europe/Lisbon', between('2026-03-02T09:00:00Z', '2026-03-02T18:00:00Z'))).toBe(true);
  });

  it('rejects a range that starts before opening or ends after closing', () => {
    expect(isWithinOpeningHours(officeHours, 'Europe/Lisbon', between('2026-03-02T07:30:00Z', '2026-03-02T09:00:00Z'))).toBe(false);
    expect(isWithinOpeningHours(officeHours, 'Europe/Lisbon', between('2026-03-02T17:00:00Z', '2026-03-02T18:30:00Z'))).toBe(false);
  });

  it('rejects a range spanning a closed gap', () => {
    expect(isWithinOpeningHours(officeHours, 'Europe/Lisbon', between('2026-03-02T17:00:00Z', '2026-03-03T09:00:00Z'))).toBe(false);
  });

  it('rejects a range on a closed weekday', () => {
    expect(isWithinOpeningHours(officeHours, 'Europe/Lisbon', between('2026-03-04T09:00:00Z', '2026-03-04T10:00:00Z'))).toBe(false);
  });

  it('accepts a range across midnight when the windows meet there', () => {
    const hours = { mon: [{ open: 480, close: 1440 }], tue: [{ open: 0, close: 480 }] };
    expect(isWithinOpeningHours(hours, 'Europe/Lisbon', between('2026-03-02T20:00:00Z', '2026-03-03T08:00:00Z'))).toBe(true);
  });

  it('follows local time on a DST day', () => {
    // Sunday 08:00–18:00 in Lisbon after spring-forward is 07:00–17:00 UTC.
    expect(isWithinOpeningHours(officeHours, 'Europe/Lisbon', between('2026-03-29T07:00:00Z', '2026-03-29T17:00:00Z'))).toBe(true);
    expect(isWithinOpeningHours(officeHours, 'Europe/Lisbon', between('2026-03-29T07:00:00Z', '2026-03-29T18:00:00Z'))).toBe(false);
  });

  it('always holds for null opening hours, never for an empty range', () => {
    expect(isWithinOpeningHours(null, 'UTC', between('2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z'))).toBe(true);
    expect(isWithinOpeningHours(null, 'UTC', between('2026-03-02T00:00:00Z', '2026-03-02T00:00:00Z'))).toBe(false);
  });
});
