import { describe, expect, it } from 'vitest';
import { openIntervals } from '../../booking/domain/opening-hours.js';
import type { BookingPolicy } from '../../catalog/domain/catalog.types.js';
import { fromIso, toIso, type TimeRange } from '../../shared/domain/time-range.js';
import { cellIndex, emptyGrid, type WeekdayHourGrid } from './forecast-grid.js';
import { occupancyInsights } from './recommend-insights.js';
import { insightText, slotReason } from './recommend-reasons.js';
import { resourceLoad } from './recommend-resource-load.js';
import { recommendSlots, scoreCells, type CandidateSpace, type RankedSlot, type SlotWish } from './recommend-slots.js';

const MON = 1;
const FRI = 5;
const workday = [{ open: 8 * 60, close: 20 * 60 }];
const policy: BookingPolicy = {
  openingHours: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday },
  slotMinutes: 15,
  minDurationMinutes: 15,
  maxDurationMinutes: 480,
  maxAdvanceDays: 90,
  bufferMinutes: 0,
  changeDeadlineMinutes: 0,
  approvalRequired: false,
};
// Monday 2030-01-07 00:00 UTC; the window is that working week.
const now = fromIso('2030-01-07T00:00:00Z');
const window = { start: now, end: fromIso('2030-01-12T00:00:00Z') };

/** Twelve weeks in which every open hour is half booked, except Monday mornings (90%) and Friday afternoons and evenings (10%). */
function history(): WeekdayHourGrid {
  const grid = emptyGrid();
  for (let day = 1; day <= 5; day++) {
    for (let hour = 8; hour < 20; hour++) {
      const share = day === MON && hour < 12 ? 0.9 : day === FRI && hour >= 12 ? 0.1 : 0.5;
      grid.available[cellIndex(day, hour)] = 12 * 60;
      grid.booked[cellIndex(day, hour)] = 12 * 60 * share;
    }
  }
  return grid;
}

/** [from, to) minus the ranges. */
function minus(ranges: TimeRange[], cut: TimeRange[]): TimeRange[] {
  return ranges.flatMap((r) => {
    let pieces = [r];
    for (const c of cut) pieces = pieces.flatMap((p) => (c.end <= p.start || c.start >= p.end ? [p] : [{ start: p.start, end: c.start }, { start: c.end, end: p.end }].filter((x) => x.start < x.end)));
    return pieces;
  });
}

function space(overrides: Partial<CandidateSpace> & { busyIso?: [string, string][] } = {}): CandidateSpace {
  const { busyIso = [], ...rest } = overrides;
  const p = rest.policy ?? policy;
  const busy = busyIso.map(([s, e]) => ({ start: fromIso(s), end: fromIso(e) }));
  return {
    spaceId: 'space-a',
    name: 'Tejo',
    siteId: 'site-1',
    timeZone: 'UTC',
    capacity: 8,
    amenities: ['projector'],
    policy: p,
    window,
    free: minus(openIntervals(p.openingHours, 'UTC', window.start, window.end), busy),
    busy,
    resources: [],
    history: { grid: history(), weeks: 12 },
    ...rest,
  };
}

const wish = (overrides: Partial<SlotWish> = {}): SlotWish => ({ durationMinutes: 60, participants: 4, amenities: ['projector'], resources: [], preferredHours: null, ...overrides });
const starts = (slots: RankedSlot[]) => slots.map((s) => [s.spaceId, toIso(s.start), toIso(s.end)]);

