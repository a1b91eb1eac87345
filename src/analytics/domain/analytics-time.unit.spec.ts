import { describe, expect, it } from 'vitest';
import { availabilityByWeekdayHour, availableSegments, distributeOverBuckets, subtractWithheld } from './available-time.js';
import { bookingUsage } from './booking-usage.js';
import { localDateTime, localHourOf, localHoursOverlapping } from './local-hours.js';
import { periodBuckets, resolveBound } from './period-buckets.js';

const LISBON = 'Europe/Lisbon';
const t = (iso: string) => Date.parse(iso);
const MIN = 60_000;
const utc = (ms: number) => new Date(ms).toISOString();

describe('local hours in a zone with daylight saving (Europe/Lisbon)', () => {
  it('skips 01:00 on the spring-forward Sunday and repeats it on the fall-back Sunday', () => {
    // 2026-03-29 01:00Z: 01:00 WET becomes 02:00 WEST.
    const spring = localHoursOverlapping(t('2026-03-29T00:00:00Z'), t('2026-03-29T03:00:00Z'), LISBON);
    expect(spring.map(({ hour }) => [utc(hour.hourStart), hour.localDate, hour.localHour, hour.isoWeekday])).toEqual([
      ['2026-03-29T00:00:00.000Z', '2026-03-29', 0, 7],
      ['2026-03-29T01:00:00.000Z', '2026-03-29', 2, 7],
      ['2026-03-29T02:00:00.000Z', '2026-03-29', 3, 7],
    ]);
    // 2026-10-25 01:00Z: 02:00 WEST becomes 01:00 WET.
    const autumn = localHoursOverlapping(t('2026-10-24T23:30:00Z'), t('2026-10-25T01:30:00Z'), LISBON);
    expect(autumn.map(({ hour, ms }) => [utc(hour.hourStart), hour.localHour, ms / MIN])).toEqual([
      ['2026-10-24T23:00:00.000Z', 0, 30],
      ['2026-10-25T00:00:00.000Z', 1, 60],
      ['2026-10-25T01:00:00.000Z', 1, 30],
    ]);
  });

  it('starts local hours on the local clock in zones with a half-hour offset', () => {
    const h = localHourOf(t('2026-05-04T10:10:00Z'), 'Asia/Kolkata'); // 15:40 local
    expect([utc(h.hourStart), h.localHour]).toEqual(['2026-05-04T09:30:00.000Z', 15]);
    expect(localDateTime(t('2026-05-04T10:10:00Z'), 'Asia/Kolkata')).toBe('2026-05-04T15:40');
  });
});

describe('period buckets', () => {
  it('makes local days of 23 and 25 hours around the changes, and ISO weeks from Monday', () => {
    const days = periodBuckets('day', resolveBound('2026-03-28', LISBON), resolveBound('2026-03-31', LISBON), LISBON);
    expect(days.map((b) => [b.label, (b.endAt - b.startAt) / 3_600_000])).toEqual([['2026-03-28T00:00', 24], ['2026-03-29T00:00', 23], ['2026-03-30T00:00', 24]]);
    const autumn = periodBuckets('day', resolveBound('2026-10-25', LISBON), resolveBound('2026-10-26', LISBON), LISBON);
    expect((autumn[0]!.endAt - autumn[0]!.startAt) / 3_600_000).toBe(25);
    const weeks = periodBuckets('week', resolveBound('2026-03-25', LISBON), resolveBound('2026-04-08', LISBON), LISBON);
    expect(weeks.map((b) => [b.key, b.label])).toEqual([['2026-03-23', '2026-03-25T00:00'], ['2026-03-30', '2026-03-30T00:00'], ['2026-04-06', '2026-04-06T00:00']]);
    const months = periodBuckets('month', resolveBound('2026-01-15', LISBON), resolveBound('2026-03-01', LISBON), LISBON);
    expect(months.map((b) => b.key)).toEqual(['2026-01-01', '2026-02-01']);
    expect(periodBuckets('hour', resolveBound('2026-10-25', LISBON), resolveBound('2026-10-26', LISBON), LISBON)).toHaveLength(25);
  });

  it('reads a local date as local midnight and an instant as itself', () => {
    expect(utc(resolveBound('2026-07-01', LISBON))).toBe('2026-06-30T23:00:00.000Z');
    expect(utc(resolveBound('2026-07-01T00:00:00+02:00', LISBON))).toBe('2026-06-30T22:00:00.000Z');
    expect(() => resolveBound('2026-07-01T00:00:00', LISBON)).toThrow(/instant with Z or an offset/);
  });
});

