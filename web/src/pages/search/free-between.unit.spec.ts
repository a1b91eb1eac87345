import { describe, expect, it } from 'vitest';
import { freeBetweenDraft, freeBetweenRange, isOpenThroughout } from './free-between.js';

const NOW = new Date('2030-01-01T00:00:00Z');
const officeHours = { mon: [{ open: 480, close: 1200 }], tue: [{ open: 480, close: 1200 }] };

describe('free between: the viewer’s wall clock → instants', () => {
  it('reads the date and times in the viewer’s zone', () => {
    expect(freeBetweenRange({ date: '2030-07-01', start: '09:00', end: '11:30' }, 'America/New_York', NOW)).toEqual({
      kind: 'range',
      freeFrom: '2030-07-01T13:00:00.000Z',
      freeTo: '2030-07-01T15:30:00.000Z',
      overnight: false,
    });
    expect(freeBetweenRange({ date: '2030-07-01', start: '09:00', end: '11:30' }, 'Asia/Tokyo', NOW)).toMatchObject({ freeFrom: '2030-07-01T00:00:00.000Z' });
  });

  it('ends the next day when the end is not after the start', () => {
    expect(freeBetweenRange({ date: '2030-07-01', start: '22:00', end: '02:00' }, 'Europe/Lisbon', NOW)).toEqual({
      kind: 'range',
      freeFrom: '2030-07-01T21:00:00.000Z',
      freeTo: '2030-07-02T01:00:00.000Z',
      overnight: true,
    });
  });

  it('follows a DST change: the Lisbon night of 27 October 2030 lasts an hour longer', () => {
    const r = freeBetweenRange({ date: '2030-10-26', start: '23:00', end: '03:00' }, 'Europe/Lisbon', NOW);
    expect(r).toMatchObject({ freeFrom: '2030-10-26T22:00:00.000Z', freeTo: '2030-10-27T03:00:00.000Z' });
  });

  it('is nothing when empty, incomplete when partly filled, refused when over', () => {
    expect(freeBetweenRange({ date: '', start: '', end: '' }, 'UTC', NOW)).toEqual({ kind: 'none' });
    expect(freeBetweenRange({ date: '2030-07-01', start: '09:00', end: '' }, 'UTC', NOW)).toEqual({ kind: 'incomplete' });
    expect(freeBetweenRange({ date: '2029-12-31', start: '09:00', end: '10:00' }, 'UTC', NOW)).toEqual({ kind: 'past' });
  });

  it('shows a range from the URL on the viewer’s wall clock, and back to the same instants', () => {
    const draft = freeBetweenDraft('2030-07-01T13:00:00.000Z', '2030-07-01T15:30:00.000Z', 'America/New_York');
    expect(draft).toEqual({ date: '2030-07-01', start: '09:00', end: '11:30' });
    expect(freeBetweenRange(draft, 'America/New_York', NOW)).toMatchObject({ freeFrom: '2030-07-01T13:00:00.000Z', freeTo: '2030-07-01T15:30:00.000Z' });
    expect(freeBetweenDraft(undefined, undefined, 'UTC')).toEqual({ date: '', start: '', end: '' });
  });
});

describe('open throughout a range (the opening-hours rule, in the space’s zone)', () => {
  // 2030-01-07 is a Monday; Lisbon is on UTC in January, New York five hours behind.
  it('is open inside a window and closed when the range leaves it', () => {
    expect(isOpenThroughout(officeHours, 'Europe/Lisbon', '2030-01-07T09:00:00Z', '2030-01-07T11:00:00Z')).toBe(true);
    expect(isOpenThroughout(officeHours, 'Europe/Lisbon', '2030-01-07T08:00:00Z', '2030-01-07T20:00:00Z')).toBe(true);
    expect(isOpenThroughout(officeHours, 'Europe/Lisbon', '2030-01-07T19:00:00Z', '2030-01-07T21:00:00Z')).toBe(false);
    expect(isOpenThroughout(officeHours, 'Europe/Lisbon', '2030-01-07T07:45:00Z', '2030-01-07T09:00:00Z')).toBe(false);
  });

  it('uses the space’s zone, not UTC', () => {
    // 09:00–11:00 UTC is 04:00–06:00 in New York: closed.
    expect(isOpenThroughout(officeHours, 'America/New_York', '2030-01-07T09:00:00Z', '2030-01-07T11:00:00Z')).toBe(false);
    expect(isOpenThroughout(officeHours, 'America/New_York', '2030-01-07T14:00:00Z', '2030-01-07T16:00:00Z')).toBe(true);
  });

  it('is closed on a weekday without hours, and always open without opening hours', () => {
    expect(isOpenThroughout(officeHours, 'UTC', '2030-01-09T09:00:00Z', '2030-01-09T10:00:00Z')).toBe(false);
    expect(isOpenThroughout(null, 'UTC', '2030-01-12T03:00:00Z', '2030-01-14T03:00:00Z')).toBe(true);
  });

  it('joins a window closing at midnight with the next day’s opening at midnight, but not across a gap', () => {
    const nights = { mon: [{ open: 1080, close: 1440 }], tue: [{ open: 0, close: 120 }, { open: 600, close: 720 }] };
    expect(isOpenThroughout(nights, 'UTC', '2030-01-07T22:00:00Z', '2030-01-08T02:00:00Z')).toBe(true);
    expect(isOpenThroughout(nights, 'UTC', '2030-01-07T22:00:00Z', '2030-01-08T10:30:00Z')).toBe(false);
    expect(isOpenThroughout(nights, 'UTC', '2030-01-08T10:00:00Z', '2030-01-08T12:00:00Z')).toBe(true);
  });
});
