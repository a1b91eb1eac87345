import { describe, expect, it } from 'vitest';
import { allResources, chairs, NOW, projectors, room } from './booking-fixtures.js';
import { checkBookingRequest, type BookingRequestToCheck } from './booking-policy.js';

function check(overrides: Partial<BookingRequestToCheck> = {}) {
  return checkBookingRequest({
    space: room(),
    resources: allResources,
    lines: [],
    start: '2026-03-02T09:00:00Z', // Monday, Lisbon is UTC+0 in winter
    end: '2026-03-02T10:00:00Z',
    participants: 4,
    now: NOW,
    ...overrides,
  });
}
const fields = (overrides: Partial<BookingRequestToCheck>) => check(overrides).map((i) => i.field);

describe('checkBookingRequest', () => {
  it('accepts a request within the policy', () => {
    expect(check({ lines: [{ resourceId: 'projectors', quantity: 5 }, { resourceId: 'chairs', quantity: 6 }] })).toEqual([]);
  });

  it('rejects text that is not an ISO instant with an offset', () => {
    expect(check({ start: 'tomorrow', end: '2026-03-02T10:00:00' })).toEqual([
      { field: 'start', message: expect.stringMatching(/^start must be an ISO 8601 instant/) },
      { field: 'end', message: expect.stringMatching(/^end must be an ISO 8601 instant/) },
    ]);
    expect(fields({ start: '2026-02-30T09:00:00Z' })).toEqual(['start']);
  });

  it('rejects an end before or at the start', () => {
    expect(check({ end: '2026-03-02T08:45:00Z' })).toContainEqual({ field: 'end', message: 'end must be after start' });
    expect(check({ end: '2026-03-02T09:00:00Z' })).toContainEqual({ field: 'end', message: 'end must be after start' });
  });

  it('rejects durations outside the policy', () => {
    expect(check({ end: '2026-03-02T09:15:00Z' })).toEqual([]);
    expect(check({ end: '2026-03-02T09:30:00Z' })).toEqual([]);
    const tooShort = checkBookingRequest({ ...baseRequest(), space: room({}, { minDurationMinutes: 60 }), end: '2026-03-02T09:30:00Z' });
    expect(tooShort).toEqual([{ field: 'end', message: 'the booking must last at least 60 minutes (it lasts 30)' }]);
    expect(check({ start: '2026-03-02T08:00:00Z', end: '2026-03-02T16:15:00Z' })).toEqual([{ field: 'end', message: 'the booking may last at most 480 minutes (it lasts 495)' }]);
  });

  it('rejects a start that is not in the future', () => {
    expect(check({ now: '2026-03-02T09:00:00Z' })).toEqual([{ field: 'start', message: 'start must be in the future' }]);
    expect(check({ now: '2026-03-02T09:30:00Z' })).toEqual([{ field: 'start', message: 'start must be in the future' }]);
  });

  it('rejects a start beyond maxAdvanceDays', () => {
    expect(check({ start: '2026-06-01T09:00:00Z', end: '2026-06-01T10:00:00Z' })).toEqual([{ field: 'start', message: 'start must be at most 90 days ahead' }]);
  });

  it('rejects start and end off the slot grid in local time', () => {
    expect(check({ start: '2026-03-02T09:10:00Z', end: '2026-03-02T10:05:00Z' })).toEqual([
      { field: 'start', message: 'start must be a multiple of 15 minutes after local midnight (Europe/Lisbon)' },
      { field: 'end', message: 'end must be a multiple of 15 minutes after local midnight (Europe/Lisbon)' },
    ]);
    expect(fields({ start: '2026-03-02T09:00:30Z' })).toEqual(['start']);
  });

  it('checks the slot grid in local time, which in India is offset by 30 minutes', () => {
    const kolkata = room({ timeZone: 'Asia/Kolkata' }, { openingHours: null, slotMinutes: 60 });
    expect(checkBookingRequest({ ...baseRequest(), space: kolkata, start: '2026-03-02T03:30:00Z', end: '2026-03-02T04:30:00Z' })).toEqual([]);
    expect(checkBookingRequest({ ...baseRequest(), space: kolkata })).toHaveLength(2);
  });

  it('rejects a booking starting outside opening hours', () => {
    expect(check({ start: '2026-03-02T07:00:00Z', end: '2026-03-02T09:00:00Z' })).toEqual([{ field: 'start', message: 'start is outside the opening hours of the space' }]);
    expect(fields({ start: '2026-03-01T09:00:00Z', end: '2026-03-01T10:00:00Z', now: '2026-02-28T00:00:00Z' })).toEqual(['start']); // Sunday: closed
  });

  it('rejects a booking running past closing time', () => {
    expect(check({ start: '2026-03-02T19:00:00Z', end: '2026-03-02T21:00:00Z' })).toEqual([{ field: 'end', message: 'the booking runs past the opening hours of the space' }]);
  });

  it('follows opening hours in local time across the DST change', () => {
    // Monday 30 March 2026, Lisbon is UTC+1: open 08:00–20:00 local is 07:00–19:00 UTC.
    expect(check({ start: '2026-03-30T07:00:00Z', end: '2026-03-30T08:00:00Z' })).toEqual([]);
    expect(fields({ start: '2026-03-30T18:30:00Z', end: '2026-03-30T19:30:00Z' })).toEqual(['end']);
  });

  it('rejects participants that are not a whole number of at least 1, or above capacity', () => {
    expect(check({ participants: 0 })).toEqual([{ field: 'participants', message: 'participants must be a whole number of at least 1' }]);
    expect(fields({ participants: 2.5 })).toEqual(['participants']);
    expect(check({ participants: 11 })).toEqual([{ field: 'participants', message: 'participants (11) exceed the capacity of the space (10)' }]);
    expect(check({ participants: 10 })).toEqual([]);
  });

  it('rejects unknown, retired, foreign and duplicate resources, naming the line', () => {
    expect(check({
      lines: [
        { resourceId: 'projectors', quantity: 1 },
        { resourceId: 'ghost', quantity: 1 },
        { resourceId: 'old-screens', quantity: 1 },
        { resourceId: 'porto-catering', quantity: 1 },
        { resourceId: 'projectors', quantity: 1 },
      ],
    })).toEqual([
      { field: 'resources.1.resourceId', message: 'resource ghost does not exist' },
      { field: 'resources.2.resourceId', message: 'resource old-screens is retired' },
      { field: 'resources.3.resourceId', message: 'resource porto-catering belongs to another site than the space' },
      { field: 'resources.4.resourceId', message: 'resource projectors is listed more than once' },
    ]);
  });

  it('rejects resource quantities below 1, fractional, or above stock', () => {
    expect(check({ lines: [{ resourceId: 'projectors', quantity: 0 }, { resourceId: 'chairs', quantity: 1.5 }] })).toEqual([
      { field: 'resources.0.quantity', message: 'quantity must be a whole number of at least 1' },
      { field: 'resources.1.quantity', message: 'quantity must be a whole number of at least 1' },
    ]);
    expect(check({ lines: [{ resourceId: 'projectors', quantity: projectors.quantity + 1 }, { resourceId: 'chairs', quantity: chairs.quantity }] })).toEqual([
      { field: 'resources.0.quantity', message: 'quantity (6) exceeds the stock of resource projectors (5)' },
    ]);
  });

  it('rejects a retired space', () => {
    expect(checkBookingRequest({ ...baseRequest(), space: room({ retired: true }) })).toEqual([{ field: 'spaceId', message: 'space room-1 is retired and can no longer be booked' }]);
  });

  it('reports every violation at once', () => {
    expect(fields({ start: '2026-03-02T09:10:00Z', end: '2026-03-02T09:00:00Z', participants: 50, lines: [{ resourceId: 'ghost', quantity: 0 }] }))
      .toEqual(['start', 'end', 'participants', 'resources.0.resourceId', 'resources.0.quantity']);
  });
});

function baseRequest(): BookingRequestToCheck {
  return { space: room(), resources: allResources, lines: [], start: '2026-03-02T09:00:00Z', end: '2026-03-02T10:00:00Z', participants: 4, now: NOW };
}