describe('scoreCells', () => {
  const grid = emptyGrid();
  const set = (hour: number, share: number) => {
    grid.available[cellIndex(FRI, hour)] = 60;
    grid.booked[cellIndex(FRI, hour)] = 60 * share;
  };
  set(13, 0.5);
  set(14, 0.1);
  set(15, 0.2);
  set(16, 0.4);

  it('weighs the slot hours by their minutes and the hour either side at half weight', () => {
    // Friday 14:00–16:00: own (60·0.1 + 60·0.2)/120 = 0.15; with 13:00 and 16:00 at 30 each: (6 + 12 + 15 + 12)/180 = 0.25.
    const scored = scoreCells(grid, cellIndex(FRI, 14), 0, 120);
    expect(scored.slotShare).toBeCloseTo(0.15, 12);
    expect(scored.contention).toBeCloseTo(0.25, 12);
  });

  it('splits a slot across the hours it covers', () => {
    // Friday 14:30–15:30: own (30·0.1 + 30·0.2)/60 = 0.15; with neighbours (3 + 6 + 15 + 12)/120 = 0.3.
    const scored = scoreCells(grid, cellIndex(FRI, 14), 30, 60);
    expect(scored.slotShare).toBeCloseTo(0.15, 12);
    expect(scored.contention).toBeCloseTo(0.3, 12);
  });

  it('leaves out hours never open, and knows nothing without history', () => {
    // Friday 16:00–17:00: 17:00 was never open, so only 16:00 (0.4) and 15:00 (0.2 at half weight): (24 + 6)/90.
    expect(scoreCells(grid, cellIndex(FRI, 16), 0, 60).contention).toBeCloseTo(30 / 90, 12);
    expect(scoreCells(grid, cellIndex(MON, 9), 0, 60)).toEqual({ contention: null, slotShare: null });
    expect(scoreCells(null, cellIndex(FRI, 14), 0, 60)).toEqual({ contention: null, slotShare: null });
  });

  it('wraps from Sunday night to Monday morning', () => {
    const g = emptyGrid();
    g.available[0] = 60; // Monday 00:00
    g.booked[0] = 60;
    expect(scoreCells(g, cellIndex(7, 23), 0, 60)).toEqual({ contention: 1, slotShare: null });
  });
});

