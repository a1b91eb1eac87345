import { describe, expect, it } from 'vitest';
import { busyChangeAffects } from '../../live/busy-stream.js';
import { countsByDay, coveredMinutesByDay, dayMinutes, daySlots, sideBySide, subtractIntervals, visibleDays, visibleRange } from './calendar-grid.js';

describe('calendar arithmetic', () => {
  it('gives a day 96 slots, 92 when clocks spring forward and 100 when they fall back', () => {
    expect(daySlots('2026-03-10', 'Europe/Lisbon')).toHaveLength(96);
    expect(daySlots('2026-03-29', 'Europe/Lisbon')).toHaveLength(92);
    expect(daySlots('2026-10-25', 'Europe/Lisbon')).toHaveLength(100);
    expect(daySlots('2026-03-08', 'America/New_York').map((s) => s.time).slice(7, 10)).toEqual(['01:45', '03:00', '03:15']);
    expect([dayMinutes('2026-03-29', 'Europe/Lisbon'), dayMinutes('2026-10-25', 'Europe/Lisbon')]).toEqual([23 * 60, 25 * 60]);
  });

  it('shows weeks from Monday and months as whole weeks, in the viewer’s zone', () => {
    expect(visibleDays('week', '2026-03-01')).toEqual(['2026-02-23', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01']);
    const feb = visibleDays('month', '2026-02-14');
    expect([feb[0], feb.at(-1), feb.length]).toEqual(['2026-01-26', '2026-03-01', 35]);
    expect(visibleRange('day', '2026-03-29', 'Europe/Lisbon')).toEqual({ from: new Date('2026-03-29T00:00:00Z'), to: new Date('2026-03-29T23:00:00Z') });
  });

  it('takes the viewer’s own bookings out of the busy time around them', () => {
    const busy = [{ start: '2026-03-10T08:45:00.000Z', end: '2026-03-10T10:15:00.000Z' }];
    expect(subtractIntervals(busy, [{ start: '2026-03-10T09:00:00.000Z', end: '2026-03-10T10:00:00.000Z' }])).toEqual([
      { start: '2026-03-10T08:45:00.000Z', end: '2026-03-10T09:00:00.000Z' },
      { start: '2026-03-10T10:00:00.000Z', end: '2026-03-10T10:15:00.000Z' },
    ]);
    expect(subtractIntervals(busy, [{ start: '2026-03-10T08:00:00.000Z', end: '2026-03-10T11:00:00.000Z' }])).toEqual([]);
  });

  it('sets overlapping blocks side by side and lone ones full width', () => {
    const h = (a: number, b: number) => ({ start: a * 3600_000, end: b * 3600_000 });
    expect(sideBySide([h(9, 11), h(10, 12), h(11, 13), h(14, 15)])).toEqual([
      { index: 0, of: 2 },
      { index: 1, of: 2 },
      { index: 0, of: 2 },
      { index: 0, of: 1 },
    ]);
  });

  it('counts an interval on each local day it touches, and busy minutes once per overlap', () => {
    const days = ['2026-03-10', '2026-03-11'];
    const intervals = [
      { start: '2026-03-10T22:00:00Z', end: '2026-03-11T00:00:00Z', kind: 'busy' as const },
      { start: '2026-03-10T23:00:00Z', end: '2026-03-11T01:00:00Z', kind: 'mine' as const },
    ];
    expect(Object.fromEntries(countsByDay(days, intervals, 'UTC'))).toEqual({ '2026-03-10': { busy: 1, mine: 1 }, '2026-03-11': { mine: 1 } });
    expect(Object.fromEntries(coveredMinutesByDay(days, intervals, 'UTC'))).toEqual({ '2026-03-10': 120, '2026-03-11': 60 });
  });

  it('refetches for a change overlapping what is shown, or for any resync', () => {
    const range = [new Date('2026-03-09T00:00:00Z'), new Date('2026-03-16T00:00:00Z')] as const;
    const change = { spaceId: 's1', from: '2026-03-15T23:00:00Z', to: '2026-03-16T01:00:00Z' };
    expect(busyChangeAffects(change, ['s1'], ...range)).toBe(true);
    expect(busyChangeAffects(change, ['s2'], ...range)).toBe(false);
    expect(busyChangeAffects({ ...change, from: '2026-03-16T00:00:00Z' }, ['s1'], ...range)).toBe(false);
    expect(busyChangeAffects(undefined, ['s1'], ...range)).toBe(true);
  });
});
