import { describe, expect, it } from 'vitest';
import { aPolicy } from '../../testing/fixtures.js';
import { changeBody, draftFieldOf, draftForRange, draftFromBooking, rezone, suggestedRange, withStartDate } from './booking-body.js';

const office = aPolicy();
const iso = (r: { start: Date; end: Date }) => [r.start.toISOString(), r.end.toISOString()];

describe('suggestedRange', () => {
  const room = { kind: 'meeting_room' as const, policy: office, timeZone: 'America/New_York' };

  it('suggests the next full hour of the space’s own clock while it is open', () => {
    // Thursday 26 November 2026, 10:20 in New York.
    expect(iso(suggestedRange(room, new Date('2026-11-26T15:20:00Z')))).toEqual(['2026-11-26T16:00:00.000Z', '2026-11-26T17:00:00.000Z']);
  });

  it('moves past closing time and the weekend to the next opening', () => {
    // Friday 27 November, 19:30 in New York: next is Monday 08:00 there.
    expect(iso(suggestedRange(room, new Date('2026-11-28T00:30:00Z')))).toEqual(['2026-11-30T13:00:00.000Z', '2026-11-30T14:00:00.000Z']);
  });

  it('suggests a night from the next local midnight for a hotel room on a one-day grid', () => {
    const hotel = { kind: 'hotel_room' as const, timeZone: 'America/Sao_Paulo', policy: { ...office, openingHours: null, slotMinutes: 1440, minDurationMinutes: 1440, maxDurationMinutes: 14 * 1440 } };
    expect(iso(suggestedRange(hotel, new Date('2026-11-26T11:00:00Z')))).toEqual(['2026-11-27T03:00:00.000Z', '2026-11-28T03:00:00.000Z']);
  });
});

describe('booking drafts', () => {
  const booking = {
    id: 'b', spaceId: 's', siteId: 'x', bookerId: 'u', status: 'confirmed' as const, purpose: 'Standup', participants: 4,
    start: '2026-12-01T14:00:00.000Z', end: '2026-12-01T15:00:00.000Z', resources: [{ resourceId: 'r1', quantity: 1 }, { resourceId: 'r2', quantity: 2 }],
    revision: 3, timeZone: 'Europe/Lisbon', createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z',
  };

  it('changes nothing for an untouched booking, whatever order its resources come in', () => {
    const draft = draftFromBooking(booking, 'Asia/Tokyo');
    expect(draft).toMatchObject({ startDate: '2026-12-01', startTime: '23:00', endDate: '2026-12-02', endTime: '00:00' });
    expect(changeBody(draft, booking, 'Asia/Tokyo', ['r2', 'r1'])).toEqual({ ok: true, body: {} });
  });

  it('keeps the instants when the zone the times are typed in changes', () => {
    const draft = draftForRange(booking.start, booking.end, 'Europe/Lisbon');
    expect(rezone(draft, 'Europe/Lisbon', 'America/New_York')).toMatchObject({ startDate: '2026-12-01', startTime: '09:00', endTime: '10:00' });
  });

  it('moves the end date with the start date, keeping the number of nights', () => {
    const draft = draftForRange('2026-12-01T12:00:00Z', '2026-12-04T12:00:00Z', 'UTC');
    expect(withStartDate(draft, '2026-12-30')).toMatchObject({ startDate: '2026-12-30', endDate: '2027-01-02' });
  });

  it('places the API’s field names on the form’s inputs', () => {
    const sent = [{ resourceId: 'r9', quantity: 1 }];
    expect(draftFieldOf('start', sent)).toBe('startTime');
    expect(draftFieldOf('end', sent)).toBe('endTime');
    expect(draftFieldOf('resources.0.quantity', sent)).toBe('resource:r9');
    expect(draftFieldOf('resources.4.quantity', sent)).toBe('resources');
    expect(draftFieldOf('spaceId', sent)).toBeUndefined();
    expect(draftFieldOf('If-Match', sent)).toBeUndefined();
  });
});
