import { describe, expect, it } from 'vitest';
import { calendarUid, type BookingCalendarEntry } from '../domain/booking-calendar-entry.js';
import { googleEventBody, googleEventId } from './google-calendar-event.js';
import { GoogleApiError } from './google-calendar-ports.js';
import { jitteredBackoff, outcomeOfFailure, type GoogleSyncPolicy } from './google-calendar-sync.js';

const entry = (overrides: Partial<BookingCalendarEntry> = {}): BookingCalendarEntry => ({
  bookingId: '0b7e3f52-4c1a-4d7e-9a3b-5f2c8d9e1a20',
  uid: calendarUid('0b7e3f52-4c1a-4d7e-9a3b-5f2c8d9e1a20'),
  sequence: 2,
  status: 'confirmed',
  bookerId: 'ada',
  spaceId: 'space-1',
  siteId: 'site-1',
  timeZone: 'Europe/Lisbon',
  start: '2030-01-07T09:00:00.000Z',
  end: '2030-01-07T10:00:00.000Z',
  purpose: 'Quarterly planning',
  private: false,
  createdAt: '2029-12-01T10:00:00.000Z',
  updatedAt: '2029-12-01T10:00:00.000Z',
  pendingChange: null,
  ...overrides,
});
const place = { spaceName: 'Tagus', siteName: 'Lisbon HQ', address: 'Rua Augusta 1', city: 'Lisbon' };

describe('googleEventId', () => {
  it('is the booking uuid in hex behind a prefix: base32hex, 5–1024 characters, the same every time', () => {
    const id = googleEventId('0B7E3F52-4C1A-4D7E-9A3B-5F2C8D9E1A20');
    expect(id).toBe('rsv0b7e3f524c1a4d7e9a3b5f2c8d9e1a20');
    expect(id).toMatch(/^[a-v0-9]{5,1024}$/);
    expect(googleEventId('0b7e3f52-4c1a-4d7e-9a3b-5f2c8d9e1a20')).toBe(id);
  });

  it('turns any other id into hex of its bytes, so distinct ids never meet', () => {
    expect(googleEventId('Booking_1')).toBe(`rsv${Buffer.from('Booking_1').toString('hex')}`);
    expect(googleEventId('Booking_1')).toMatch(/^[a-v0-9]{5,1024}$/);
    expect(googleEventId('booking_1')).not.toBe(googleEventId('Booking_1'));
  });
});

describe('googleEventBody', () => {
  it('shows the purpose, the place and the time in the site’s zone', () => {
    expect(googleEventBody(entry(), place, 'https://reserva.example.com')).toEqual({
      summary: 'Quarterly planning',
      location: 'Tagus, Lisbon HQ, Rua Augusta 1, Lisbon',
      description: 'Booked with Reserva: https://reserva.example.com/bookings/0b7e3f52-4c1a-4d7e-9a3b-5f2c8d9e1a20',
      start: { dateTime: '2030-01-07T09:00:00.000Z', timeZone: 'Europe/Lisbon' },
      end: { dateTime: '2030-01-07T10:00:00.000Z', timeZone: 'Europe/Lisbon' },
      status: 'confirmed',
      visibility: 'default',
      extendedProperties: { private: { reservaBookingId: '0b7e3f52-4c1a-4d7e-9a3b-5f2c8d9e1a20', reservaUid: 'booking-0b7e3f52-4c1a-4d7e-9a3b-5f2c8d9e1a20@reserva', reservaSequence: '2' } },
    });
  });

  it('names the space when there is no purpose, marks unconfirmed bookings tentative and private ones private', () => {
    const body = googleEventBody(entry({ purpose: '  ', status: 'tentative', private: true }), place, 'http://localhost:3000');
    expect(body).toMatchObject({ summary: 'Booking: Tagus', status: 'tentative', visibility: 'private' });
    expect(body.description).toMatch(/^Not confirmed yet\. /);
  });

  it('leaves the location out until the catalog events have been seen', () => {
    const body = googleEventBody(entry({ purpose: '' }), { spaceName: null, siteName: null, address: null, city: null }, 'http://localhost:3000');
    expect(body.location).toBeUndefined();
    expect(body.summary).toBe('Reserva booking');
  });
});

describe('what a failed push means', () => {
  const policy: GoogleSyncPolicy = { maxAttempts: 4, backoff: { initialMs: 1_000, maxMs: 60_000 } };
  const half = () => 0.5;

  it('backs off exponentially with jitter between half and all of the step, up to the cap', () => {
    expect([0, 1, 2, 10].map((n) => jitteredBackoff(policy.backoff, n, () => 0))).toEqual([500, 1_000, 2_000, 30_000]);
    expect([0, 1, 2, 10].map((n) => jitteredBackoff(policy.backoff, n, () => 0.999999))).toEqual([1_000, 2_000, 4_000, 60_000]);
  });

  it('retries throttling, outages and our own failures, honouring Retry-After', () => {
    expect(outcomeOfFailure(new GoogleApiError('throttled', 'Google answered 429', 7_000), 0, policy, half)).toEqual({ kind: 'retry', error: 'Google answered 429', delayMs: 7_000 });
    expect(outcomeOfFailure(new GoogleApiError('throttled', 'Google answered 503'), 1, policy, half)).toEqual({ kind: 'retry', error: 'Google answered 503', delayMs: 1_500 });
    expect(outcomeOfFailure(new GoogleApiError('unauthorized', 'Google answered 401'), 0, policy, half).kind).toBe('retry');
    expect(outcomeOfFailure(new Error('connection terminated'), 0, policy, half).kind).toBe('retry');
  });

  it('gives up after the last attempt, at once on a refusal, and stops on invalid_grant', () => {
    expect(outcomeOfFailure(new GoogleApiError('throttled', 'Google answered 503'), 3, policy, half)).toEqual({ kind: 'failed', error: 'gave up after 4 tries: Google answered 503' });
    expect(outcomeOfFailure(new GoogleApiError('rejected', 'Google answered 400: Invalid resource id value.'), 0, policy, half)).toEqual({ kind: 'failed', error: 'Google answered 400: Invalid resource id value.' });
    expect(outcomeOfFailure(new GoogleApiError('invalid_grant', 'revoked'), 0, policy, half)).toEqual({ kind: 'access_revoked', error: 'revoked' });
  });
});