describe('available time', () => {
  const hours = { sat: [{ open: 480, close: 1200 }], sun: [{ open: 0, close: 720 }], mon: [{ open: 480, close: 1080 }] };

  it('is opening hours per local date, minus blackouts, within the versions', () => {
    const from = resolveBound('2026-03-28', LISBON);
    const to = resolveBound('2026-03-31', LISBON);
    const segments = availableSegments([{ validFrom: 0, validTo: null, openingHours: hours, quantity: 1 }], [{ start: t('2026-03-30T09:00:00Z'), end: t('2026-03-30T10:00:00Z'), quantity: null }], LISBON, from, to);
    const perDay = distributeOverBuckets(segments, periodBuckets('day', from, to, LISBON)).map((ms) => ms / MIN);
    // Sat 08–20 WET; Sun 00:00 WET – 12:00 WEST is 11 real hours; Mon 08–18 minus a 1-hour blackout.
    expect(perDay).toEqual([720, 660, 540]);
  });

  it('has nothing before a version starts or after it ends, and follows stock changes', () => {
    const day = [t('2026-02-02T00:00:00Z'), t('2026-02-03T00:00:00Z')] as const;
    const segments = availableSegments(
      [
        { validFrom: t('2026-02-02T06:00:00Z'), validTo: t('2026-02-02T12:00:00Z'), openingHours: null, quantity: 4 },
        { validFrom: t('2026-02-02T12:00:00Z'), validTo: t('2026-02-02T18:00:00Z'), openingHours: null, quantity: 2 },
      ],
      [{ start: t('2026-02-02T10:00:00Z'), end: t('2026-02-02T14:00:00Z'), quantity: 3 }],
      'UTC', ...day,
    );
    expect(segments.map((s) => [utc(s.start).slice(11, 16), utc(s.end).slice(11, 16), s.units])).toEqual([
      ['06:00', '10:00', 4], ['10:00', '12:00', 1], ['14:00', '18:00', 2],
    ]);
  });

  it('never goes below zero and merges what touches', () => {
    expect(subtractWithheld([{ start: 0, end: 10, units: 1 }, { start: 10, end: 20, units: 1 }], [{ start: 5, end: 8, quantity: 5 }])).toEqual([
      { start: 0, end: 5, units: 1 }, { start: 8, end: 20, units: 1 },
    ]);
  });

  it('counts a repeated local hour twice in its weekday-hour cell', () => {
    const day = periodBuckets('day', resolveBound('2026-10-25', LISBON), resolveBound('2026-10-26', LISBON), LISBON)[0]!;
    const cells = availabilityByWeekdayHour([{ start: day.startAt, end: day.endAt, units: 1 }], LISBON);
    expect(cells.unitMs[6 * 24 + 1]! / MIN).toBe(120);
    expect(cells.openHours[6 * 24 + 1]).toBe(2);
    expect(cells.openHours[6 * 24 + 2]).toBe(1);
  });
});

describe('booking usage', () => {
  it('fills the space and quantity × minutes of each resource while the booking holds its slot; checked-in time from check-in', () => {
    const input = {
      spaceId: 's', siteId: 'lx', timeZone: LISBON, status: 'completed' as const, start: t('2026-03-29T00:30:00Z'), end: t('2026-03-29T02:30:00Z'),
      resources: [{ resourceId: 'r', quantity: 2 }], checkedInAt: t('2026-03-29T01:30:00Z'),
    };
    const cells = bookingUsage(input);
    expect(cells.map((c) => [c.targetId, c.hour.localHour, c.bookedSeconds / 60, c.checkedInSeconds / 60])).toEqual([
      ['s', 0, 30, 0], ['r', 0, 60, 0],
      ['s', 2, 60, 30], ['r', 2, 120, 60],
      ['s', 3, 30, 30], ['r', 3, 60, 60],
    ]);
    expect(bookingUsage({ ...input, status: 'cancelled' })).toEqual([]);
    expect(bookingUsage({ ...input, status: 'pending_approval' })).toEqual([]);
    expect(bookingUsage({ ...input, status: 'no_show', checkedInAt: null }).every((c) => c.checkedInSeconds === 0)).toBe(true);
  });
});