describe('recommendSlots', () => {
  it('ranks Friday afternoon first, earliest first among equals, and never overlaps slots of one space', () => {
    const slots = recommendSlots({ wish: wish(), spaces: [space()], now, limit: 3 });
    // Friday 13:00 onwards scores 1 − 0.1; 12:00 has Friday 11:00 (0.5) beside it.
    expect(starts(slots)).toEqual([
      ['space-a', '2030-01-11T13:00:00.000Z', '2030-01-11T14:00:00.000Z'],
      ['space-a', '2030-01-11T14:00:00.000Z', '2030-01-11T15:00:00.000Z'],
      ['space-a', '2030-01-11T15:00:00.000Z', '2030-01-11T16:00:00.000Z'],
    ]);
    expect(slots[0]).toMatchObject({ score: expect.closeTo(0.9, 12), contention: expect.closeTo(0.1, 12), slotShare: expect.closeTo(0.1, 12), historyWeeks: 12 });
    expect(slots[0]!.local).toEqual({ date: '2030-01-11', isoWeekday: FRI, startMinute: 13 * 60, endMinute: 14 * 60 });
  });

  it('puts Monday mornings last', () => {
    const all = recommendSlots({ wish: wish(), spaces: [space()], now, limit: 1000 });
    const monday9 = all.find((s) => toIso(s.start) === '2030-01-07T09:00:00.000Z')!;
    // 09:00–10:00 with 08:00 and 10:00 beside it, all at 0.9.
    expect(monday9.score).toBeCloseTo(0.1, 12);
    expect(all.at(-1)!.local.isoWeekday).toBe(MON);
    expect(all.at(-1)!.local.startMinute).toBeLessThan(12 * 60);
  });

  it('never proposes a held slot, nor one whose buffer runs into a booking', () => {
    const busy = space({ busyIso: [['2030-01-11T13:00:00Z', '2030-01-11T14:00:00Z']] });
    expect(starts(recommendSlots({ wish: wish(), spaces: [busy], now, limit: 2 })).map((s) => s[1])).toEqual(['2030-01-11T14:00:00.000Z', '2030-01-11T15:00:00.000Z']);

    const buffered = space({ policy: { ...policy, bufferMinutes: 15 }, busyIso: [['2030-01-11T15:00:00Z', '2030-01-11T16:00:00Z']] });
    const slots = recommendSlots({ wish: wish(), spaces: [buffered], now, limit: 1000 });
    const friday = slots.filter((s) => s.local.date === '2030-01-11').map((s) => toIso(s.start));
    expect(friday).toContain('2030-01-11T13:00:00.000Z'); // its buffer ends 14:15
    expect(friday).not.toContain('2030-01-11T14:00:00.000Z'); // its buffer would end 15:15
    for (const s of slots) expect(s.end + 15 * 60_000 <= fromIso('2030-01-11T15:00:00Z') || s.start >= fromIso('2030-01-11T16:00:00Z')).toBe(true);
  });

  it('leaves out spaces too small, lacking an amenity, or whose policy does not allow the duration', () => {
    const spaces = [
      space({ spaceId: 'small', capacity: 3 }),
      space({ spaceId: 'no-projector', amenities: ['whiteboard'] }),
      space({ spaceId: 'short-only', policy: { ...policy, maxDurationMinutes: 30 } }),
      space({ spaceId: 'hourly', policy: { ...policy, slotMinutes: 45 } }),
    ];
    expect(recommendSlots({ wish: wish(), spaces, now, limit: 5 })).toEqual([]);
  });

  it('keeps to the preferred local hours and the booking horizon', () => {
    const slots = recommendSlots({ wish: wish({ preferredHours: { from: 9 * 60, to: 11 * 60 } }), spaces: [space({ policy: { ...policy, maxAdvanceDays: 2 } })], now, limit: 100 });
    expect(slots.length).toBeGreaterThan(0);
    for (const s of slots) {
      expect(s.local.startMinute).toBeGreaterThanOrEqual(9 * 60);
      expect(s.local.endMinute).toBeLessThanOrEqual(11 * 60);
      expect(s.start).toBeLessThanOrEqual(now + 2 * 86_400_000);
    }
    expect(new Set(slots.map((s) => s.local.date))).toEqual(new Set(['2030-01-07', '2030-01-08']));
  });

  it('starts on the slot grid after a free interval that begins off it', () => {
    const odd = space({ busyIso: [['2030-01-11T08:00:00Z', '2030-01-11T19:07:00Z']], history: null });
    const friday = recommendSlots({ wish: wish({ durationMinutes: 30 }), spaces: [odd], now: fromIso('2030-01-11T00:00:00Z'), limit: 5 });
    expect(starts(friday)).toEqual([['space-a', '2030-01-11T19:15:00.000Z', '2030-01-11T19:45:00.000Z']]);
    expect(friday[0]).toMatchObject({ score: 0.5, contention: null, slotShare: null });
  });

  it('breaks ties by start, then the smaller space, then its name and id', () => {
    const spaces = [
      space({ spaceId: 'big', name: 'Alfama', capacity: 20 }),
      space({ spaceId: 'b-id', name: 'Belém', capacity: 8 }),
      space({ spaceId: 'a-id', name: 'Belém', capacity: 8 }),
      space({ spaceId: 'c', name: 'Avenida', capacity: 8 }),
    ];
    expect(starts(recommendSlots({ wish: wish(), spaces, now, limit: 5 }))).toEqual([
      ['c', '2030-01-11T13:00:00.000Z', '2030-01-11T14:00:00.000Z'],
      ['a-id', '2030-01-11T13:00:00.000Z', '2030-01-11T14:00:00.000Z'],
      ['b-id', '2030-01-11T13:00:00.000Z', '2030-01-11T14:00:00.000Z'],
      ['big', '2030-01-11T13:00:00.000Z', '2030-01-11T14:00:00.000Z'],
      ['c', '2030-01-11T14:00:00.000Z', '2030-01-11T15:00:00.000Z'],
    ]);
  });

  it('needs the wished quantity of each pooled resource free throughout the slot', () => {
    const projectors = resourceLoad('projectors', 2, [
      { start: fromIso('2030-01-11T13:00:00Z'), end: fromIso('2030-01-11T13:30:00Z'), quantity: 1 },
      { start: fromIso('2030-01-11T13:15:00Z'), end: fromIso('2030-01-11T14:00:00Z'), quantity: 1 },
    ]);
    const withProjectors = space({ resources: [projectors] });
    const one = wish({ resources: [{ resourceId: 'projectors', quantity: 1 }] });
    // 13:15–13:30 holds both units: no slot may cover it, so the best Friday slot starts 13:30.
    expect(starts(recommendSlots({ wish: one, spaces: [withProjectors], now, limit: 1 }))[0]![1]).toBe('2030-01-11T13:30:00.000Z');
    expect(starts(recommendSlots({ wish: wish({ resources: [{ resourceId: 'projectors', quantity: 2 }] }), spaces: [withProjectors], now, limit: 1 }))[0]![1]).toBe('2030-01-11T14:00:00.000Z');
    // A space on another site (no load for the resource) cannot take the wish.
    expect(recommendSlots({ wish: one, spaces: [space()], now, limit: 1 })).toEqual([]);
  });
});

