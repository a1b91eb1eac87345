import { describe, expect, it } from 'vitest';
import { freeBetweenDraft, freeBetweenRange } from './free-between.js';

const NOW = new Date('2030-01-01T00:00:00Z');

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
