import { describe, expect, it } from 'vitest';
import { clockOf, instantAfterMidnight, instantFromDateAndTime, instantFromLocalInput, localInputFromInstant, minutesOf } from './datetime-local.js';

describe('datetime-local ↔ instant in the viewer’s zone', () => {
  it('reads a wall-clock time in the zone, seconds optional', () => {
    expect(instantFromLocalInput('2026-07-01T09:30', 'Europe/Lisbon')).toBe('2026-07-01T08:30:00.000Z');
    expect(instantFromLocalInput('2026-01-15T09:30:15', 'Europe/Lisbon')).toBe('2026-01-15T09:30:15.000Z');
    expect(instantFromLocalInput('2026-11-24T12:00', 'America/New_York')).toBe('2026-11-24T17:00:00.000Z');
    expect(instantFromLocalInput('2026-11-24T09:00', 'Asia/Tokyo')).toBe('2026-11-24T00:00:00.000Z');
  });

  it('moves a time skipped by spring-forward forward, and takes the earlier of a repeated one', () => {
    // Lisbon, 29 March 2026: 01:00 → 02:00. 25 October 2026: 02:00 → 01:00.
    expect(instantFromLocalInput('2026-03-29T01:30', 'Europe/Lisbon')).toBe('2026-03-29T01:30:00.000Z');
    expect(instantFromLocalInput('2026-10-25T01:30', 'Europe/Lisbon')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses an incomplete value', () => {
    expect(instantFromLocalInput('', 'UTC')).toBeNull();
    expect(instantFromLocalInput('2026-07-01', 'UTC')).toBeNull();
  });

  it('shows an instant on the zone’s wall clock to the second, as browsers normalise it', () => {
    expect(localInputFromInstant('2026-07-01T08:30:05.360Z', 'Europe/Lisbon')).toBe('2026-07-01T09:30:05');
    expect(localInputFromInstant('2026-11-24T17:00:00.000Z', 'America/New_York')).toBe('2026-11-24T12:00');
  });
});

describe('date and time inputs ↔ instant', () => {
  it('reads a date and a time in the zone, and nothing while either is incomplete', () => {
    expect(instantFromDateAndTime('2026-11-24', '12:00', 'America/New_York')).toBe('2026-11-24T17:00:00.000Z');
    expect(instantFromDateAndTime('2026-11-24', '', 'UTC')).toBeUndefined();
    expect(instantFromDateAndTime('', '12:00', 'UTC')).toBeUndefined();
  });

  it('writes and reads minutes after midnight as a clock, the closing midnight as 00:00', () => {
    expect([0, 545, 1439, 1440].map(clockOf)).toEqual(['00:00', '09:05', '23:59', '00:00']);
    expect(['09:05', ' 23:59 ', '24:00', '9:05', ''].map(minutesOf)).toEqual([545, 1439, undefined, undefined, undefined]);
  });

  it('counts minutes after local midnight across the end of the day and a DST change (Lisbon, 29 March 2026)', () => {
    expect(instantAfterMidnight('2026-03-29', 180, 'Europe/Lisbon').toISOString()).toBe('2026-03-29T02:00:00.000Z');
    expect(instantAfterMidnight('2026-03-28', 1440 + 60, 'Europe/Lisbon').toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });
});