describe('reasons', () => {
  const slot = (share: number | null, weeks = 12): RankedSlot => ({
    spaceId: 's', start: 0, end: 0, score: 0, contention: share, slotShare: share, historyWeeks: weeks,
    local: { date: '2030-01-11', isoWeekday: FRI, startMinute: 14 * 60, endMinute: 16 * 60 },
  });

  it('says how booked the slot hours have been, in English by default', () => {
    expect(slotReason(slot(0.12), undefined)).toBe('Fridays 14:00–16:00 are usually free (12% booked over the last 12 weeks)');
    expect(slotReason(slot(0.4, 1), 'en-GB')).toBe('Fridays 14:00–16:00 are booked 40% of the time over the last week');
    expect(slotReason(slot(0.75), 'fr-FR')).toBe('Fridays 14:00–16:00 are usually busy (75% booked over the last 12 weeks); this one is free now');
    expect(slotReason(slot(null), 'en')).toBe('No booking history yet for Fridays 14:00–16:00');
  });

  it('speaks Portuguese and Russian', () => {
    expect(slotReason(slot(0.12), 'pt-PT')).toBe('Às sextas-feiras, das 14:00 às 16:00, está normalmente livre (12% ocupado nas últimas 12 semanas)');
    expect(slotReason(slot(0.12), 'ru')).toBe('По пятницам с 14:00 до 16:00 обычно свободно (занято 12% за последние 12 недель)');
    expect(slotReason(slot(0.12, 2), 'ru-RU')).toBe('По пятницам с 14:00 до 16:00 обычно свободно (занято 12% за последние 2 недели)');
  });

  it('names the busiest and the quietest parts of the week', () => {
    const insights = occupancyInsights(history());
    expect(insights).toEqual([
      { kind: 'busy', isoWeekday: MON, part: 'morning', share: expect.closeTo(0.9, 12) },
      { kind: 'quiet', isoWeekday: FRI, part: 'afternoon', share: expect.closeTo(0.1, 12) },
    ]);
    expect(insights.map((i) => insightText(i, 'en'))).toEqual(['Monday mornings are 90% booked', 'Friday afternoons are usually free (10% booked)']);
    expect(insights.map((i) => insightText(i, 'pt-BR'))).toEqual(['As manhãs de segunda-feira estão 90% ocupadas', 'As tardes de sexta-feira costumam estar livres (10% ocupadas)']);
    expect(insightText(insights[0]!, 'ru')).toBe('По утрам в понедельник занято 90%');
  });
});
