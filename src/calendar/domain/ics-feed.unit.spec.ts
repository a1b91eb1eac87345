import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { BookingCalendarEntry } from './booking-calendar-entry.js';
import { evolveSpaceBlackout, type SpaceBlackoutEntry } from './ics-feed-blackout.js';
import { buildPersonFeed, buildSpaceFeed, type FeedPlace } from './ics-feed.js';
import { BOOKING_ID, cancelled, changed, changeRequested, confirmed, entryAfter, parseIcs, requested } from './ics-fixtures.js';

const place: FeedPlace = { spaceName: 'Room 1', siteName: 'Lisbon HQ', siteAddress: 'Av. da Liberdade 1, Lisboa' };
const LOCATION = 'Room 1, Lisbon HQ, Av. da Liberdade 1, Lisboa';

const parse = parseIcs;

const value = (event: ICAL.Component, name: string) => {
  const v = event.getFirstPropertyValue(name);
  return v === null ? null : String(v);
};

const person = (entries: BookingCalendarEntry[]) => parse(buildPersonFeed({ calendarName: 'Reserva: my bookings', bookings: entries.map((entry) => ({ entry, place })) }));

describe('person feed', () => {
  const create = [[requested(), '2026-03-01T10:00:00.000Z'], [confirmed(), '2026-03-01T10:00:01.000Z']] as const;
  const change = [...create,
    [changeRequested(2, '2026-03-03T14:00:00.000Z', '2026-03-03T15:30:00.000Z', 'Planning (moved)'), '2026-03-01T11:00:00.000Z'],
    [changed(2), '2026-03-01T11:00:02.000Z']] as const;
  const cancel = [...change, [cancelled(), '2026-03-01T12:00:00.000Z']] as const;
  const uid = `booking-${BOOKING_ID}@reserva`;

  it('create → change → cancel: same UID, SEQUENCE up, new times, STATUS:CANCELLED kept', () => {
    const a = person([entryAfter(create)]);
    expect(a.calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(a.calendar.getFirstPropertyValue('x-wr-calname')).toBe('Reserva: my bookings');
    expect(a.calendar.getFirstPropertyValue('x-published-ttl')!.toString()).toBe('PT15M');
    expect(a.calendar.getFirstPropertyValue('refresh-interval')!.toString()).toBe('PT15M');
    expect(a.calendar.getFirstPropertyValue('method')).toBeNull();
    expect(a.events).toHaveLength(1);
    const e1 = a.byUid(uid);
    expect(value(e1, 'sequence')).toBe('1');
    expect(value(e1, 'status')).toBe('CONFIRMED');
    expect(value(e1, 'summary')).toBe('Quarterly planning');
    expect(value(e1, 'location')).toBe(LOCATION);
    expect(value(e1, 'dtstart')).toBe('2026-03-02T09:00:00Z');
    expect(value(e1, 'dtend')).toBe('2026-03-02T10:00:00Z');
    expect(value(e1, 'created')).toBe('2026-03-01T10:00:00Z');
    expect(value(e1, 'last-modified')).toBe('2026-03-01T10:00:01Z');
    expect(value(e1, 'dtstamp')).toBe('2026-03-01T10:00:01Z');
    expect(value(e1, 'transp')).toBe('OPAQUE');
    expect(value(e1, 'description')).toContain('Lisbon HQ');

    const e2 = person([entryAfter(change)]).byUid(uid);
    expect(value(e2, 'sequence')).toBe('2');
    expect(value(e2, 'status')).toBe('CONFIRMED');
    expect(value(e2, 'summary')).toBe('Planning (moved)');
    expect(value(e2, 'dtstart')).toBe('2026-03-03T14:00:00Z');
    expect(value(e2, 'dtend')).toBe('2026-03-03T15:30:00Z');
    expect(value(e2, 'created')).toBe('2026-03-01T10:00:00Z');
    expect(value(e2, 'last-modified')).toBe('2026-03-01T11:00:02Z');

    const e3 = person([entryAfter(cancel)]).byUid(uid);
    expect(value(e3, 'sequence')).toBe('3');
    expect(value(e3, 'status')).toBe('CANCELLED');
    expect(value(e3, 'transp')).toBe('TRANSPARENT');
    expect(value(e3, 'dtstart')).toBe('2026-03-03T14:00:00Z');
    expect(value(e3, 'last-modified')).toBe('2026-03-01T12:00:00Z');
  });

  it('shows a booking awaiting approval as TENTATIVE and its own private bookings in full', () => {
    const e = person([entryAfter([[requested({ approvalRequired: true, private: true }), '2026-03-01T10:00:00.000Z']])]).events[0]!;
    expect(value(e, 'status')).toBe('TENTATIVE');
    expect(value(e, 'summary')).toBe('Quarterly planning');
    expect(value(e, 'class')).toBe('PRIVATE');
  });

  it('is the same bytes for the same entries (so its ETag is stable)', () => {
    const entries = [entryAfter(create)];
    const once = buildPersonFeed({ calendarName: 'x', bookings: entries.map((entry) => ({ entry, place })) });
    expect(buildPersonFeed({ calendarName: 'x', bookings: entries.map((entry) => ({ entry, place })) })).toBe(once);
  });

  it('leaves LOCATION out while the space is unknown, and uses what is known', () => {
    const entry = entryAfter(create);
    const unknown = parse(buildPersonFeed({ calendarName: 'x', bookings: [{ entry, place: { spaceName: null, siteName: null, siteAddress: null } }] })).events[0]!;
    expect(unknown.getFirstProperty('location')).toBeNull();
    const siteOnly = parse(buildPersonFeed({ calendarName: 'x', bookings: [{ entry, place: { spaceName: null, siteName: 'Lisbon HQ', siteAddress: 'Av. 1' } }] })).events[0]!;
    expect(value(siteOnly, 'location')).toBe('Lisbon HQ, Av. 1');
  });
});

describe('space feed', () => {
  const OTHER = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
  const open = entryAfter([[requested(), '2026-03-01T10:00:00.000Z'], [confirmed(), '2026-03-01T10:00:01.000Z']]);
  const secret = entryAfter([
    [requested({ bookingId: OTHER, private: true, purpose: 'Board: layoffs', start: '2026-03-02T11:00:00.000Z', end: '2026-03-02T12:00:00.000Z' }), '2026-03-01T10:00:00.000Z'],
    [confirmed(1, OTHER), '2026-03-01T10:00:01.000Z'],
  ]);
  const blackout = (lifted: boolean): SpaceBlackoutEntry => {
    let b = evolveSpaceBlackout(null, { type: 'BlackoutRequested', data: {
      blackoutId: 'b-1', siteId: 'lisbon', timeZone: 'Europe/Lisbon', target: { kind: 'space', spaceId: 'room-1' },
      start: '2026-03-02T13:00:00.000Z', end: '2026-03-02T17:00:00.000Z', reason: 'Painting; no access', placement: 1, buckets: [], reservations: [],
    } }, '2026-03-01T09:00:00.000Z');
    b = evolveSpaceBlackout(b, { type: 'BlackoutDeclared', data: { blackoutId: 'b-1' } }, '2026-03-01T09:00:01.000Z');
    if (lifted) b = evolveSpaceBlackout(b, { type: 'BlackoutLifted', data: { blackoutId: 'b-1', reason: 'done early' } }, '2026-03-01T09:30:00.000Z');
    return b!;
  };
  const space = (blackouts: SpaceBlackoutEntry[]) => parse(buildSpaceFeed({
    calendarName: 'Room 1, Lisbon HQ', timeZone: 'Europe/Lisbon', place,
    bookings: [open, secret].map((entry) => ({ entry, place })), blackouts,
  }));

  it('shows a private booking as Busy only, others with their purpose, all at the room location', () => {
    const feed = space([]);
    expect(feed.calendar.getFirstPropertyValue('x-wr-calname')).toBe('Room 1, Lisbon HQ');
    expect(feed.calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Europe/Lisbon');
    const busy = feed.byUid(`booking-${OTHER}@reserva`);
    expect(value(busy, 'summary')).toBe('Busy');
    expect(value(busy, 'class')).toBe('PRIVATE');
    expect(busy.getFirstProperty('description')).toBeNull();
    expect(value(busy, 'dtstart')).toBe('2026-03-02T11:00:00Z');
    expect(value(busy, 'status')).toBe('CONFIRMED');
    expect(value(busy, 'location')).toBe(LOCATION);
    expect(buildSpaceFeed({ calendarName: 'x', timeZone: null, place, bookings: [{ entry: secret, place }], blackouts: [] })).not.toContain('layoffs');

    const visible = feed.byUid(`booking-${BOOKING_ID}@reserva`);
    expect(value(visible, 'summary')).toBe('Quarterly planning');
    expect(value(visible, 'class')).toBe('PUBLIC');
  });

  it('shows declared blackouts as Unavailable, lifted ones cancelled, in start order with the bookings', () => {
    const closed = space([blackout(false)]);
    expect(closed.events.map((e) => value(e, 'uid'))).toEqual([`booking-${BOOKING_ID}@reserva`, `booking-${OTHER}@reserva`, 'blackout-b-1@reserva']);
    const b = closed.byUid('blackout-b-1@reserva');
    expect(value(b, 'summary')).toBe('Unavailable');
    expect(value(b, 'description')).toBe('Painting; no access');
    expect(value(b, 'status')).toBe('CONFIRMED');
    expect(value(b, 'transp')).toBe('OPAQUE');
    expect(value(b, 'sequence')).toBe('0');

    const reopened = space([blackout(true)]).byUid('blackout-b-1@reserva');
    expect(value(reopened, 'status')).toBe('CANCELLED');
    expect(value(reopened, 'sequence')).toBe('1');
  });

  it('never lists a blackout that was refused or is still being placed, nor one of a pooled resource', () => {
    const placing = evolveSpaceBlackout(null, { type: 'BlackoutRequested', data: {
      blackoutId: 'b-2', siteId: 'lisbon', timeZone: 'Europe/Lisbon', target: { kind: 'space', spaceId: 'room-1' },
      start: '2026-03-02T13:00:00.000Z', end: '2026-03-02T17:00:00.000Z', reason: 'x', placement: 1, buckets: [], reservations: [],
    } }, '2026-03-01T09:00:00.000Z')!;
    const refused = evolveSpaceBlackout(placing, { type: 'BlackoutRefused', data: { blackoutId: 'b-2', reason: 'conflict', conflicts: [] } }, '2026-03-01T09:00:01.000Z')!;
    expect(space([placing, refused]).events).toHaveLength(2);
    expect(evolveSpaceBlackout(null, { type: 'BlackoutRequested', data: {
      blackoutId: 'b-3', siteId: 'lisbon', timeZone: 'Europe/Lisbon', target: { kind: 'resource', resourceId: 'projectors', quantity: 1 },
      start: '2026-03-02T13:00:00.000Z', end: '2026-03-02T17:00:00.000Z', reason: 'x', placement: 1, buckets: [], reservations: [],
    } }, '2026-03-01T09:00:00.000Z')).toBeNull();
  });
});
