import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { fromEsdbRevision, matchesFilter, serverSideFilter, toEsdbExpectedRevision } from './eventstoredb-event-store.js';

describe('EventStoreDB mapping', () => {
  it('maps expected revisions to the client constants and bigint revisions', () => {
    expect(toEsdbExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision('stream_exists')).toBe(STREAM_EXISTS);
    expect(toEsdbExpectedRevision('any')).toBe(ANY);
    expect(toEsdbExpectedRevision(0)).toBe(0n);
    expect(toEsdbExpectedRevision(41)).toBe(41n);
    expect(() => toEsdbExpectedRevision(-1)).toThrow(RangeError);
  });

  it('maps the actual revision of a conflict, -1 for a missing stream', () => {
    expect(fromEsdbRevision(NO_STREAM)).toBe(-1);
    expect(fromEsdbRevision(7n)).toBe(7);
  });

  it('filters on the server by stream prefix, else by event type, else drops system events', () => {
    expect(serverSideFilter({ streamPrefixes: ['booking-'], eventTypes: ['BookingConfirmed'] })).toMatchObject({ filterOn: 'streamName', prefixes: ['booking-'] });
    expect(serverSideFilter({ eventTypes: ['BookingConfirmed'] })).toMatchObject({ filterOn: 'eventType', prefixes: ['BookingConfirmed'] });
    expect(serverSideFilter(undefined)).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
  });

  it('matches every given list, event types exactly', () => {
    const event = { streamId: 'booking-1', type: 'BookingConfirmed' };
    expect(matchesFilter(event, undefined)).toBe(true);
    expect(matchesFilter(event, { streamPrefixes: ['schedule-', 'booking-'] })).toBe(true);
    expect(matchesFilter(event, { eventTypes: ['BookingConfirmed'] })).toBe(true);
    expect(matchesFilter(event, { eventTypes: ['Booking'] })).toBe(false);
    expect(matchesFilter({ ...event, type: 'BookingConfirmedV2' }, { eventTypes: ['BookingConfirmed'] })).toBe(false);
    expect(matchesFilter(event, { streamPrefixes: ['booking-'], eventTypes: ['BookingCancelled'] })).toBe(false);
  });
});
